// Many runs of the stress simulation, and a verdict per §16 target over the runs.
import { flashRecoveryBlocks } from '../deviation/flash.js'
import { deviationBps } from '../deviation/price.js'
import { type RunMetrics, runMetrics, stabilizerCapacity } from './metrics.js'
import { PEG_SHARE_TARGET_PCT, SIM_DECIMALS, type SimParams, SPEC } from './params.js'
import { midPrice, seedPool, trade } from './pool.js'
import { simulateRun } from './run.js'
import { type AcrossRuns, acrossRuns, type Summary, summarize } from './stats.js'

export type TargetId = 'peg' | 'spread' | 'rebalanceLatency' | 'flashRecovery' | 'cantilever'

/**
 * One target: a statistic per run, its p50 and p95 over runs (p5 where higher is better, i.e. the value 95% of
 * runs do at least as well as) and the worst run. It passes when that p95 value meets the limit: the target held
 * in at least 95% of the runs. 'no data' when no run produced the statistic (e.g. no drain happened).
 */
export interface TargetResult {
  id: TargetId
  name: string
  /** The §16 target as judged here (peg ±0.10% = ±10 bps, spread < 0.15% = 15 bps; s × f ≥ Δ from §6). */
  target: string
  /** The per-run statistic. */
  metric: string
  op: '>=' | '<' | '<='
  limit: number
  overRuns: AcrossRuns
  verdict: 'pass' | 'fail' | 'no data'
}

export interface RunSummary {
  index: number
  seed: number
  inBandPct: number
  absDeviationP99: number | null
  spreadP99: number | null
  spreadMax: number | null
  rebalanceLatencyP95: number | null
  flashRecoveryP95: number | null
  drains: number
  executions: number
  stabilizerVolumePerMin: number
  imbalancePerMin: number
}

export interface SimReport {
  params: SimParams
  /** Derived model numbers: tokens per block and minute, what one drain does to a fresh pool, s × f. */
  model: {
    blocksPerMin: number
    grossFlowPerBlock: number
    grossFlowPerMin: number
    expectedImbalancePerMin: number
    drainDeviationBps: number
    capacity: { sizeAtThreshold: number; tradesPerMin: number; perMin: number }
  }
  targets: TargetResult[]
  /** Every other metric, p50/p95/worst over runs. */
  metrics: {
    absDeviationBps: { p50: AcrossRuns; p95: AcrossRuns; p99: AcrossRuns; max: AcrossRuns }
    spreadBps: { p95: AcrossRuns; p99: AcrossRuns; max: AcrossRuns }
    stabilizer: {
      executions: AcrossRuns
      volumePerMin: AcrossRuns
      imbalancePerMin: AcrossRuns
      minInventory: AcrossRuns
      limitedBy: Record<'k' | 'cap' | 'peg' | 'inventory', number>
    }
    flash: { events: number; peakIntraBlockBps: number }
    arbTrades: AcrossRuns
  }
  /** Event metrics pooled over all runs. */
  pooled: {
    rebalanceLatency: Summary & { unresolved: number; afterSustained: Summary }
    flashRecovery: Summary & { drains: number; ineffective: number; unresolved: number }
  }
  /** The sustain rule against the < 3-block recovery target, worked out and measured. */
  tension: {
    N: number
    minBlocks: number
    targetBlocks: number
    earliestRecoveryBlocks: number | null
    meetsTarget: boolean
    feasibleN: { min: number; max: number } | null
    measuredP50: number | null
    notes: string[]
  }
  runs: RunSummary[]
  /** Every target with data passes. */
  ok: boolean
}

export interface SimulateHooks {
  /** Called after each run (e.g. to update a spinner and let it draw). */
  onRun?: (done: number, total: number) => void | Promise<void>
}

const r2 = (v: number) => Math.round(v * 100) / 100
const r2n = (v: number | null) => (v === null ? null : r2(v))
const fmt = (v: number) => r2(v).toLocaleString('en-US')

/** Runs the simulation `params.runs` times (seeds derived from params.seed) and judges the §16 targets. */
export async function simulate(params: SimParams, hooks: SimulateHooks = {}): Promise<SimReport> {
  const all: RunMetrics[] = []
  const runs: RunSummary[] = []
  for (let i = 0; i < params.runs; i++) {
    const run = simulateRun(params, i)
    const m = runMetrics(run, params)
    all.push(m)
    runs.push({
      index: i,
      seed: run.seed,
      inBandPct: r2(m.peg.inBandPct),
      absDeviationP99: m.peg.absDeviationBps.p99,
      spreadP99: m.spread.p99,
      spreadMax: m.spread.max,
      rebalanceLatencyP95: m.rebalanceLatency.summary.p95,
      flashRecoveryP95: m.flashRecovery.summary.p95,
      drains: m.flashRecovery.drains,
      executions: m.stabilizer.executions,
      stabilizerVolumePerMin: r2(m.stabilizer.volumePerMin),
      imbalancePerMin: r2(m.stabilizer.imbalancePerMin),
    })
    await hooks.onRun?.(i + 1, params.runs)
  }
  const over = (f: (m: RunMetrics) => number | null, higherIsBetter = false) => {
    const a = acrossRuns(all.map(f), higherIsBetter)
    return { ...a, p50: r2n(a.p50), p95: r2n(a.p95), worst: r2n(a.worst) }
  }
  const capacity = stabilizerCapacity(params)
  const targets: TargetResult[] = [
    target(
      'peg',
      'Peg stability',
      `±${SPEC.pegBandBps} bps in ≥ ${PEG_SHARE_TARGET_PCT}% of blocks`,
      'share of end-of-block prices in band, %',
      '>=',
      PEG_SHARE_TARGET_PCT,
      over((m) => m.peg.inBandPct, true),
    ),
    target(
      'spread',
      'Cross-chain spread',
      `p99 < ${SPEC.spreadBps} bps`,
      'p99 of the per-block spread, bps',
      '<',
      SPEC.spreadBps,
      over((m) => m.spread.p99),
    ),
    target(
      'rebalanceLatency',
      'Rebalance latency',
      `< ${SPEC.rebalanceLatencyBlocks} blocks out of band`,
      'p95 of sustained episodes (no drain), blocks',
      '<',
      SPEC.rebalanceLatencyBlocks,
      over((m) => m.rebalanceLatency.summary.p95),
    ),
    target(
      'flashRecovery',
      'Flash drain recovery',
      `< ${SPEC.flashRecoveryBlocks} blocks after a drain`,
      'p95 of drain recoveries, blocks',
      '<',
      SPEC.flashRecoveryBlocks,
      over((m) => m.flashRecovery.summary.p95),
    ),
    target(
      'cantilever',
      'Stabilizer throughput',
      `Δ ≤ s × f = ${fmt(capacity.sizeAtThreshold)} × ${fmt(capacity.tradesPerMin)} = ${fmt(capacity.perMin)}/min`,
      'net external imbalance Δ per minute, tokens',
      '<=',
      r2(capacity.perMin),
      over((m) => m.stabilizer.imbalancePerMin),
    ),
  ]

  const latency = all.flatMap((m) => m.rebalanceLatency.blocks)
  const recovery = all.flatMap((m) => m.flashRecovery.blocks)
  const limitedBy = { k: 0, cap: 0, peg: 0, inventory: 0 }
  for (const m of all)
    for (const k of Object.keys(limitedBy) as (keyof typeof limitedBy)[]) limitedBy[k] += m.stabilizer.limitedBy[k]
  const drainDeviationBps = freshDrainDeviation(params)
  const s = params.stabilizer
  const analytic = flashRecoveryBlocks({
    N: s.sustainBlocks,
    minBlocks: s.minBlocks,
    twapWindow: s.twapWindow,
    thresholdBps: s.thresholdBps,
    drainDeviationBps,
  })
  const recoveryPooled = summarize(recovery)
  const blocksPerMin = 60 / params.blockTimeSec
  const grossFlowPerMin = ((Number(params.volumePerHour) / 10 ** SIM_DECIMALS) * params.multiplier) / 60

  return {
    params,
    model: {
      blocksPerMin: r2(blocksPerMin),
      grossFlowPerBlock: r2(grossFlowPerMin / blocksPerMin),
      grossFlowPerMin: r2(grossFlowPerMin),
      expectedImbalancePerMin: r2(grossFlowPerMin * Math.max(params.imbalance['138'], params.imbalance['651940'])),
      drainDeviationBps,
      capacity: {
        sizeAtThreshold: r2(capacity.sizeAtThreshold),
        tradesPerMin: r2(capacity.tradesPerMin),
        perMin: r2(capacity.perMin),
      },
    },
    targets,
    metrics: {
      absDeviationBps: {
        p50: over((m) => m.peg.absDeviationBps.p50),
        p95: over((m) => m.peg.absDeviationBps.p95),
        p99: over((m) => m.peg.absDeviationBps.p99),
        max: over((m) => m.peg.absDeviationBps.max),
      },
      spreadBps: {
        p95: over((m) => m.spread.p95),
        p99: over((m) => m.spread.p99),
        max: over((m) => m.spread.max),
      },
      stabilizer: {
        executions: over((m) => m.stabilizer.executions),
        volumePerMin: over((m) => m.stabilizer.volumePerMin),
        imbalancePerMin: over((m) => m.stabilizer.imbalancePerMin),
        minInventory: over((m) => m.stabilizer.minInventory, true),
        limitedBy,
      },
      flash: {
        events: all.reduce((n, m) => n + m.flash.events, 0),
        peakIntraBlockBps: Math.max(0, ...all.map((m) => m.flash.peakIntraBlockBps)),
      },
      arbTrades: over((m) => m.arbTrades),
    },
    pooled: {
      rebalanceLatency: {
        ...summarize(latency),
        unresolved: all.reduce((n, m) => n + m.rebalanceLatency.unresolved, 0),
        afterSustained: summarize(all.flatMap((m) => m.rebalanceLatency.afterSustained)),
      },
      flashRecovery: {
        ...recoveryPooled,
        drains: all.reduce((n, m) => n + m.flashRecovery.drains, 0),
        ineffective: all.reduce((n, m) => n + m.flashRecovery.ineffective, 0),
        unresolved: all.reduce((n, m) => n + m.flashRecovery.unresolved, 0),
      },
    },
    tension: {
      N: s.sustainBlocks,
      minBlocks: s.minBlocks,
      targetBlocks: SPEC.flashRecoveryBlocks,
      earliestRecoveryBlocks: analytic.recoveryBlocks,
      meetsTarget: analytic.meetsTarget,
      feasibleN: analytic.feasibleN,
      measuredP50: recoveryPooled.p50,
      notes: analytic.notes,
    },
    runs,
    ok: targets.every((t) => t.verdict !== 'fail'),
  }
}

function target(
  id: TargetId,
  name: string,
  text: string,
  metric: string,
  op: TargetResult['op'],
  limit: number,
  overRuns: AcrossRuns,
): TargetResult {
  const v = overRuns.p95
  const met = v === null ? null : op === '>=' ? v >= limit : op === '<' ? v < limit : v <= limit
  return {
    id,
    name,
    target: text,
    metric,
    op,
    limit,
    overRuns,
    verdict: met === null ? 'no data' : met ? 'pass' : 'fail',
  }
}

/** |deviation| in bps one drain of drainSize (selling base) leaves on a freshly seeded pool. */
function freshDrainDeviation(params: SimParams): number {
  const pool = seedPool(params.depth)
  if (params.drainSize > 0n) trade(pool, 'drain', 'base', params.drainSize)
  return Math.abs(Number(deviationBps(midPrice(pool), pool.peg)))
}
