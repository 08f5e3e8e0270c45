import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../cli/command.js'
import type { StressResult } from '../stress/run.js'

export type { StressResult }

export default class Stress extends VaultCommand<StressResult> {
  static override summary =
    "Replay the simulator's seeded 5× flow on the localnet with the keeper and the bot, and measure §16 on chain."
  static override description =
    `Both local chains (138 and 651940, anvil) mine a block every --interval seconds while run 0 of --seed's simulated flow is sent into the four public pools of each, block by block: the external trades, genuine demand, flash drains (sold and sold back in one transaction) and sustained drains, and the oracle's price walk on its cadence (through the Safe). The keeper daemon (both chains) and the parity bot run in this process, from their own local keys. The §16 targets are measured from end-of-block prices with the simulator's own accumulator (core/sim/metrics.ts) and printed beside the simulator's prediction for the same seed and parameters: peg in band (% of blocks), cross-chain spread p99, rebalance latency p95, flash drain recovery p95.
Needs the localnet (\`vault localnet up\`; the profile's chains must be anvil). The chains are put back as they were afterwards unless --keep.
Exit 0 when every measured target is met, 2 when one is not (as \`vault simulate\`), 3 bad input or not a local chain, 4 a chain unreachable.
JSON: {seed, blocks, intervalSec, path, chains: [{chainId, firstBlock, lastBlock}], driven: {steps, lateSteps, flowTxs, flowFailed, flowNotLanded, oracleUpdates}, keeper: {executions, failures, errors}, bot: {trades, failures, errors}, measured: {blocks, poolSamples, run, targets}, predicted: {run, targets}, targets: [{id, name, target, measured, predicted, measuredVerdict, predictedVerdict}], ok}.`
  static override examples = [
    '<%= config.bin %> localnet up && <%= config.bin %> stress --profile local',
    '<%= config.bin %> stress --blocks 1200 --seed 7',
    '<%= config.bin %> stress --blocks 60 --interval 1 --json > stress.json',
  ]
  static override flags = {
    'rpc-url': chainFlags['rpc-url'],
    blocks: Flags.integer({ description: 'Blocks to drive on each chain.', default: 600, min: 1, max: 100_000 }),
    seed: Flags.integer({ description: 'Seed of the flow (run 0 of `vault simulate --seed`).', default: 1, min: 0 }),
    multiplier: Flags.string({ description: 'Volume multiplier over the projected flow. [default: 5]' }),
    interval: Flags.integer({
      description: 'Seconds between blocks while the flow runs.',
      default: 1,
      min: 1,
      max: 60,
    }),
    path: Flags.string({
      description: "The prediction's numeric path.",
      options: ['float', 'exact'],
      default: 'float',
    }),
    keep: Flags.boolean({ description: 'Leave the chains as the run left them (default: restored).' }),
  }

  async run(): Promise<StressResult> {
    const { flags } = await this.parse(Stress)
    const ctx = await this.context(flags)
    const { resolveSimParams } = await import('../core/sim/params.js')
    const params = resolveSimParams(
      { blocks: flags.blocks, seed: flags.seed, multiplier: flags.multiplier, runs: 1 },
      ctx.profile.stabilizer,
    )
    const { runStress } = await import('../stress/run.js')
    const { progressBar } = await import('../cli/progress.js')
    const { stopSignal } = await import('../cli/daemon-io.js')
    const bar = progressBar('Stress', { json: this.jsonEnabled() })
    const result = await runStress(ctx, {
      params,
      intervalSec: flags.interval,
      path: flags.path as 'float' | 'exact',
      keep: flags.keep,
      signal: stopSignal(),
      onProgress: bar.tick,
    }).finally(() => bar.stop())
    if (!result.ok) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderStress } = await import('../cli/render/stress.js')
      this.out(await renderStress(result))
    }
    return result
  }
}
