import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../cli/command.js'
import type { DeviationJson } from '../cli/render/deviation.js'

export type { DeviationJson }

/** JSON of `vault deviation` (with --watch --json: one JSON line per round instead, and no result). */
export type DeviationResult = DeviationJson

export default class Deviation extends VaultCommand<DeviationResult | undefined> {
  static override summary =
    'Deviation of every public pool and private mesh leg from its oracle peg: spot, TWAP, sustained-for, verdict.'
  static override description =
    `For each public pool and each private mesh leg (against the oracle cross rate, shown as "BASE/QUOTE (private)"), reads the end-of-block mid prices of the last max(W, N) blocks (archive reads, batched) and applies the Stabilizer's rule for the next block: TWAP over W blocks against the peg, and whether |deviation| > θ has held for ≥ N consecutive blocks. A flash loan repaid in its block or a trade reversed in the next block is an "excursion", not "sustained". Also the cross-chain spread of each pair (138 vs Alltra) against the < 15 bps target. W, θ, N default to the profile's stabilizer parameters.
Exit 0 when everything is in band; 2 when any pool is sustained out of band or a spread is at/over target (runbooks: \`vault deviation || page-oncall\`); 3 for bad input (unknown pool, window longer than the chain).
A pool younger than its window is listed as "warming up" (not judged, not an error for the others).
--watch redraws every block until Ctrl-C; the last state decides the exit status.
JSON: {params: {W, N, thresholdBps}, pools: [{chainId, pair, kind: "public"|"private", address, peg, spotDeviationBps, twapDeviationBps, sustainedBlocks, shouldRebalance, verdict, h}], warmingUp: [{chainId, pair, kind, address, verdict: "warming up", blocksAvailable, blocksNeeded}], spreads: [{pair, price138, priceAlltra, spreadBps, ok}], outOfBand}`
  static override examples = [
    '<%= config.bin %> deviation',
    '<%= config.bin %> deviation --pool cUSDT/cUSDC --chain 138 --window 10 --threshold 10 --sustain 3',
    '<%= config.bin %> deviation --pool "cUSDT/cXAUC (private)" --chain 138',
    '<%= config.bin %> deviation --watch',
    '<%= config.bin %> deviation --json || page-oncall',
  ]
  static override flags = {
    ...chainFlags,
    pool: Flags.string({ description: 'Only this pool (BASE/QUOTE or address). Repeatable.', multiple: true }),
    window: Flags.integer({
      description: 'TWAP window W in blocks (default: profile stabilizer.twapWindow).',
      min: 1,
      max: 1024,
    }),
    threshold: Flags.integer({ description: 'Dead band θ in bps (default: profile stabilizer.thresholdBps).', min: 0 }),
    sustain: Flags.integer({
      description: 'Blocks N the deviation must hold (default: profile stabilizer.sustainBlocks).',
      min: 1,
      max: 1024,
    }),
    watch: Flags.boolean({ description: 'Redraw every block until interrupted.' }),
    interval: Flags.integer({ description: 'Polling interval for --watch, ms.', default: 1000, min: 100 }),
  }

  async run(): Promise<DeviationResult | undefined> {
    const { flags } = await this.parse(Deviation)
    const ctx = await this.context(flags)
    const s = ctx.profile.stabilizer
    const params = {
      W: flags.window ?? s.twapWindow,
      N: flags.sustain ?? s.sustainBlocks,
      thresholdBps: flags.threshold ?? s.thresholdBps,
    }
    const { deviationReport } = await import('../deviation/read.js')
    const { renderDeviation, deviationJson } = await import('../cli/render/deviation.js')
    const clients = await ctx.clients()
    const round = () => deviationReport(clients, { params, only: flags.pool })
    let report = await this.withSpinner('Reading pool history…', round)
    if (flags.watch) {
      const { watchLoop } = await import('../cli/watch.js')
      report = await watchLoop({
        first: report,
        next: round,
        head: () => clients[0].getBlockNumber(),
        render: async (r) => renderDeviation(r),
        json: this.jsonEnabled(),
        toJson: deviationJson,
        intervalMs: flags.interval,
      })
    } else if (!this.jsonEnabled()) {
      this.out(await renderDeviation(report))
    }
    if (report.outOfBand) this.setExit('condition')
    return flags.watch && this.jsonEnabled() ? undefined : deviationJson(report)
  }
}
