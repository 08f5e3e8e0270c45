import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { AdminResult } from '../../stabilizer/admin.js'

export type { AdminResult }

export default class StabilizerUnpause extends VaultCommand {
  static override summary = 'Resume the Stabilizer after a pause (the owner only: propose it to the Safe).'
  static override description =
    `unpause() is owner-only: the guardian can stop the Stabilizer but never restart it. Refuses when it is not paused (STABILIZER_NOT_PAUSED); any other key is refused by the simulation (exit 5), nothing sent.\nJSON: {chainId, stabilizer, change: {paused: false}, proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> stabilizer unpause --safe',
    '<%= config.bin %> stabilizer unpause --chain 651940 --safe --yes --json',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
  }

  async run(): Promise<AdminResult> {
    const { flags } = await this.parse(StabilizerUnpause)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { resolveRoute } = await import('../../tx/route.js')
    const route = await resolveRoute(flags, ctx, json)
    const { confirmPlan } = await import('../../cli/prompt.js')
    const { performAdmin } = await import('../../stabilizer/admin.js')
    const res = await performAdmin(await ctx.client(id), ctx.chainSettings(id), { kind: 'unpause' }, route, (s) =>
      confirmPlan(s, { yes: flags.yes, json }),
    )
    const { renderAdmin } = await import('../../cli/render/stabilizer-registry.js')
    this.out(renderAdmin(res))
    return res
  }
}
