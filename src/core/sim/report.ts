// Many runs of the stress simulation, and a verdict per §16 target over the runs. The report is a function of
// the run records alone (sorted by run index), so runs computed on several threads, or on several machines and
// merged, give the same report byte for byte.
import { flashRecoveryBlocks } from '../deviation/flash.js'
import { dynamicSize } from '../models/cantilever.js'
import { backends, type SimPath } from './backend.js'
import { type RunRecord, runP95 } from './metrics.js'
import { PEG_SHARE_TARGET_PCT, SIM_DECIMALS, type SimParams, SPEC } from './params.js'
import { type AcrossRuns, acrossRuns, atLeast, type Summary, summarize } from './stats.js'
import { POOL_NAMES, type RunOptions, simulateSystem } from './system.js'

export type TargetId = 'peg' | 'spread' | 'rebalanceLatency' | 'flashRecovery' | 'cantilever'

/**
 * One target: a statistic per run, judged at the verdict percentile over runs (p99: the value 99% of runs do at
 * least as well as). margin: how far inside the limit that value is (negative: outside); 'no data' when no run
 * produced the statistic (e.g. no drain happened).
 */
export interface TargetResult {
  id: TargetId
  name: string
  target: string
  metric: string
  op: '>=' | '<' | '<='
  limit: number
  percentile: number
  value: number | null
  margin: number | null
  overRuns: AcrossRuns
  verdict: 'pass' | 'fail' | 'no data'
}

export interface RunSummary {
  index: number
  seed: number
  inBandPct: number
  spreadP99: number
  rebalanceLatencyP95: number | null
  flashRecoveryP95: number | null
  imbalancePerMin: number
  absDeviationP99: number
  drains: number
  executions: number
}

/** Per time bucket over runs: p50, p95 and worst of each run's worst value in the bucket. */
export interface SeriesBand {
  p50: number[]
  p95: number[]
  worst: number[]
}

export interface SimReport {
  path: SimPath
  params: SimParams
  model: {
    pools: string[]
    blocksPerMin: number
    grossFlowPerMin: number
    capacity: { sizeAtThreshold: number; tradesPerMin: number; perMin: number }
  }
  targets: TargetResult[]
  /** Every other per-run metric over runs. */
  metrics: Record<string, AcrossRuns>
  /** What bounded the stabilizer's trade sizes, over all runs. */
  limitedBy: { k: number; cap: number; peg: number; inventory: number }
  pooled: {
    rebalanceLatency: Summary & { unresolved: number }
    flashRecovery: Summary & { drains: number; ineffective: number; unresolved: number }
  }
  tension: {
    N: number
    minBlocks: number
    targetBlocks: number
    earliestRecoveryBlocks: number | null
    meetsTarget: boolean
    feasibleN: { min: number; max: number } | null
    notes: string[]
  }
  /** |deviation| and spread over time: `blocksPerBucket` blocks a point. */
  series: { blocksPerBucket: number; deviation: SeriesBand; spread: SeriesBand }
  runs: RunSummary[]
  ok: boolean
}

export interface SimulateOptions extends RunOptions {
  path?: SimPath
  onRun?: (done: number, total: number) => void | Promise<void>
}

const r2 = (v: number) => Math.round(v * 100) / 100
const r2n = (v: number | null) => (v === null ? null : r2(v))
const fmt = (v: number) => r2(v).toLocaleString('en-US')

/** Runs `indexes` (default: all of params.runs) on this thread and returns their records. */
export async function runRecords(
  params: SimParams,
  opts: SimulateOptions = {},
  indexes: readonly number[] = Array.from({ length: params.runs }, (_, i) => i),
): Promise<RunRecord[]> {
  const be = backends[opts.path ?? 'float'] as (typeof backends)['exact']
  const out: RunRecord[] = []
  for (const i of indexes) {
    out.push(simulateSystem(be, params, i, opts))
    await opts.onRun?.(out.length, indexes.length)
  }
  return out
}

export async function simulate(params: SimParams, opts: SimulateOptions = {}): Promise<SimReport> {
  return buildReport(params, await runRecords(params, opts), opts.path ?? 'float')
}

export function stabilizerCapacity(params: SimParams) {
  const s = params.stabilizer
  const size = dynamicSize(s.kPerBps, BigInt(s.thresholdBps + 1), s.perBlockCap)
  const tradesPerMin = 60 / params.blockTimeSec / Math.max(s.minBlocks, 1)
  const sizeAtThreshold = Number(size) / 10 ** SIM_DECIMALS
  return { sizeAtThreshold, perMin: sizeAtThreshold * tradesPerMin, tradesPerMin }
}

/** The report of a complete set of run records (any order in; sorted by index here). */
export function buildReport(params: SimParams, input: readonly RunRecord[], path: SimPath): SimReport {
  const all = [...input].sort((a, b) => a.index - b.index)
  if (all.length !== params.runs || all.some((r, i) => r.index !== i)) {
    throw new Error(`run records do not cover runs 0–${params.runs - 1} exactly once`)
  }
  const q = params.verdictPercentile
  const over = (f: (m: RunRecord) => number | null, higherIsBetter = false) => {
    const a = acrossRuns(all.map(f), higherIsBetter)
    return { ...a, p50: r2n(a.p50), p95: r2n(a.p95), p99: r2n(a.p99), worst: r2n(a.worst) }
  }
  const capacity = stabilizerCapacity(params)
  const target = (
    id: TargetId,
    name: string,
    text: string,
    metric: string,
    op: TargetResult['op'],
    limit: number,
    f: (m: RunRecord) => number | null,
  ): TargetResult => {
    const higher = op === '>='
    const values = all.map(f).filter((x): x is number => x !== null)
    const sorted = values.sort((a, b) => a - b)
    const value = sorted.length === 0 ? null : r2(atLeast(sorted, q, higher))
    const margin = value === null ? null : r2(higher ? value - limit : limit - value)
    const met = value === null ? null : op === '>=' ? value >= limit : op === '<' ? value < limit : value <= limit
    return {
      id,
      name,
      target: text,
      metric,
      op,
      limit,
      percentile: q,
      value,
      margin,
      overRuns: over(f, higher),
      verdict: met === null ? 'no data' : met ? 'pass' : 'fail',
    }
  }
  const targets: TargetResult[] = [
    target(
      'peg',
      'Peg stability',
      `±${SPEC.pegBandBps} bps in ≥ ${PEG_SHARE_TARGET_PCT}% of blocks`,
      'share of public-pool end-of-block prices in band, %',
      '>=',
      PEG_SHARE_TARGET_PCT,
      (m) => m.inBandPct,
    ),
    target(
      'spread',
      'Cross-chain spread',
      `p99 < ${SPEC.spreadBps} bps`,
      'p99 of the per-block spread of each pool pair, bps',
      '<',
      SPEC.spreadBps,
      (m) => m.spread.p99,
    ),
    target(
      'rebalanceLatency',
      'Rebalance latency',
      `< ${SPEC.rebalanceLatencyBlocks} blocks out of band`,
      'p95 of sustained episodes (no drain), blocks',
      '<',
      SPEC.rebalanceLatencyBlocks,
      (m) => runP95(m.latency),
    ),
    target(
      'flashRecovery',
      'Flash drain recovery',
      `< ${SPEC.flashRecoveryBlocks} blocks after a drain`,
      'p95 of drain recoveries, blocks',
      '<',
      SPEC.flashRecoveryBlocks,
      (m) => runP95(m.recovery),
    ),
    target(
      'cantilever',
      'Stabilizer throughput',
      `Δ ≤ s × f = ${fmt(capacity.sizeAtThreshold)} × ${fmt(capacity.tradesPerMin)} = ${fmt(capacity.perMin)}/min`,
      'net external imbalance Δ per minute, largest pool, tokens',
      '<=',
      r2(capacity.perMin),
      (m) => m.imbalancePerMin,
    ),
  ]
  const limitedBy = { k: 0, cap: 0, peg: 0, inventory: 0 }
  for (const m of all)
    for (const k of Object.keys(limitedBy) as (keyof typeof limitedBy)[]) limitedBy[k] += m.limitedBy[k]
  const s = params.stabilizer
  const analytic = flashRecoveryBlocks({ N: s.sustainBlocks, minBlocks: s.minBlocks })
  const sum = (f: (m: RunRecord) => number) => all.reduce((n, m) => n + f(m), 0)
  const buckets = all[0]?.series.dev.length ?? 0
  const band = (f: (m: RunRecord) => number[]): SeriesBand => {
    const outp: SeriesBand = { p50: [], p95: [], worst: [] }
    for (let b = 0; b < buckets; b++) {
      const a = acrossRuns(all.map((m) => f(m)[b]))
      outp.p50.push(a.p50 ?? 0)
      outp.p95.push(a.p95 ?? 0)
      outp.worst.push(a.worst ?? 0)
    }
    return outp
  }
  const targetValue = (id: TargetId) => targets.find((t) => t.id === id)!
  return {
    path,
    params,
    model: {
      pools: [...POOL_NAMES],
      blocksPerMin: r2(60 / params.blockTimeSec),
      grossFlowPerMin: r2(((Number(params.volumePerHour) / 10 ** SIM_DECIMALS) * params.multiplier) / 60),
      capacity: {
        sizeAtThreshold: r2(capacity.sizeAtThreshold),
        tradesPerMin: r2(capacity.tradesPerMin),
        perMin: r2(capacity.perMin),
      },
    },
    targets,
    metrics: {
      absDeviationP50: over((m) => m.absDev.p50),
      absDeviationP99: over((m) => m.absDev.p99),
      absDeviationMax: over((m) => m.absDev.max),
      spreadP95: over((m) => m.spread.p95),
      spreadMax: over((m) => m.spread.max),
      executions: over((m) => m.executions),
      stabilizerVolumePerMin: over((m) => m.stabilizerVolumePerMin),
      imbalancePerMin: over((m) => m.imbalancePerMin),
      minInventoryUsd: over((m) => m.minInventoryUsd, true),
      arbTrades: over((m) => m.arbTrades),
      bridgeTransfers: over((m) => m.bridgeTransfers),
      meshResets: over((m) => m.meshResets),
      maxLegDeviationBps: over((m) => m.maxLegDevBps),
      flashPeakBps: over((m) => m.flashPeakBps),
      gasBlocks: over((m) => m.gasBlocks),
      staleBlocks: over((m) => m.staleBlocks),
      blockedFirings: over((m) => m.blockedFirings),
      demandEpisodes: over((m) => m.demandEpisodes),
    },
    limitedBy,
    pooled: {
      rebalanceLatency: { ...summarize(all.flatMap((m) => m.latency)), unresolved: sum((m) => m.latencyUnresolved) },
      flashRecovery: {
        ...summarize(all.flatMap((m) => m.recovery)),
        drains: sum((m) => m.drains),
        ineffective: sum((m) => m.ineffective),
        unresolved: sum((m) => m.recoveryUnresolved),
      },
    },
    tension: {
      N: s.sustainBlocks,
      minBlocks: s.minBlocks,
      targetBlocks: SPEC.flashRecoveryBlocks,
      earliestRecoveryBlocks: analytic.recoveryBlocks,
      meetsTarget: analytic.meetsTarget,
      feasibleN: analytic.feasibleN,
      notes: analytic.notes,
    },
    series: {
      blocksPerBucket: buckets === 0 ? 0 : params.blocks / buckets,
      deviation: band((m) => m.series.dev),
      spread: band((m) => m.series.spread),
    },
    runs: all.map((m) => ({
      index: m.index,
      seed: m.seed,
      inBandPct: r2(m.inBandPct),
      spreadP99: m.spread.p99,
      rebalanceLatencyP95: runP95(m.latency),
      flashRecoveryP95: runP95(m.recovery),
      imbalancePerMin: r2(m.imbalancePerMin),
      absDeviationP99: m.absDev.p99,
      drains: m.drains,
      executions: m.executions,
    })),
    ok: targets.every((t) => t.verdict !== 'fail') && targetValue('peg').verdict === 'pass',
  }
}
