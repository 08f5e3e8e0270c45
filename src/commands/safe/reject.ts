import { Args, Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { safeFlags } from '../../cli/flags/groups.js'

import type { rejectNonce } from '../../safe/reject.js'

/** JSON of `vault safe reject`: the empty transaction proposed at the nonce. */
export type SafeRejectResult = Awaited<ReturnType<typeof rejectNonce>>

export default class SafeReject extends VaultCommand<SafeRejectResult> {
  static override summary = 'Propose the rejection of a queued nonce (a 0-value call from the Safe to itself).'
  static override description =
    `Cancels whatever is queued at <nonce> the way the Safe web app does: a proposal at that nonce that calls the Safe itself with value 0 and no data. Once owners sign and execute it, the Safe's nonce moves past it and every other proposal at that nonce becomes unexecutable. Simulated from the Safe, then a confirmation (--yes to skip), then the proposal file is written; nothing is signed (owners run \`vault safe sign\`).
Exit codes: 0 written · 3 a nonce the Safe already used, bad input · 4 chain unreachable.
JSON: {mode, file, safe, safeTxHash, nonce, threshold, warnings}`
  static override examples = [
    '<%= config.bin %> safe reject 7',
    '<%= config.bin %> safe reject 7 --chain 651940 --yes --json',
  ]
  static override args = { nonce: Args.string({ description: 'The Safe nonce to cancel', required: true }) }
  static override flags = {
    ...chainFlags,
    ...safeFlags,
    description: Flags.string({ description: 'What this is for (shown to signers).' }),
    yes: Flags.boolean({ char: 'y', description: 'Skip the confirmation prompt.' }),
  }

  async run(): Promise<SafeRejectResult> {
    const { args, flags } = await this.parse(SafeReject)
    const json = this.jsonEnabled()
    const { VaultError } = await import('../../core/errors.js')
    if (!/^(0|[1-9][0-9]*)$/.test(args.nonce) || BigInt(args.nonce) >= 2n ** 256n)
      throw new VaultError('NUMBER_INVALID', 'The nonce must be a whole number', { field: 'nonce' })
    const ctx = await this.context(flags)
    const { safeSession } = await import('../../safe/target.js')
    const { rejectNonce } = await import('../../safe/reject.js')
    const { confirmPlan } = await import('../../cli/prompt.js')
    const res = await rejectNonce(safeSession(ctx, flags), {
      chainId: ctx.chainId,
      nonce: BigInt(args.nonce),
      description: flags.description,
      confirm: (summary) => confirmPlan(summary, { yes: flags.yes, json }),
    })
    const { renderProposed } = await import('../../cli/render/tx.js')
    this.out(renderProposed(res))
    return res
  }
}
