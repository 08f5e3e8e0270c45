// What `vault simulate` does between its flags and its renderer: read the scenario, resolve the parameters,
// run (threads, or one shard), and write the requested files (shard, CSV, HTML report).
import { readFile } from 'node:fs/promises'
import { checkWritable, writeOutput } from '../config/output-file.js'
import type { StabilizerSettings } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { backends, type SimPath } from '../core/sim/backend.js'
import { resolveSimParams, type SimInput, type SimParams } from '../core/sim/params.js'
import { buildReport, type SimReport } from '../core/sim/report.js'
import { parseScenario, withScenario } from '../core/sim/scenario.js'
import { POOL_NAMES, simulateSystem } from '../core/sim/system.js'
import { runParallel } from './parallel.js'
import { parseShard, shardIndexes, writeShard } from './shard.js'

export interface SimFlags {
  scenario?: string
  path: string
  workers?: number
  shard?: string
  out?: string
  csv?: string
  'csv-run'?: number
  report?: string
  'verdict-percentile'?: string
  multiplier?: string
  runs?: number
  blocks?: number
  seed?: number
  'block-time'?: string
  'volume-per-hour'?: string
  depth?: string
  imbalance?: string
  'imbalance-alltra'?: string
  'threshold-bps'?: number
  'sustain-blocks'?: number
  'twap-window'?: number
  'min-blocks'?: number
  'per-block-cap'?: string
  'k-per-bps'?: string
  'latency-blocks'?: number
  'arb-threshold-bps'?: number
  'flash-rate'?: string
  'drain-rate'?: string
  'drain-size'?: string
  inventory?: string
}

export const BUCKETS = 200

export async function readScenario(file: string) {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw new VaultError('PARAM_OUT_OF_RANGE', `Cannot read the scenario file ${file}`, {
      details: (e as Error).message,
    })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new VaultError('PARAM_OUT_OF_RANGE', `${file} is not valid JSON`, { details: (e as Error).message })
  }
  return parseScenario(json)
}

/** The simulation's inputs: flags over the scenario file over the profile (stabilizer rule, the bot's threshold). */
export async function loadSimParams(
  flags: SimFlags,
  profile: { stabilizer: StabilizerSettings; bridge: { arbThresholdBps: number } },
): Promise<SimParams> {
  const fromFlags: SimInput = {
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
    verdictPercentile: flags['verdict-percentile'],
  }
  const scenario = flags.scenario ? await readScenario(flags.scenario) : undefined
  const { input, labels } = withScenario(fromFlags, scenario)
  input.arbThresholdBps ??= profile.bridge.arbThresholdBps
  return resolveSimParams(input, profile.stabilizer, labels)
}

export async function runSimulation(
  params: SimParams,
  flags: SimFlags,
  onProgress?: (done: number, total: number) => void,
): Promise<SimReport | { shard: { index: number; count: number }; runs: number; file: string }> {
  const path = flags.path as SimPath
  if (flags.shard !== undefined) {
    const shard = parseShard(flags.shard)
    if (!flags.out) throw new VaultError('PARAM_OUT_OF_RANGE', '--shard needs --out FILE for the shard result')
    await checkWritable(flags.out, 'out')
    const indexes = shardIndexes(params.runs, shard)
    const records = await runParallel(params, { path, workers: flags.workers, buckets: BUCKETS, indexes, onProgress })
    await writeShard(flags.out, { shard, path, buckets: BUCKETS, params, records })
    return { shard, runs: records.length, file: flags.out }
  }
  if (flags.out) throw new VaultError('PARAM_OUT_OF_RANGE', '--out is for shard results: use it with --shard')
  const csvRun = flags['csv-run'] ?? 0
  if (flags.csv && csvRun >= params.runs)
    throw new VaultError('PARAM_OUT_OF_RANGE', `--csv-run must be below --runs (${params.runs})`)
  if (flags.csv) await checkWritable(flags.csv, 'csv')
  if (flags.report) await checkWritable(flags.report, 'report')
  const records = await runParallel(params, { path, workers: flags.workers, buckets: BUCKETS, onProgress })
  const report = buildReport(params, records, path)
  if (flags.csv) await writeOutput(flags.csv, runCsv(params, path, csvRun), 'csv')
  if (flags.report) {
    const { reportHtml } = await import('./html.js')
    await writeOutput(flags.report, await reportHtml(report), 'report')
  }
  return report
}

/** Per-block series of one run: deviations, spreads, mid prices, oracle, executions. */
export function runCsv(params: SimParams, path: SimPath, index: number): string {
  const rec = simulateSystem(backends[path] as (typeof backends)['exact'], params, index, { trace: true })
  const t = rec.trace!
  const chains = ['138', 'alltra']
  const legs = ['cUSDT/cXAUC-leg', 'cUSDC/cXAUC-leg', 'cEURT/cXAUC-leg']
  const head = [
    'block',
    ...chains.flatMap((c) => POOL_NAMES.map((p) => `dev_bps:${c}:${p}`)),
    ...POOL_NAMES.map((p) => `spread_bps:${p}`),
    ...chains.flatMap((c) => [...POOL_NAMES, ...legs].map((p) => `mid:${c}:${p}`)),
    'eur_usd',
    'xau_usd',
    'executions',
  ]
  const rows = t.devs.map((devs, b) =>
    [
      b,
      ...devs,
      ...t.spreads[b],
      ...t.mids[b].map((m) => m.toPrecision(12)),
      t.usd[b].eur,
      t.usd[b].xau,
      t.executions[b],
    ].join(','),
  )
  return `${[head.join(','), ...rows].join('\n')}\n`
}
