import type { Address } from 'viem'
import { VaultError } from '../core/errors.js'
import { SAFE_141 } from './deploy.js'
import { decodeMultiSend } from './multisend.js'
import type { SafeTx } from './safe-tx.js'

/** DELEGATECALLs in a proposal: what signers are warned of, and what is refused outright. */

const isMultiSendTarget = (to: Address) => to === SAFE_141.MultiSend || to === SAFE_141.MultiSendCallOnly

/**
 * Warnings a signer should see: a DELEGATECALL gives its target full control of the Safe. A top-level one to
 * anything but MultiSend is refused outright (see `assertDelegateCallAllowed`); one inside a MultiSend batch is
 * named here, call by call.
 */
export function proposalWarnings(p: Pick<SafeTx, 'to' | 'operation'> & Partial<Pick<SafeTx, 'data'>>): string[] {
  if (p.operation !== 1) return []
  if (!isMultiSendTarget(p.to)) {
    return [
      `DELEGATECALL to ${p.to}, which is not MultiSend/MultiSendCallOnly: that code runs with the Safe's full authority`,
    ]
  }
  let inner: ReturnType<typeof decodeMultiSend> = []
  try {
    inner = p.data ? decodeMultiSend(p.data) : []
  } catch {
    return []
  }
  return inner.flatMap((c, i) =>
    c.operation === 1
      ? [
          `call #${i + 1} of the MultiSend batch is a DELEGATECALL to ${c.to}: that code runs with the Safe's full authority`,
        ]
      : [],
  )
}

/**
 * Refuse (PROPOSAL_DELEGATECALL, exit 3) to sign, approve or execute a top-level DELEGATECALL to anything but the
 * known MultiSend contracts, unless the operator said so explicitly (`--allow-delegatecall`); `--yes` is not enough.
 */
export function assertDelegateCallAllowed(p: Pick<SafeTx, 'to' | 'operation'>, allow = false): void {
  if (p.operation !== 1 || isMultiSendTarget(p.to) || allow) return
  throw new VaultError(
    'PROPOSAL_DELEGATECALL',
    `Refusing a DELEGATECALL to ${p.to}: only MultiSend batches are delegatecalled by vault`,
    {
      details: `that code would run with the Safe's full authority (MultiSend is ${SAFE_141.MultiSend}, MultiSendCallOnly ${SAFE_141.MultiSendCallOnly})`,
      hints: ['Check who made this proposal and why. If you audited the target, pass --allow-delegatecall.'],
    },
  )
}
