import { Args, Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { delegateCallFlags, safeFlags } from '../../cli/flags/groups.js'

import type { importProposal } from '../../safe/import.js'

/** JSON of `vault safe import`: the proposal written from the imported batch or transaction. */
export type SafeImportResult = Awaited<ReturnType<typeof importProposal>>

export default class SafeImport extends VaultCommand<SafeImportResult> {
  static override summary = 'Make a proposal from a Transaction Builder batch or a protocol-kit transaction JSON.'
  static override description =
    `Transaction Builder batch ({version, chainId, createdAt, meta, transactions}): its chainId must be the chain the command targets (PROPOSAL_WRONG_CHAIN) and its checksum the Builder's (IMPORT_CHECKSUM_MISMATCH, --ignore-checksum to accept a changed file); entries given as contractMethod + contractInputsValues are encoded. The calls become one proposal (a MultiSendCallOnly batch when several) at the next free nonce.
protocol-kit transaction ({data: {to, value, data, operation, safeTxGas, baseGas, gasPrice, gasToken, refundReceiver, nonce}, signatures?} or api-kit's {safeAddress, safeTransactionData, safeTxHash, senderAddress, senderSignature}): proposed with exactly its fields and nonce; each signature it carries is checked (an owner, over this safeTxHash) and added. Gas refund fields are refused (IMPORT_UNSUPPORTED); a top-level DELEGATECALL to anything but MultiSend too (PROPOSAL_DELEGATECALL, --allow-delegatecall).
Either way the transaction is simulated from the Safe (revert: exit 5, nothing written), confirmed (--yes to skip) and written to the proposals folder.
Exit codes: 0 written · 3 bad file, wrong chain or Safe, bad checksum or signature · 4 chain unreachable · 5 would revert.
JSON: {format, mode, file, safe, safeTxHash, nonce, threshold, signatures, warnings}`
  static override examples = [
    '<%= config.bin %> safe import batch-from-the-app.json',
    '<%= config.bin %> safe import protocol-kit-tx.json --chain 651940 --yes --json',
  ]
  static override args = { file: Args.string({ description: 'The JSON file to import', required: true }) }
  static override flags = {
    ...chainFlags,
    ...safeFlags,
    ...delegateCallFlags,
    description: Flags.string({ description: 'What this is for (default: the batch name and description).' }),
    'ignore-checksum': Flags.boolean({ description: 'Accept a Transaction Builder batch whose checksum differs.' }),
    yes: Flags.boolean({ char: 'y', description: 'Skip the confirmation prompt.' }),
  }

  async run(): Promise<SafeImportResult> {
    const { args, flags } = await this.parse(SafeImport)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags)
    const { importProposal, readImport } = await import('../../safe/import.js')
    const { safeSession } = await import('../../safe/target.js')
    const { confirmPlan } = await import('../../cli/prompt.js')
    const res = await importProposal(safeSession(ctx, flags), {
      chainId: ctx.chainId,
      json: await readImport(args.file),
      description: flags.description,
      allowDelegateCall: flags['allow-delegatecall'],
      ignoreChecksum: flags['ignore-checksum'],
      confirm: (summary) => confirmPlan(summary, { yes: flags.yes, json }),
    })
    const { renderProposed } = await import('../../cli/render/tx.js')
    this.out(renderProposed(res))
    return res
  }
}
