import { type Address, encodeFunctionData } from 'viem'
import { stabilizerAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import type { ChainDeployment } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { stabilizerOf } from '../stabilizer/check.js'
import { type Action, type Route, sentSummary } from '../tx/call.js'
import { perform } from '../tx/perform.js'

/** setKeeper(keeper, allowed) on the profile's Stabilizer (an owner call: normally proposed to the Safe). */
export function setKeeperAction(
  chain: ChainDeployment,
  { keeper, allowed }: { keeper: Address; allowed: boolean },
): Action {
  const stabilizer = stabilizerOf(chain)
  return {
    chainId: chain.chainId,
    to: stabilizer,
    data: encodeFunctionData({ abi: stabilizerAbi, functionName: 'setKeeper', args: [keeper, allowed] }),
    description: `Stabilizer.setKeeper(${keeper}, ${allowed})`,
    abis: [stabilizerAbi],
  }
}

/** Allow or disallow a keeper through the spine; when sent, `isKeeper` is read back. */
export async function setKeeper(
  client: VaultClient,
  opts: { keeper: Address; allowed: boolean; route: Route; confirm: (summary: string) => Promise<void> },
) {
  const action = setKeeperAction(client, opts)
  const done = await perform(client, {
    actions: [action],
    route: opts.route,
    confirm: opts.confirm,
    verify: async (d) => {
      if (!d.sent) return
      const now = await client.readContract({
        address: action.to,
        abi: stabilizerAbi,
        functionName: 'isKeeper',
        args: [opts.keeper],
      })
      if (now !== opts.allowed) {
        throw new VaultError('VERIFY_FAILED', `isKeeper(${opts.keeper}) is ${now} after the transaction`, {
          data: { txHash: d.sent[0].txHash },
        })
      }
    },
  })
  return {
    chainId: client.chainId,
    stabilizer: action.to,
    keeper: opts.keeper,
    allowed: opts.allowed,
    description: action.description,
    proposal: done.proposal,
    sent: done.sent && sentSummary(done.sent[0]),
  }
}
