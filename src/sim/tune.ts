// `vault simulate tune`'s work: the search (core/sim/tune.ts) with each candidate judged on worker threads, and
// the chosen set written into a profile.
import type { SimParams } from '../core/sim/params.js'
import { buildReport } from '../core/sim/report.js'
import { setOf, type TuneOptions, type TuneResult, type TuneSet, tune, withSet } from '../core/sim/tune.js'
import { runParallel } from './parallel.js'

export async function runTune(
  params: SimParams,
  {
    onRung,
    onRun,
    ...opts
  }: TuneOptions & {
    workers?: number
    onRung?: (rung: number, candidates: number, runs: number) => void
    onRun?: (done: number, total: number) => void
  },
): Promise<TuneResult> {
  return tune(
    setOf(params),
    async (set, runs) => {
      const p = withSet(params, set, runs)
      const records = await runParallel(p, { path: 'float', workers: opts.workers, buckets: 1, onProgress: onRun })
      return buildReport(p, records, 'float')
    },
    opts,
    onRung,
  )
}

/** Stores the set in a profile: the stabilizer parameters and the bot's threshold (`bridge.arbThresholdBps`). */
export async function writeTunedProfile(name: string, set: TuneSet): Promise<string[]> {
  const { setValue } = await import('../config/store.js')
  const values: [string, string][] = [
    ['stabilizer.thresholdBps', String(set.thresholdBps)],
    ['stabilizer.sustainBlocks', String(set.sustainBlocks)],
    ['stabilizer.twapWindow', String(set.twapWindow)],
    ['stabilizer.minBlocks', String(set.minBlocks)],
    ['stabilizer.perBlockCap', String(BigInt(set.perBlockCap) * 10n ** 6n)],
    ['stabilizer.kPerBps', String(BigInt(set.kPerBps) * 10n ** 6n)],
    ['bridge.arbThresholdBps', String(set.arbThresholdBps)],
  ]
  for (const [k, v] of values) await setValue(name, k, v)
  return values.map(([k]) => k)
}
