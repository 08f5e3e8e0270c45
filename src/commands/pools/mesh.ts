import { Args, Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { MeshReport } from '../../pools/mesh.js'

export type { MeshReport }

export default class PoolsMesh extends VaultCommand {
  static override summary = 'The private XAU-anchored mesh: each leg judged against the oracle cross rate, and parity.'
  static override description =
    `show (default): each token's private pool against cXAUC with its gap from the oracle cross rate (token/XAU), judged against θ (--threshold, default the profile's stabilizer.thresholdBps), and for every token pair the price TokenA → XAU → TokenB next to the direct public pool (or the oracle peg when there is none), with the parity gap in bps.
create: creates the missing private pools (allowlisting the stabilizer) through the integration, with a key or --safe.
Exit (show): 0 every leg within θ · 2 a leg more than θ off the oracle cross rate (or without an oracle rate) · 3 bad input · 4 chain.
JSON (show): {chainId, thresholdBps, ok, legs: [{token, pool, midPrice, peg, pegDeviationBps, withinBand}], parity: [{pair, triangulated, direct?, peg?, parityGapBps, against}], missing}`
  static override examples = [
    '<%= config.bin %> pools mesh',
    '<%= config.bin %> pools mesh --chain 651940 --threshold 5 --json || page-oncall',
    '<%= config.bin %> pools mesh create --safe',
  ]
  static override args = {
    action: Args.string({ options: ['show', 'create'], default: 'show', description: 'show or create' }),
  }
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    k: Flags.string({ description: 'k for new private pools.', default: '0.1' }),
    fee: Flags.string({ description: 'LP fee percent for new private pools.', default: '0.03' }),
    threshold: Flags.integer({
      description: 'θ for the legs, bps (default: profile stabilizer.thresholdBps).',
      min: 0,
    }),
  }

  async run() {
    const { args, flags } = await this.parse(PoolsMesh)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const client = await ctx.client(id)
    const { meshView } = await import('../../pools/mesh.js')
    const view = await meshView(client, ctx.chainSettings(id), {
      thresholdBps: flags.threshold ?? ctx.profile.stabilizer.thresholdBps,
    })
    if (args.action === 'create') {
      const { createMesh } = await import('../../pools/mesh-flow.js')
      const { confirmPlan } = await import('../../cli/prompt.js')
      const { resolveRoute } = await import('../../tx/route.js')
      const route = await resolveRoute(flags, ctx, this.jsonEnabled())
      const res = await createMesh(client, ctx.chainSettings(id), view.missing, flags, route, (s) =>
        confirmPlan(s, { yes: flags.yes, json: this.jsonEnabled() }),
      )
      this.out(res.message)
      return res
    }
    const { renderMesh } = await import('../../cli/render/pools.js')
    if (!this.jsonEnabled()) this.out(await renderMesh(view))
    if (!view.ok) this.setExit('condition')
    const { legInfo: _info, ...data } = view
    return data satisfies MeshReport
  }
}
