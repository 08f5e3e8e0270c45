import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { AdminResult } from '../../stabilizer/admin.js'

export type { AdminResult }

export default class StabilizerPause extends VaultCommand {
  static override summary =
    "Stop every stabilizer execution and mesh rebalance at once (the guardian's key, or the Safe)."
  static override description =
    `pause() may be sent by the guardian (one key: the fastest stop) or the owner. Refuses when already paused (STABILIZER_ALREADY_PAUSED); a key that is neither guardian nor owner is refused by the simulation (exit 5), nothing sent. Unpausing needs the owner (vault stabilizer unpause --safe).\nJSON: {chainId, stabilizer, change: {paused: true}, proposal? | sent?}`
  static override examples = [
    'VAULT_PRIVATE_KEY=$GUARDIAN_KEY <%= config.bin %> stabilizer pause --yes',
    '<%= config.bin %> stabilizer pause --chain 651940 --safe',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
  }

  async run(): Promise<AdminResult> {
    const { flags } = await this.parse(StabilizerPause)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { resolveRoute } = await import('../../tx/route.js')
    const route = await resolveRoute(flags, ctx, json)
    const { confirmPlan } = await import('../../cli/prompt.js')
    const { performAdmin } = await import('../../stabilizer/admin.js')
    const res = await performAdmin(await ctx.client(id), ctx.chainSettings(id), { kind: 'pause' }, route, (s) =>
      confirmPlan(s, { yes: flags.yes, json }),
    )
    const { renderAdmin } = await import('../../cli/render/stabilizer-registry.js')
    this.out(renderAdmin(res))
    return res
  }
}
