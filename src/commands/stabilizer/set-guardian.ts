import { Args } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { AdminResult } from '../../stabilizer/admin.js'

export type { AdminResult }

export default class StabilizerSetGuardian extends VaultCommand {
  static override summary = 'Name the guardian: the one key that can pause the Stabilizer at once.'
  static override description =
    `Refuses a guardian that is not allowed (GUARDIAN_NOT_ALLOWED): the zero address, the Stabilizer itself, or a contract (the guardian pauses with one key, in one transaction). Through the Safe (--safe) or the owner key.\nJSON: {chainId, stabilizer, change: {guardian, previous}, proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> stabilizer set-guardian 0xGuardian… --safe',
    '<%= config.bin %> stabilizer set-guardian 0xGuardian… --chain 651940 --safe --yes --json',
  ]
  static override args = {
    guardian: Args.string({ description: 'Guardian address (a key, not a contract)', required: true }),
  }
  static override flags = {
    ...chainFlags,
    ...routeFlags,
  }

  async run(): Promise<AdminResult> {
    const { args, flags } = await this.parse(StabilizerSetGuardian)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { resolveRoute } = await import('../../tx/route.js')
    const route = await resolveRoute(flags, ctx, json)
    const { confirmPlan } = await import('../../cli/prompt.js')
    const { performAdmin } = await import('../../stabilizer/admin.js')
    const res = await performAdmin(
      await ctx.client(id),
      ctx.chainSettings(id),
      { kind: 'set-guardian', guardian: args.guardian },
      route,
      (s) => confirmPlan(s, { yes: flags.yes, json }),
    )
    const { renderAdmin } = await import('../../cli/render/stabilizer-registry.js')
    this.out(renderAdmin(res))
    return res
  }
}
