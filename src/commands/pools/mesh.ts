import { Args, Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import { VaultError } from '../../core/errors.js'
import type { MeshReport } from '../../pools/mesh.js'
import type { MeshCreateResult } from '../../pools/mesh-flow.js'

export type { MeshCreateResult, MeshReport }

/** JSON of `vault pools mesh`: the report, or with --create the created legs. */
export type PoolsMeshResult = MeshReport | MeshCreateResult

export default class PoolsMesh extends VaultCommand<PoolsMeshResult> {
  static override summary = 'The private XAU-anchored mesh: each leg judged against the oracle cross rate, and parity.'
  static override description =
    `show (default): each token's private pool against cXAUC with its gap from the oracle cross rate (token/XAU), judged against θ (--threshold, default the profile's stabilizer.meshThresholdBps, the θ the Stabilizer's rebalanceMesh and the keeper use), and for every token pair the price TokenA → XAU → TokenB next to the direct public pool (or the oracle peg when there is none), with the parity gap in bps.
create: every mesh token gets its private leg against cXAUC, seeded at the oracle cross rate (a leg is priced as a DODO private pool: it opens at mid = i = the cross rate), the Stabilizer made its admin (it resets the leg after corrections) and set in its mesh (setMesh). With --safe one MultiSend batch per chain, all or nothing; with a key, transactions in order after the whole sequence was simulated. --chain all does both chains after one confirmation. Existing legs get only the steps they lack (a re-run completes an earlier one); legs on chain are recorded in the profile (chains.<id>.privatePools).
Exit (show): 0 every leg within θ · 2 a leg more than θ off the oracle cross rate (or without an oracle rate) · 3 bad input · 4 chain.
JSON (show): {chainId, thresholdBps, ok, legs: [{token, pool, midPrice, peg, pegDeviationBps, withinBand}], parity: [{pair, triangulated, direct?, peg?, parityGapBps, against}], missing}.
JSON (create): {legs: [{chainId, token, pool, i, baseAmount, quoteAmount, midPrice, oraclePrice, offPegBps, status: created|proposed|exists, steps: [create|seed|admin|mesh], recorded, txHash?}], proposals: [...], warnings: [...]}`
  static override examples = [
    '<%= config.bin %> pools mesh',
    '<%= config.bin %> pools mesh --chain 651940 --threshold 5 --json || page-oncall',
    '<%= config.bin %> pools mesh create --base-amount 1000000 --chain all --safe',
  ]
  static override args = {
    action: Args.string({ options: ['show', 'create'], default: 'show', description: 'show or create' }),
  }
  static override flags = {
    ...chainFlags,
    chain: Flags.string({
      description: 'Chain to use; create also takes all (both chains).',
      options: ['138', '651940', 'all'],
      helpGroup: 'CHAIN',
    }),
    ...routeFlags,
    'base-amount': Flags.string({
      description: 'create: tokens each new leg is seeded with (cXAUC side: equal value).',
    }),
    'accept-off-peg': Flags.boolean({
      description: 'create: go on when a leg would open more than θ off the cross rate.',
    }),
    k: Flags.string({ description: 'k for new private pools.', default: '0.1' }),
    fee: Flags.string({ description: 'LP fee percent for new private pools.', default: '0.03' }),
    threshold: Flags.integer({
      description: 'θ for the legs, bps (default: profile stabilizer.meshThresholdBps).',
      min: 0,
    }),
  }

  async run(): Promise<PoolsMeshResult> {
    const { args, flags } = await this.parse(PoolsMesh)
    const json = this.jsonEnabled()
    const all = flags.chain === 'all'
    if (all && args.action !== 'create')
      throw new VaultError('USAGE', '--chain all is for `pools mesh create`; show one chain at a time', {
        field: 'chain',
      })
    const ctx = await this.context({ ...flags, chain: all ? undefined : flags.chain }, { oneChain: !all })
    const thresholdBps = flags.threshold ?? ctx.profile.stabilizer.meshThresholdBps
    if (args.action === 'create') {
      const { createMesh } = await import('../../pools/mesh-flow.js')
      const { route, confirm } = await this.writeRoute(flags, ctx)
      const res = await createMesh(
        {
          chains: all ? [138, 651940] : [ctx.chainId],
          client: ctx.client,
          profileName: ctx.profileName,
          profile: ctx.profile,
        },
        {
          k: flags.k,
          fee: flags.fee,
          baseAmount: flags['base-amount'],
          thresholdBps: BigInt(thresholdBps),
          acceptOffPeg: flags['accept-off-peg'],
          route,
          confirm,
          onStep: (line) => this.note(line),
        },
      )
      const { renderMeshCreated } = await import('../../cli/render/pools.js')
      this.out(renderMeshCreated(res))
      return res
    }
    const { meshView } = await import('../../pools/mesh.js')
    const view = await meshView(await ctx.client(ctx.chainId), { thresholdBps })
    const { renderMesh } = await import('../../cli/render/pools.js')
    if (!json) this.out(await renderMesh(view))
    if (!view.ok) this.setExit('condition')
    const { legInfo: _info, ...data } = view
    return data satisfies MeshReport
  }
}
