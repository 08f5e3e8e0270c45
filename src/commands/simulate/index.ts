import { Flags } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'
import type { SimReport } from '../../core/sim/report.js'

export type SimulateResult = SimReport | { shard: { index: number; count: number }; runs: number; file: string }

export default class Simulate extends VaultCommand<SimulateResult> {
  static override summary = 'Stress-test the whole system at 5× projected volume against the §16 targets (no chain).'
  static override description =
    `Block-by-block simulation (spec Phase 5), deterministic for --seed whatever the thread count. Per chain (138 and Alltra) the four public DVM pools and the three private XAU legs (DPP-style, reset to the oracle cross rate after each correction and each oracle move), the multi-pool Stabilizer applying the Appendix A rule of core/deviation/window.ts per pool, the oracle (price walk, update cadence, staleness, outages), the cross-chain bot (latency, inventory, bridge refills and outages), correlated flow, flash and sustained drains, genuine fast demand and gas spikes above the cap. Inputs come from flags, a --scenario JSON file (fields as in \`vault simulate --help\`'s examples; every error names the field's path), the profile's stabilizer settings and the spec. Targets are judged at --verdict-percentile over runs (default p99): peg |deviation| ≤ 10 bps in ≥ 99% of blocks; spread p99 < 15 bps; rebalance latency < 5 blocks; drain recovery < 3 blocks; §6 s × f ≥ Δ.
--path float (default) is the fast float64 path; --path exact is the uint256 reference (slow; a test proves they agree). --shard i/n --out FILE runs slice i (0-based) of n and writes it; \`vault simulate merge\` gives the one-run result. Exit 0 when every target is met, 2 when any is not, 3 for bad input.
JSON: {path, params, model, targets: [{id, name, target, metric, op, limit, percentile, value, margin, overRuns, verdict}], metrics, limitedBy, pooled, tension, series: {blocksPerBucket, deviation, spread}, runs, ok}.`
  static override examples = [
    '<%= config.bin %> simulate',
    '<%= config.bin %> simulate --runs 1000 --blocks 7200 --workers 2',
    '<%= config.bin %> simulate --scenario stress.json --report report.html --csv run0.csv',
    '<%= config.bin %> simulate --shard 0/4 --out shard-0.json',
  ]
  static override flags = {
    scenario: Flags.string({ description: 'Scenario JSON file (flags given here win).' }),
    path: Flags.string({ description: 'Numeric path.', options: ['float', 'exact'], default: 'float' }),
    workers: Flags.integer({ description: 'Worker threads. [default: available cores]', min: 1, max: 256 }),
    shard: Flags.string({ description: 'Run only shard i of n (0-based, "i/n"); needs --out.' }),
    out: Flags.string({ description: 'Shard result file (with --shard).' }),
    csv: Flags.string({ description: 'Write the per-block series of run --csv-run to this CSV file.' }),
    'csv-run': Flags.integer({ description: 'Run index for --csv. [default: 0]', min: 0 }),
    report: Flags.string({ description: 'Write a self-contained HTML report (charts, targets) to this file.' }),
    'verdict-percentile': Flags.string({
      description: 'Percentile over runs the targets are judged at. [default: 99]',
    }),
    multiplier: Flags.string({ description: 'Volume multiplier over the projected flow. [default: 5]' }),
    runs: Flags.integer({ description: 'Number of runs. [default: 50]' }),
    blocks: Flags.integer({ description: 'Blocks per run. [default: 720, one hour of 5 s blocks]' }),
    seed: Flags.integer({ description: 'Base seed (0 to 2^32 − 1). [default: 1]' }),
    'block-time': Flags.string({ description: 'Seconds per block. [default: 5]' }),
    'volume-per-hour': Flags.string({
      description: 'Projected external volume per pool, tokens/hour. [default: 50000]',
    }),
    depth: Flags.string({ description: 'Base-side depth of each public pool, tokens. [default: 1000000]' }),
    imbalance: Flags.string({ description: 'Net directional share of the flow, 0–1. [default: 0.2]' }),
    'imbalance-alltra': Flags.string({ description: 'Same on Alltra. [default: --imbalance]' }),
    'threshold-bps': Flags.integer({ description: 'θ in bps. [default: profile stabilizer.thresholdBps]' }),
    'sustain-blocks': Flags.integer({ description: 'N. [default: profile stabilizer.sustainBlocks]' }),
    'twap-window': Flags.integer({ description: 'W in blocks. [default: profile stabilizer.twapWindow]' }),
    'min-blocks': Flags.integer({ description: 'MIN_BLOCKS. [default: profile stabilizer.minBlocks]' }),
    'per-block-cap': Flags.string({ description: 'Base units. [default: profile stabilizer.perBlockCap]' }),
    'k-per-bps': Flags.string({ description: 'Base units per bp. [default: profile stabilizer.kPerBps]' }),
    'latency-blocks': Flags.integer({ description: 'Cross-chain bot latency L in blocks. [default: 2]' }),
    'arb-threshold-bps': Flags.integer({
      description: "Spread above which the bot trades, bps. [default: the profile's bridge.arbThresholdBps]",
    }),
    'flash-rate': Flags.string({ description: 'Flash drains per block and pool, 0–1. [default: 0.01]' }),
    'drain-rate': Flags.string({ description: 'Sustained drains per block and pool, 0–1. [default: 0.002]' }),
    'drain-size': Flags.string({ description: 'Drain size, tokens. [default: depth × 0.2% × multiplier]' }),
    inventory: Flags.string({ description: 'Stabilizer inventory per token and chain, USD. [default: 150000]' }),
  }

  async run(): Promise<SimulateResult> {
    const { flags } = await this.parse(Simulate)
    const ctx = await this.context(flags)
    const { loadSimParams, runSimulation } = await import('../../sim/command.js')
    const params = await loadSimParams(flags, ctx.profile)
    const { progressBar } = await import('../../cli/progress.js')
    const bar = progressBar('Simulating', { json: this.jsonEnabled() })
    const result = await runSimulation(params, flags, bar.tick).finally(() => bar.stop())
    if ('shard' in result) {
      if (!this.jsonEnabled())
        this.out(`Shard ${result.shard.index}/${result.shard.count}: ${result.runs} runs → ${result.file}`)
      return result
    }
    if (!result.ok) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderSimulation } = await import('../../cli/render/sim.js')
      this.out(await renderSimulation(result))
    }
    return result
  }
}
