import { Args } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { delegateCallFlags, safeFlags, signerFlags, txFlags } from '../../cli/flags/groups.js'
import { gweiFlag } from '../../cli/flags/parsers.js'

import type { ExecuteResult } from '../../safe/execute.js'

/** JSON of `vault safe execute`: the transaction, its gas, and the events decoded. */
export type SafeExecuteResult = ExecuteResult

export default class SafeExecute extends VaultCommand<SafeExecuteResult> {
  static override summary = 'Execute a proposal once enough owners have signed or approved it.'
  static override description =
    `Collects the file's signatures (plus the Transaction Service's, when one is set), on-chain approveHash approvals and the executor's own approval when the executor is an owner; refuses a top-level DELEGATECALL to anything but MultiSend (PROPOSAL_DELEGATECALL, exit 3, even with --yes; --allow-delegatecall overrides); checks the threshold, the nonce (must be the Safe's next) and the gas price against --max-gas-price or the profile's stabilizer.maxGasPriceGwei; simulates execTransaction from the executor, asks for confirmation (--yes to skip), sends it and decodes the events.
The executor key (--private-key, VAULT_PRIVATE_KEY or --keystore) pays the gas; it need not be an owner.
Exit codes: 0 executed · 2 gas price above the cap, or an earlier nonce is pending · 3 below threshold or a bad file · 4 chain unreachable · 5 the transaction would revert or reverted (with the reason).
JSON: {safe, safeTxHash, nonce, transactionHash, blockNumber, gasUsed, effectiveGasPrice, signers, events, warnings}`
  static override examples = [
    'VAULT_PRIVATE_KEY=0x… <%= config.bin %> safe execute proposals/138-0xSafe…-n3-0x1234abcd.json --yes',
    '<%= config.bin %> safe execute 0x<safeTxHash> --tx-service https://safe-tx.example.org/api --keystore keeper.json',
  ]
  static override args = { proposal: Args.string({ description: 'Proposal file or safeTxHash', required: true }) }
  static override flags = {
    ...chainFlags,
    ...safeFlags,
    ...signerFlags,
    ...delegateCallFlags,
    ...txFlags,
    'max-gas-price': gweiFlag({
      description: 'Refuse above this gas price, in gwei (default: profile stabilizer.maxGasPriceGwei).',
    }),
  }

  async run(): Promise<SafeExecuteResult> {
    const { args, flags } = await this.parse(SafeExecute)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags)
    const { safeSession } = await import('../../safe/target.js')
    const { openWithServiceSignatures } = await import('../../safe/open.js')
    const { proposal: p, ...opened } = await openWithServiceSignatures(safeSession(ctx, flags), args.proposal)
    const { txOptions } = await import('../../tx/route.js')
    const tx = txOptions(flags)
    const { resolveAccount } = await import('../../tx/signer.js')
    const account = await resolveAccount(flags, { json })
    const { checkOnChainHash } = await import('../../safe/hash-check.js')
    await checkOnChainHash(opened.client, p)
    const { formatGwei, parseGwei } = await import('viem')
    const { executeProposal } = await import('../../safe/execute.js')
    const { KNOWN_ABIS } = await import('../../safe/known-abis.js')
    const { confirmAction } = await import('../../cli/prompt.js')
    const res = await executeProposal(opened.client, {
      wallet: opened.client.wallet(account),
      proposal: p,
      maxGasPrice: flags['max-gas-price'] ?? parseGwei(String(ctx.profile.stabilizer.maxGasPriceGwei)),
      abis: KNOWN_ABIS,
      allowDelegateCall: flags['allow-delegatecall'],
      tx,
      beforeSend: (i) =>
        confirmAction(
          `Execute Safe ${p.safe} nonce ${p.nonce} (${p.decoded?.method ?? p.to}) signed by ${i.signers.join(', ')};\n` +
            `gas ~${i.gas} at ${formatGwei(i.gasPrice)} gwei, sent from ${i.executor}. Proceed?`,
          { yes: flags.yes, json },
        ),
    })
    const { renderExecuted } = await import('../../cli/render/safe.js')
    this.out(renderExecuted(res))
    return res
  }
}
