import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { safeFlags } from '../../cli/flags/groups.js'
import { uintFlag } from '../../cli/flags/parsers.js'

import type { proposeCalls } from '../../safe/calls.js'

/** JSON of `vault safe propose`: the proposal written (and pushed). */
export type SafeProposeResult = Awaited<ReturnType<typeof proposeCalls>>

export default class SafePropose extends VaultCommand<SafeProposeResult> {
  static override summary = 'Write a Safe proposal file for a call (or a MultiSend batch) for the owners to sign.'
  static override description =
    `The call is given as --data <hex> or --call "<signature>" followed by its arguments (integers in base units, tuples and arrays as JSON). --batch <file.json> takes an array of {to, value?, data? | call, args?} and batches them atomically through MultiSendCallOnly. Each call is simulated from the Safe first (revert: exit 5, nothing written). The nonce is the next free one after the Safe's and the queued files' (or --nonce; a used nonce is exit 3). Nothing is signed: owners run \`vault safe sign <file>\`.
Exit codes: 0 written · 3 bad input · 4 chain unreachable · 5 a call would revert.
JSON: {mode, file, safe, safeTxHash, nonce, threshold, warnings}`
  static override examples = [
    '<%= config.bin %> safe propose --to 0xStabilizer… --call "setKeeper(address,bool)" 0xKeeper… true',
    '<%= config.bin %> safe propose --to 0xToken… --data 0xa9059cbb… --description "pay the auditor"',
    '<%= config.bin %> safe propose --batch calls.json --chain 651940 --yes --json',
  ]
  static override strict = false
  static override flags = {
    ...chainFlags,
    ...safeFlags,
    to: Flags.string({ description: 'Target contract.', exclusive: ['batch'] }),
    data: Flags.string({ description: 'Raw call data (0x hex).', exclusive: ['call', 'batch'] }),
    call: Flags.string({ description: 'Function signature, e.g. "setKeeper(address,bool)"; arguments follow.' }),
    value: Flags.string({ description: 'Native value in wei.', default: '0' }),
    batch: Flags.string({ description: 'JSON file with the calls of a MultiSend batch.' }),
    description: Flags.string({ description: 'What this is for (shown to signers).' }),
    nonce: uintFlag({ description: 'Safe nonce (default: next free).' }),
    yes: Flags.boolean({ char: 'y', description: 'Skip the confirmation prompt.' }),
  }

  async run(): Promise<SafeProposeResult> {
    const { flags, argv } = await this.parse(SafePropose)
    const json = this.jsonEnabled()
    const { VaultError } = await import('../../core/errors.js')
    if (!flags.batch && !flags.to) throw new VaultError('FLAG_MISSING', 'Missing --to (or --batch <file.json>)')
    const ctx = await this.context(flags)
    const { safeSession } = await import('../../safe/target.js')
    const { proposeCalls, readBatchFile } = await import('../../safe/calls.js')
    const specs = flags.batch
      ? await readBatchFile(flags.batch)
      : [{ to: flags.to as string, value: flags.value, data: flags.data, call: flags.call, args: argv as string[] }]
    const { confirmPlan } = await import('../../cli/prompt.js')
    const res = await proposeCalls(safeSession(ctx, flags), {
      chainId: ctx.chainId,
      specs,
      description: flags.description,
      nonce: flags.nonce,
      confirm: (summary) => confirmPlan(summary, { yes: flags.yes, json }),
    })
    const { renderProposed } = await import('../../cli/render/tx.js')
    this.out(renderProposed(res))
    return res
  }
}
