import { Flags } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'
import { VaultError } from '../../core/errors.js'
import type { TuneResult } from '../../core/sim/tune.js'

export type SimulateTuneResult = TuneResult & { wroteProfile: { name: string; keys: string[] } | null }

export default class SimulateTune extends VaultCommand<SimulateTuneResult> {
  static override summary = 'Search stabilizer parameters that meet all four §16 targets at p99 over the runs.'
  static override description =
    `Successive halving, seeded and reproducible: --candidates sets (the profile's own among them) drawn within the spec's and the contract's bounds (θ 2–10 bps, N 2–4, W 1–8, MIN_BLOCKS 3–5, cap 5k–100k, k 100–5,000 per bp, bot threshold 3–15 bps) are each simulated on --rungs runs (the same runs for every set); the best --keep share goes on to the next rung. The last rung (default 1,000 runs) is the verdict: prints the best set and each target's margin, or, when no set passes, the binding target and the frontier between the two targets that conflict. The scenario (--scenario, --multiplier, --blocks, --seed) is the one \`vault simulate\` takes. --write-profile NAME stores the best set's stabilizer parameters in profile NAME (only when it passes, unless --force). Exit 0 when a set passes, 2 when none does, 3 for bad input.
JSON: {options, best: {set, runs, targets: [{id, value, margin, verdict}], score, binding, passes}, judged: […], frontier: {targets, points: [{set, margins}]} | null, wroteProfile}.`
  static override examples = [
    '<%= config.bin %> simulate tune',
    '<%= config.bin %> simulate tune --candidates 16 --rungs 20,100 --json',
    '<%= config.bin %> simulate tune --write-profile tuned && vault simulate --profile tuned --runs 1000',
  ]
  static override flags = {
    candidates: Flags.integer({ description: 'Sets in the first rung.', default: 32, min: 1, max: 2000 }),
    rungs: Flags.string({
      description: 'Runs per rung, increasing (the last is the verdict).',
      default: '50,200,1000',
    }),
    keep: Flags.string({ description: 'Share of sets kept from one rung to the next.', default: '0.25' }),
    'tune-seed': Flags.integer({ description: 'Seed of the candidate draw.', default: 1, min: 0 }),
    'write-profile': Flags.string({ description: 'Store the best set in this profile.' }),
    force: Flags.boolean({ description: 'With --write-profile: store the best set even if it fails a target.' }),
    workers: Flags.integer({ description: 'Worker threads. [default: available cores]', min: 1, max: 256 }),
    scenario: Flags.string({ description: 'Scenario JSON file (as for `vault simulate`).' }),
    multiplier: Flags.string({ description: 'Volume multiplier. [default: 5]' }),
    blocks: Flags.integer({ description: 'Blocks per run. [default: 720]' }),
    seed: Flags.integer({ description: 'Base seed of the runs. [default: 1]' }),
    'verdict-percentile': Flags.string({
      description: 'Percentile over runs the targets are judged at. [default: 99]',
    }),
  }

  async run(): Promise<SimulateTuneResult> {
    const { flags } = await this.parse(SimulateTune)
    const rungs = flags.rungs.split(',').map((x) => Number(x.trim()))
    if (rungs.some((r, i) => !Number.isSafeInteger(r) || r < 1 || r > 100_000 || (i > 0 && r < rungs[i - 1])))
      throw new VaultError('PARAM_OUT_OF_RANGE', '--rungs must be increasing whole numbers of runs, e.g. 50,200,1000', {
        details: `Got "${flags.rungs}".`,
      })
    const keep = Number(flags.keep)
    if (!(keep > 0 && keep <= 1))
      throw new VaultError('PARAM_OUT_OF_RANGE', '--keep must be a share above 0 and at most 1', {
        details: `Got "${flags.keep}".`,
      })
    const ctx = await this.context(flags)
    const { loadSimParams } = await import('../../sim/command.js')
    const params = await loadSimParams({ ...flags, path: 'float', runs: rungs[0] }, ctx.profile)
    const { progressBar } = await import('../../cli/progress.js')
    let bar = progressBar('Tuning', { json: this.jsonEnabled() })
    let label = ''
    const { runTune, writeTunedProfile } = await import('../../sim/tune.js')
    const result = await runTune(params, {
      seed: flags['tune-seed'],
      candidates: flags.candidates,
      rungs,
      keep,
      workers: flags.workers,
      onRung: (rung, n, runs) => {
        bar.stop()
        label = `Rung ${rung + 1}/${rungs.length}: ${n} sets × ${runs} runs`
        bar = progressBar(label, { json: this.jsonEnabled() })
      },
      onRun: (done, total) => bar.tick(done, total),
    }).finally(() => bar.stop())
    let wroteProfile: SimulateTuneResult['wroteProfile'] = null
    if (flags['write-profile'] && (result.best.passes || flags.force)) {
      const keys = await writeTunedProfile(flags['write-profile'], result.best.set)
      wroteProfile = { name: flags['write-profile'], keys }
    }
    if (!result.best.passes) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderTune } = await import('../../cli/render/tune.js')
      this.out(await renderTune(result, wroteProfile, flags['write-profile']))
    }
    return { ...result, wroteProfile }
  }
}
