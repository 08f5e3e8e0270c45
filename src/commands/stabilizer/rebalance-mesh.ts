import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { runRebalanceMesh } from '../../stabilizer/mesh.js'

/** JSON of `vault stabilizer rebalance-mesh`. */
export type StabilizerRebalanceMeshResult = Awaited<ReturnType<typeof runRebalanceMesh>>

export default class StabilizerRebalanceMesh extends VaultCommand<StabilizerRebalanceMeshResult> {
  static override summary = 'Reset a private XAU leg to the oracle cross rate: rebalanceMesh(leg).'
  static override description =
    `Reads the leg's gap to the oracle cross rate from the Stabilizer (meshGap) and, when it is more than θ (the chain-wide meshThresholdBps) off, calls rebalanceMesh(leg): the leg's i is set to the cross rate and its targets re-based to its reserves, so its mid price equals the cross rate. For drift from other causes than a correction (a correction resets the legs it trades through by itself), e.g. an oracle move.
The call is simulated (from the Safe with --safe, else from the keeper key), confirmed (--yes to skip), then proposed to the Safe or sent; the contract refuses while paused, above the gas cap or on a stale oracle price (exit 5, reason shown).
Exit codes: 0 proposed/sent · 2 the leg is within θ (nothing sent) · 3 unknown leg · 4 chain · 5 the call would revert.
JSON: {chainId, stabilizer, leg, pair, midPrice, crossRate, gapBps, thresholdBps, paused, after?: {midPrice, crossRate, gapBps}, proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> stabilizer rebalance-mesh --leg cUSDT/cXAUC --keystore keeper.json',
    '<%= config.bin %> stabilizer rebalance-mesh --leg cEURT --chain 651940 --safe --yes --json',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    leg: Flags.string({ description: 'The leg: TOKEN/cXAUC, the token symbol, or the leg address.', required: true }),
  }

  async run(): Promise<StabilizerRebalanceMeshResult> {
    const { flags } = await this.parse(StabilizerRebalanceMesh)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { route, confirm } = await this.writeRoute(flags, ctx)
    const { runRebalanceMesh } = await import('../../stabilizer/mesh.js')
    const res = await runRebalanceMesh(await ctx.client(id), {
      leg: flags.leg,
      route,
      confirm,
    })
    const { renderRebalanceMesh } = await import('../../cli/render/stabilizer.js')
    this.out(renderRebalanceMesh(res))
    return res
  }
}
