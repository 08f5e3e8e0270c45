import { Flags } from '@oclif/core'
import { VaultCommand } from '../cli/command.js'
import { ExitCode } from '../core/errors.js'

export default class Simulate extends VaultCommand {
  static override summary = 'Stress-test the stabilizer at 5× projected volume against the §16 targets (no chain).'
  static override description =
    `Block-by-block simulation (spec Phase 5), in-process and deterministic for --seed. Two cUSDT/cUSDC-like
DVM pools (chain 138 and Alltra), seeded like localnet with the mid price on the peg, exact PMM math.
Each block: (1) each pool's stabilizer applies the contract's rule to completed blocks only (TWAP over W beyond θ,
sustained N blocks, MIN_BLOCKS since its last trade) and sells min(k × |TWAP deviation|, cap, back-to-peg) from
its inventory; (2) the cross-chain bot's trades land L blocks after it saw a spread above its threshold, moving
both pools to their midpoint; (3) external flow: volume × multiplier spread over the blocks as 1–7 random trades
with a net directional share (--imbalance), sent as one trade per side; (4) a flash drain reversed in its block
(--flash-rate); (5) a sustained drain (--drain-rate). Runs get seeds derived from --seed.
Targets, each judged on its p95 over runs (held in ≥ 95% of runs): peg |deviation| ≤ 10 bps in ≥ 99% of blocks;
p99 cross-chain spread < 15 bps; rebalance latency (out-of-band episodes of ≥ N blocks: first block out to back in
band) < 5 blocks; drain recovery (drain block to back in band) < 3 blocks; §6 s × f ≥ Δ. The stabilizer cannot
act before N blocks of deviation, so N = 3 misses the < 3-block recovery target by construction.
Amounts are whole tokens except --per-block-cap and --k-per-bps (base units, as in the profile).
Exit 0 when every target is met, 2 when any is not, 3 for bad input.
JSON: {params, model: {blocksPerMin, grossFlowPerBlock, grossFlowPerMin, expectedImbalancePerMin, drainDeviationBps,
capacity}, targets: [{id, name, target, metric, op, limit, overRuns: {runs, p50, p95, worst}, verdict}],
metrics: {absDeviationBps, spreadBps, stabilizer, flash, arbTrades}, pooled: {rebalanceLatency, flashRecovery},
tension: {N, minBlocks, targetBlocks, earliestRecoveryBlocks, meetsTarget, feasibleN, measuredP50, notes},
runs: [{index, seed, inBandPct, …}], ok} (amounts in params as base-unit strings).`
  static override examples = [
    '<%= config.bin %> simulate',
    '<%= config.bin %> simulate --sustain-blocks 2 --threshold-bps 5',
    '<%= config.bin %> simulate --multiplier 10 --runs 100 --seed 7 --json',
  ]
  static override flags = {
    multiplier: Flags.string({ description: 'Volume multiplier over the projected flow. [default: 5]' }),
    runs: Flags.integer({ description: 'Number of runs. [default: 50]' }),
    blocks: Flags.integer({ description: 'Blocks per run. [default: 720, one hour of 5 s blocks]' }),
    seed: Flags.integer({ description: 'Base seed (0 to 2^32 − 1). [default: 1]' }),
    'block-time': Flags.string({ description: 'Seconds per block. [default: 5]' }),
    'volume-per-hour': Flags.string({
      description: 'Projected external volume per pool, tokens/hour. [default: 50000]',
    }),
    depth: Flags.string({ description: 'Base-side depth of each pool, tokens. [default: 1000000]' }),
    imbalance: Flags.string({ description: 'Net directional share of the flow, 0–1. [default: 0.2]' }),
    'imbalance-alltra': Flags.string({ description: 'Same on Alltra. [default: --imbalance]' }),
    'threshold-bps': Flags.integer({ description: 'θ in bps. [default: profile stabilizer.thresholdBps]' }),
    'sustain-blocks': Flags.integer({ description: 'N. [default: profile stabilizer.sustainBlocks]' }),
    'twap-window': Flags.integer({ description: 'W in blocks. [default: profile stabilizer.twapWindow]' }),
    'min-blocks': Flags.integer({ description: 'MIN_BLOCKS. [default: profile stabilizer.minBlocks]' }),
    'per-block-cap': Flags.string({ description: 'Base units. [default: profile stabilizer.perBlockCap]' }),
    'k-per-bps': Flags.string({ description: 'Base units per bp. [default: profile stabilizer.kPerBps]' }),
    'latency-blocks': Flags.integer({ description: 'Cross-chain bot latency L in blocks. [default: 2]' }),
    'arb-threshold-bps': Flags.integer({ description: 'Spread above which the bot trades. [default: 10]' }),
    'flash-rate': Flags.string({ description: 'Flash drains per block and pool, 0–1. [default: 0.01]' }),
    'drain-rate': Flags.string({ description: 'Sustained drains per block and pool, 0–1. [default: 0.002]' }),
    'drain-size': Flags.string({ description: 'Drain size, tokens. [default: depth × 0.2% × multiplier]' }),
    inventory: Flags.string({ description: 'Stabilizer inventory per token and chain, tokens. [default: 150000]' }),
  }

  async run() {
    const { flags } = await this.parse(Simulate)
    const ctx = await this.context(flags)
    const { resolveSimParams } = await import('../core/sim/params.js')
    const params = resolveSimParams(
      {
        multiplier: flags.multiplier,
        runs: flags.runs,
        blocks: flags.blocks,
        seed: flags.seed,
        blockTime: flags['block-time'],
        volumePerHour: flags['volume-per-hour'],
        depth: flags.depth,
        imbalance: flags.imbalance,
        imbalanceAlltra: flags['imbalance-alltra'],
        thresholdBps: flags['threshold-bps'],
        sustainBlocks: flags['sustain-blocks'],
        twapWindow: flags['twap-window'],
        minBlocks: flags['min-blocks'],
        perBlockCap: flags['per-block-cap'],
        kPerBps: flags['k-per-bps'],
        latencyBlocks: flags['latency-blocks'],
        arbThresholdBps: flags['arb-threshold-bps'],
        flashRate: flags['flash-rate'],
        drainRate: flags['drain-rate'],
        drainSize: flags['drain-size'],
        inventory: flags.inventory,
      },
      ctx.profile.stabilizer,
    )
    const { simulate } = await import('../core/sim/report.js')
    const { spinner } = await import('../cli/spinner.js')
    const progress = await spinner('Simulating…', { json: this.jsonEnabled() })
    const report = await simulate(params, {
      onRun: async (done, total) => {
        progress.update(`Simulating… run ${done}/${total}`)
        await new Promise((resolve) => setImmediate(resolve))
      },
    }).finally(() => progress.stop())
    if (!report.ok) this.setExit(ExitCode.conditionNotMet)
    if (!this.jsonEnabled()) {
      const { renderSimulation } = await import('../cli/render/sim.js')
      this.out(await renderSimulation(report))
    }
    return report
  }
}
