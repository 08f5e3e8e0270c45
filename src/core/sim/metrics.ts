// What one run measured, accumulated block by block (no per-block allocation), and the record it leaves.
// Over 300 lines on purpose: the accumulator is on the simulator's hot path and keeps its counters in one class.
import type { SimParams } from './params.js'

/**
 * Definitions (band = the §16 peg band, |deviationBps| ≤ 10 with the contract's truncation; "pools" = the eight
 * public pools, four per chain):
 * - peg: share of public-pool end-of-block prices in band.
 * - spread: the cross-chain spread of each public pool pair's end-of-block prices, whole bps (rounded down).
 * - rebalance latency: an episode is a run of consecutive out-of-band blocks of one pool that lasts at least
 *   N blocks and contains no sustained drain; its latency is its length (first block out to first back in band).
 * - flash drain recovery: for each sustained drain that leaves its block's end price out of band, the blocks
 *   from the drain's block to the first block back in band.
 * Episodes and drains still open when the run ends count with their length so far, and as unresolved.
 */
export interface RunRecord {
  index: number
  seed: number
  inBandPct: number
  absDev: { p50: number; p95: number; p99: number; max: number }
  spread: { p95: number; p99: number; max: number }
  latency: number[]
  latencyUnresolved: number
  recovery: number[]
  recoveryUnresolved: number
  drains: number
  ineffective: number
  flashes: number
  flashPeakBps: number
  demandEpisodes: number
  executions: number
  limitedBy: { k: number; cap: number; peg: number; inventory: number }
  /** Tokens (base value) per minute, largest public pool. */
  stabilizerVolumePerMin: number
  /** |net external flow| per minute (Δ of §6), base value, largest public pool. */
  imbalancePerMin: number
  grossFlowPerMin: number
  /** Lowest stabilizer inventory of any token on either chain, USD. */
  minInventoryUsd: number
  arbTrades: number
  bridgeTransfers: number
  meshResets: number
  maxLegDevBps: number
  /** Blocks a chain's stabilizer could not act (gas above the cap; oracle too old), and rule firings lost. */
  gasBlocks: number
  staleBlocks: number
  blockedFirings: number
  /** Worst |deviation| and spread per time bucket (for the charts). */
  series: { dev: number[]; spread: number[] }
  trace?: Trace
}

/** Per-block values of one run (for --csv and the agreement test). */
export interface Trace {
  /** Mid prices per block: chain 138's four public pools and three legs, then Alltra's. */
  mids: number[][]
  /** Deviation (bps) of the eight public pools per block. */
  devs: number[][]
  spreads: number[][]
  usd: { eur: number; xau: number }[]
  executions: number[]
}

const BINS = 4096

function histPercentile(hist: Int32Array, count: number, q: number): number {
  const rank = Math.max(1, Math.ceil((q / 100) * count))
  let seen = 0
  for (let v = 0; v < hist.length; v++) {
    seen += hist[v]
    if (seen >= rank) return v
  }
  return hist.length - 1
}

function p95(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length, Math.ceil(0.95 * sorted.length)) - 1]
}

export const runP95 = p95

/** One sampled series of whole numbers: its histogram, count and maximum, and each time bucket's maximum. */
class Series {
  readonly hist = new Int32Array(BINS)
  n = 0
  max = 0
  readonly bucketMax: number[]

  constructor(buckets: number) {
    this.bucketMax = new Array(buckets).fill(0)
  }

  add(v: number, bucket: number) {
    this.hist[v < BINS ? v : BINS - 1]++
    this.n++
    if (v > this.max) this.max = v
    if (v > this.bucketMax[bucket]) this.bucketMax[bucket] = v
  }

  percentile(q: number): number {
    return histPercentile(this.hist, this.n, q)
  }
}

export class RunAccumulator {
  private readonly N: number
  private readonly blocks: number
  private readonly buckets: number
  private i = 0
  private inBand = 0
  /** |deviation| of every pool at every block, bps. */
  private readonly dev: Series
  /** Cross-chain spread of every pool pair at every block, bps. */
  private readonly spreads: Series
  private readonly outStart = new Int32Array(8).fill(-1)
  private readonly epDrain = new Uint8Array(8)
  private readonly drainNow = new Uint8Array(8)
  private readonly pending: number[][] = Array.from({ length: 8 }, () => [])
  private readonly flowNet = new Float64Array(8)
  private readonly flowGross = new Float64Array(8)
  private readonly volume = new Float64Array(8)
  private blockExecutions = 0
  readonly rec: Omit<RunRecord, 'absDev' | 'spread' | 'series' | 'inBandPct'>
  readonly trace?: Trace

  constructor(
    private readonly params: SimParams,
    index: number,
    seed: number,
    opts: { trace?: boolean; buckets?: number },
  ) {
    this.N = params.stabilizer.sustainBlocks
    this.blocks = params.blocks
    this.buckets = Math.min(params.blocks, opts.buckets ?? 200)
    this.dev = new Series(this.buckets)
    this.spreads = new Series(this.buckets)
    this.rec = {
      index,
      seed,
      latency: [],
      latencyUnresolved: 0,
      recovery: [],
      recoveryUnresolved: 0,
      drains: 0,
      ineffective: 0,
      flashes: 0,
      flashPeakBps: 0,
      demandEpisodes: 0,
      executions: 0,
      limitedBy: { k: 0, cap: 0, peg: 0, inventory: 0 },
      stabilizerVolumePerMin: 0,
      imbalancePerMin: 0,
      grossFlowPerMin: 0,
      minInventoryUsd: Number.POSITIVE_INFINITY,
      arbTrades: 0,
      bridgeTransfers: 0,
      meshResets: 0,
      maxLegDevBps: 0,
      gasBlocks: 0,
      staleBlocks: 0,
      blockedFirings: 0,
    }
    if (opts.trace) this.trace = { mids: [], devs: [], spreads: [], usd: [], executions: [] }
  }

  private get bucket() {
    return Math.floor((this.i * this.buckets) / this.blocks)
  }

  deviation(c: number, k: number, dev: number) {
    const pool = c * 4 + k
    const abs = dev < 0 ? -dev : dev
    this.dev.add(abs, this.bucket)
    if (this.trace) {
      if (pool === 0) this.trace.devs.push([])
      this.trace.devs[this.trace.devs.length - 1].push(dev)
    }
    const drained = this.drainNow[pool] === 1
    this.drainNow[pool] = 0
    if (abs <= 10) {
      this.inBand++
      if (drained) this.rec.ineffective++
      const start = this.outStart[pool]
      if (start >= 0) {
        const len = this.i - start
        if (len >= this.N && this.epDrain[pool] === 0) this.rec.latency.push(len)
        this.outStart[pool] = -1
      }
      const pend = this.pending[pool]
      if (pend.length > 0) {
        for (const d of pend) this.rec.recovery.push(this.i - d)
        pend.length = 0
      }
      return
    }
    if (this.outStart[pool] < 0) {
      this.outStart[pool] = this.i
      this.epDrain[pool] = 0
    }
    if (drained) {
      this.epDrain[pool] = 1
      this.pending[pool].push(this.i)
    }
  }

  spread(_k: number, v: number) {
    this.spreads.add(v, this.bucket)
    if (this.trace) {
      if (_k === 0) this.trace.spreads.push([])
      this.trace.spreads[this.trace.spreads.length - 1].push(v)
    }
  }

  legDeviation(dev: number) {
    const abs = dev < 0 ? -dev : dev
    if (abs > this.rec.maxLegDevBps) this.rec.maxLegDevBps = abs
  }

  flow(c: number, k: number, baseValue: number) {
    this.flowNet[c * 4 + k] += baseValue
    this.flowGross[c * 4 + k] += Math.abs(baseValue)
  }

  drain(c: number, k: number) {
    this.rec.drains++
    this.drainNow[c * 4 + k] = 1
  }

  flash(dev: number) {
    this.rec.flashes++
    const abs = Math.abs(dev)
    if (abs > this.rec.flashPeakBps) this.rec.flashPeakBps = abs
  }

  execution(c: number, k: number, limit: number, size: number, inv: Float64Array, usd: Float64Array) {
    this.rec.executions++
    this.blockExecutions++
    const l = this.rec.limitedBy
    if (limit === 0) l.k++
    else if (limit === 1) l.cap++
    else if (limit === 2) l.peg++
    else l.inventory++
    this.volume[c * 4 + k] += size
    for (let t = 0; t < 4; t++) {
      const v = inv[t] * usd[t]
      if (v < this.rec.minInventoryUsd) this.rec.minInventoryUsd = v
    }
  }

  /** An execution seen on chain (`vault stress`): counted, without the size and inventory only the model knows. */
  executionSeen() {
    this.rec.executions++
    this.blockExecutions++
  }

  halted(_c: number, gas: boolean) {
    if (gas) this.rec.gasBlocks++
    else this.rec.staleBlocks++
  }
  blocked() {
    this.rec.blockedFirings++
  }
  arb() {
    this.rec.arbTrades++
  }
  bridgeTransfer() {
    this.rec.bridgeTransfers++
  }
  meshReset() {
    this.rec.meshResets++
  }
  demand() {
    this.rec.demandEpisodes++
  }

  traceBlock(mids: number[][], usd: Float64Array) {
    if (!this.trace) return
    this.trace.mids.push(mids.flat())
    this.trace.usd.push({ eur: usd[2], xau: usd[3] })
    this.trace.executions.push(this.blockExecutions)
  }

  endBlock() {
    this.i++
    this.blockExecutions = 0
  }

  finish(inventoryUsd: number[][]): RunRecord {
    const r = this.rec
    for (let pool = 0; pool < 8; pool++) {
      const start = this.outStart[pool]
      if (start >= 0 && this.i - start >= this.N && this.epDrain[pool] === 0) {
        r.latency.push(this.i - start)
        r.latencyUnresolved++
      }
      for (const d of this.pending[pool]) {
        r.recovery.push(this.i - d)
        r.recoveryUnresolved++
      }
    }
    const minutes = (this.blocks * this.params.blockTimeSec) / 60
    const perMin = (xs: Float64Array) => Math.max(...[...xs].map(Math.abs)) / 1e6 / minutes
    const lowest = Math.min(...inventoryUsd.flat())
    if (lowest < r.minInventoryUsd) r.minInventoryUsd = lowest
    return {
      ...r,
      inBandPct: (100 * this.inBand) / this.dev.n,
      absDev: {
        p50: this.dev.percentile(50),
        p95: this.dev.percentile(95),
        p99: this.dev.percentile(99),
        max: this.dev.max,
      },
      spread: { p95: this.spreads.percentile(95), p99: this.spreads.percentile(99), max: this.spreads.max },
      stabilizerVolumePerMin: perMin(this.volume),
      imbalancePerMin: perMin(this.flowNet),
      grossFlowPerMin: perMin(this.flowGross),
      minInventoryUsd: r.minInventoryUsd / 1e6,
      series: { dev: this.dev.bucketMax, spread: this.spreads.bucketMax },
      ...(this.trace ? { trace: this.trace } : {}),
    }
  }
}
