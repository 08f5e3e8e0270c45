import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { safeFlags } from '../../cli/flags/groups.js'

import type { TxBuilderBatch } from '../../safe/tx-builder.js'

/** JSON of `vault safe export`: the Transaction Builder batch, or with --out what was written. */
export type SafeExportResult = TxBuilderBatch | SafeExportWritten

/** With --out: the file written, its checksum, the number of calls, and the notice. */
export interface SafeExportWritten {
  out: string
  checksum: TxBuilderBatch['meta']['checksum']
  transactions: number
  notice: string
}

export default class SafeExport extends VaultCommand<SafeExportResult> {
  static override summary = 'Export proposals as a Safe Transaction Builder batch (JSON with its checksum).'
  static override description =
    `For owners who sign in the Safe web app: the calls of the given proposals (a MultiSend batch is unpacked into its calls) in the Transaction Builder's file format, checksummed. The export is a separate Safe transaction: the app batches the calls itself, at its own next nonce, so the owners sign it again there and the proposal's own signatures do not carry over (the batch's description says so). A proposal whose nonce the Safe already used (executed, or replaced) is refused (PROPOSAL_EXECUTED, exit 3): the app would run its calls a second time; --allow-executed overrides. All proposals must be for the same chain and Safe; DELEGATECALLs cannot be exported.
Without --out the batch is printed to stdout.
JSON: the batch ({version, chainId, createdAt, meta: {name, description?, createdFromSafeAddress, checksum}, transactions: [{to, value, data, contractMethod, contractInputsValues}]}), or {out, checksum, transactions, notice} with --out`
  static override examples = [
    '<%= config.bin %> safe export proposals/138-0xSafe…-n3-0x1234abcd.json --out batch.json',
    '<%= config.bin %> safe export a.json b.json --name "stabilizer retune" > batch.json',
  ]
  static override strict = false
  static override flags = {
    ...chainFlags,
    ...safeFlags,
    out: Flags.string({ char: 'o', description: 'Write the batch to this file.' }),
    'allow-executed': Flags.boolean({
      description: 'Export a proposal whose nonce the Safe already used (the app would run its calls again).',
    }),
    name: Flags.string({ description: 'Batch name shown in the app.', default: 'vault proposals' }),
  }

  async run(): Promise<SafeExportResult> {
    const { flags, argv } = await this.parse(SafeExport)
    const { VaultError } = await import('../../core/errors.js')
    if (argv.length === 0) throw new VaultError('ARG_MISSING', 'Name at least one proposal file (or safeTxHash)')
    const ctx = await this.context(flags)
    const { openProposal } = await import('../../safe/open.js')
    const { safeSession } = await import('../../safe/target.js')
    const s = safeSession(ctx, flags)
    const opened = []
    for (const ref of argv as string[]) opened.push(await openProposal(s, ref))
    const { exportNotice, toTransactionBuilder } = await import('../../safe/tx-builder.js')
    const { assertNotExecuted } = await import('../../safe/guard.js')
    for (const o of opened) await assertNotExecuted(o.client, o.proposal, flags['allow-executed'])
    const proposals = opened.map((o) => o.proposal)
    const notice = exportNotice(proposals)
    this.note(notice)
    const description = [...proposals.map((p) => p.description).filter(Boolean), notice].join('; ')
    const batch = toTransactionBuilder(proposals, { name: flags.name, description })
    const text = `${JSON.stringify(batch, null, 2)}\n`
    if (!flags.out) {
      if (!this.jsonEnabled()) process.stdout.write(text)
      return batch
    }
    const { writeOutput } = await import('../../config/output-file.js')
    await writeOutput(flags.out, text, 'out')
    this.out(`Wrote ${batch.transactions.length} call(s) to ${flags.out} (checksum ${batch.meta.checksum})`)
    return { out: flags.out, checksum: batch.meta.checksum, transactions: batch.transactions.length, notice }
  }
}
