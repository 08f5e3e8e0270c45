// What one run measured against the §16 targets.
import { dynamicSize } from '../models/cantilever.js'
import { SIM_DECIMALS, type SimParams, SPEC } from './params.js'
import type { ChainRun, RunResult } from './run.js'
import { type Summary, summarize } from './stats.js'

/**
 * Definitions (band = the §16 peg band, |deviationBps| ≤ 10 with the contract's truncation):
 * - peg: share of end-of-block prices in band, over both pools and every simulated block.
 * - spread: the cross-chain spread of the end-of-block prices, whole bps (rounded down).
 * - rebalance latency: an episode is a run of consecutive out-of-band end-of-block prices that lasts at least
 *   N blocks (so the rule could see it as sustained) and contains no sustained drain. Its latency is its length:
 *   blocks from its first out-of-band block to the first block back in band. `afterSustained` is the same
 *   counted from the block at which it was N blocks old.
 * - flash drain recovery: for each sustained drain that leaves its block's end price out of band, the blocks
 *   from the drain's block to the first block back in band (a drain that leaves the price in band needs no
 *   recovery and is only counted).
 * Episodes and drains still out of band when the run ends count with their length so far (a lower bound) and
 * are counted as unresolved.
 */
export interface RunMetrics {
  peg: { inBandPct: number; absDeviationBps: Summary }
  spread: Summary
  rebalanceLatency: { blocks: number[]; afterSustained: number[]; unresolved: number; summary: Summary }
  flashRecovery: { drains: number; ineffective: number; blocks: number[]; unresolved: number; summary: Summary }
  /** Flash drains (reversed in their block) and the largest deviation one caused inside its block. */
  flash: { events: number; peakIntraBlockBps: number }
  stabilizer: {
    executions: number
    limitedBy: Record<'k' | 'cap' | 'peg' | 'inventory', number>
    /** Tokens per minute, largest of the two pools. */
    volumePerMin: number
    /** |net external flow| per minute (Δ of §6), tokens, largest of the two pools. */
    imbalancePerMin: number
    grossFlowPerMin: number
    /** Lowest inventory of either token on either chain, tokens. */
    minInventory: number
  }
  arbTrades: number
}

const inBand = (dev: number) => Math.abs(dev) <= SPEC.pegBandBps

export function runMetrics(run: RunResult, params: SimParams): RunMetrics {
  const N = params.stabilizer.sustainBlocks
  const minutes = (run.blocks * params.blockTimeSec) / 60
  const unit = 10 ** SIM_DECIMALS
  const all = run.chains.flatMap((c) => c.deviations)
  const latency: number[] = []
  const afterSustained: number[] = []
  let latencyUnresolved = 0
  const recovery: number[] = []
  let recoveryUnresolved = 0
  let drains = 0
  let ineffective = 0
  for (const c of run.chains) {
    for (const e of episodes(c.deviations)) {
      if (e.length < N || c.drains.some((d) => d >= e.start && d < e.start + e.length)) continue
      latency.push(e.length)
      afterSustained.push(e.length - N)
      if (!e.resolved) latencyUnresolved++
    }
    for (const d of c.drains) {
      drains++
      if (inBand(c.deviations[d])) {
        ineffective++
        continue
      }
      let j = d + 1
      while (j < c.deviations.length && !inBand(c.deviations[j])) j++
      recovery.push(j - d)
      if (j === c.deviations.length) recoveryUnresolved++
    }
  }
  const limitedBy = { k: 0, cap: 0, peg: 0, inventory: 0 }
  for (const c of run.chains) for (const x of c.executions) limitedBy[x.limitedBy]++
  const perMin = (f: (c: ChainRun) => bigint) => Math.max(...run.chains.map((c) => abs(f(c)))) / unit / minutes
  return {
    peg: { inBandPct: (100 * all.filter(inBand).length) / all.length, absDeviationBps: summarize(all.map(Math.abs)) },
    spread: summarize(run.spreads),
    rebalanceLatency: { blocks: latency, afterSustained, unresolved: latencyUnresolved, summary: summarize(latency) },
    flashRecovery: {
      drains,
      ineffective,
      blocks: recovery,
      unresolved: recoveryUnresolved,
      summary: summarize(recovery),
    },
    flash: {
      events: run.chains.reduce((n, c) => n + c.flashes, 0),
      peakIntraBlockBps: Math.max(...run.chains.map((c) => c.flashPeakBps)),
    },
    stabilizer: {
      executions: run.chains.reduce((n, c) => n + c.executions.length, 0),
      limitedBy,
      volumePerMin: perMin((c) => c.stabilizerVolume),
      imbalancePerMin: perMin((c) => c.flowNet),
      grossFlowPerMin: perMin((c) => c.flowGross),
      minInventory:
        Math.min(...run.chains.flatMap((c) => [Number(c.minInventory.base), Number(c.minInventory.quote)])) / unit,
    },
    arbTrades: run.chains.reduce((n, c) => n + c.arbTrades, 0),
  }
}

const abs = (v: bigint) => Number(v < 0n ? -v : v)

/** Maximal runs of out-of-band blocks: start index, length, and whether the run ended back in band. */
export function episodes(deviations: readonly number[]): { start: number; length: number; resolved: boolean }[] {
  const out: { start: number; length: number; resolved: boolean }[] = []
  let i = 0
  while (i < deviations.length) {
    if (inBand(deviations[i])) {
      i++
      continue
    }
    const start = i
    while (i < deviations.length && !inBand(deviations[i])) i++
    out.push({ start, length: i - start, resolved: i < deviations.length })
  }
  return out
}

/**
 * The stabilizer's throughput (§6 s × f) just beyond the dead band: s = min(kPerBps × (θ + 1), perBlockCap),
 * f = executions per minute allowed by MIN_BLOCKS. Tokens per minute.
 */
export function stabilizerCapacity(params: SimParams): {
  sizeAtThreshold: number
  perMin: number
  tradesPerMin: number
} {
  const s = params.stabilizer
  const size = dynamicSize(s.kPerBps, BigInt(s.thresholdBps + 1), s.perBlockCap)
  const tradesPerMin = 60 / params.blockTimeSec / Math.max(s.minBlocks, 1)
  const sizeAtThreshold = Number(size) / 10 ** SIM_DECIMALS
  return { sizeAtThreshold, perMin: sizeAtThreshold * tradesPerMin, tradesPerMin }
}
