import { VaultError } from '../errors.js'
import { absBig, deviationBps, maxBig, signOf } from './price.js'

/**
 * Flash-loan containment (spec §8, Appendix A) over end-of-block prices, with the Stabilizer's semantics:
 * - p(b) is the pool's mid price at the end of block b (`getMidPrice()` read at block b).
 * - At execution block h only completed blocks count: TWAP(h) = Σ p(b) for b in [h−W, h−1], divided by W
 *   (rounded down). A flash loan, or a trade reversed within one block, never shows in any p(b).
 * - Sustained(h, N, θ): every b in [h−N, h−1] has |deviationBps(p(b), peg)| > θ, all with the same sign.
 * - shouldRebalance = |deviationBps(TWAP, peg)| > θ && Sustained(h, N, θ).
 */

/** End-of-block values by block number: a Map, or an array of `{block, price}` rows. */
export type PriceSeries = ReadonlyMap<bigint, bigint> | readonly { block: bigint; price: bigint }[]
/** Deviations in bps by block number: a Map, or an array of `{block, deviationBps}` rows. */
export type DeviationSeries = ReadonlyMap<bigint, bigint> | readonly { block: bigint; deviationBps: bigint }[]

type Count = bigint | number

function count(value: Count, name: string, min = 1n): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new VaultError('NUMBER_INVALID', `${name} must be a whole number`, { details: `Got ${value}.` })
  const v = BigInt(value)
  if (v < min) throw new VaultError('PARAM_OUT_OF_RANGE', `${name} must be at least ${min}`, { details: `Got ${v}.` })
  return v
}

function threshold(value: Count): bigint {
  return count(value, 'Threshold (bps)', 0n)
}

function toMap<T extends { block: bigint }>(
  series: ReadonlyMap<bigint, bigint> | readonly T[],
  pick: (row: T) => bigint,
  what: string,
): ReadonlyMap<bigint, bigint> {
  if (series instanceof Map) return series
  const out = new Map<bigint, bigint>()
  for (const row of series as readonly T[]) {
    const value = pick(row)
    const seen = out.get(row.block)
    if (seen !== undefined && seen !== value) {
      throw new VaultError('PRICE_HISTORY_INVALID', `Two different ${what} for block ${row.block}`, {
        details: `Got ${seen} and ${value}.`,
      })
    }
    out.set(row.block, value)
  }
  return out
}

const priceMap = (s: PriceSeries) => toMap(s, (r) => r.price, 'end-of-block prices')
const deviationMap = (s: DeviationSeries) => toMap(s, (r) => r.deviationBps, 'deviations')

function priceAt(prices: ReadonlyMap<bigint, bigint>, block: bigint): bigint {
  const p = prices.get(block)
  if (p === undefined) {
    throw new VaultError('PRICE_HISTORY_INVALID', `Missing the end-of-block price of block ${block}`, {
      hints: ['Read getMidPrice() at every block listed by blocksNeeded(h, W, N).'],
    })
  }
  if (p < 0n)
    throw new VaultError('PRICE_HISTORY_INVALID', `Negative price for block ${block}`, { details: `Got ${p}.` })
  return p
}

/**
 * The blocks whose end-of-block prices `evaluate` needs at execution block h: [h − max(W, N), h − 1], ascending.
 */
export function blocksNeeded(h: bigint, W: Count, N: Count): bigint[] {
  const w = count(W, 'TWAP window (W)')
  const n = count(N, 'Sustain blocks (N)')
  const span = maxBig(w, n)
  if (h < span)
    throw new VaultError('WINDOW_TOO_LONG', `Block ${h} is too early for a ${span}-block window`, {
      details: `Need h ≥ ${span}.`,
    })
  const out: bigint[] = []
  for (let b = h - span; b < h; b++) out.push(b)
  return out
}

/** TWAP(h) = (Σ p(b), b in [h−W, h−1]) / W, rounded down. Throws badInput if a block's price is missing. */
export function twap(prices: PriceSeries, h: bigint, W: Count): bigint {
  const w = count(W, 'TWAP window (W)')
  if (h < w)
    throw new VaultError('WINDOW_TOO_LONG', `Block ${h} is too early for a ${w}-block TWAP`, {
      details: `Need h ≥ ${w}.`,
    })
  const map = priceMap(prices)
  let sum = 0n
  for (let b = h - w; b < h; b++) sum += priceAt(map, b)
  return sum / w
}

/**
 * How many consecutive completed blocks, counting back from h − 1, have |deviation| > θ with the sign of
 * block h − 1's deviation. Counting stops at the first in-band block, a sign flip, or a block missing from
 * the series. Sustained(h, N, θ) ⇔ sustainedFor(…) ≥ N.
 */
export function sustainedFor(deviations: DeviationSeries, h: bigint, thresholdBps: Count): number {
  const theta = threshold(thresholdBps)
  const map = deviationMap(deviations)
  let sign: -1 | 0 | 1 = 0
  let n = 0
  for (let b = h - 1n; b >= 0n; b--) {
    const d = map.get(b)
    if (d === undefined || absBig(d) <= theta) break
    const s = signOf(d)
    if (sign === 0) sign = s
    else if (s !== sign) break
    n++
  }
  return n
}

export interface EvaluateInput {
  /** End-of-block prices covering at least [h − max(W, N), h − 1]; other blocks are ignored. */
  endOfBlockPrices: PriceSeries
  peg: bigint
  /** Execution block (`block.number` of the call being judged). */
  h: bigint
  /** TWAP window in blocks (≥ 1). */
  W: Count
  /** Sustain blocks (≥ 1). */
  N: Count
  /** θ: dead band in bps (≥ 0). */
  thresholdBps: Count
}

export type DeviationVerdict = 'in-band' | 'excursion' | 'sustained'

/**
 * Result of `evaluate`. JSON: bigints as decimal strings.
 * verdict: 'sustained' when shouldRebalance; 'excursion' when it does not fire but the spot, the TWAP or any
 * block in the window is beyond θ (e.g. a single-block spike, or a deviation not yet N blocks old);
 * 'in-band' otherwise.
 */
export interface DeviationEvaluation {
  h: bigint
  /** The blocks read: [from, to] = [h − max(W, N), h − 1]. */
  window: { from: bigint; to: bigint }
  peg: bigint
  thresholdBps: bigint
  W: bigint
  N: bigint
  /** p(h − 1): the last completed block's price. */
  spotPrice: bigint
  spotDeviationBps: bigint
  twap: bigint
  twapDeviationBps: bigint
  /** sustainedFor within the window (so at most max(W, N)). */
  sustainedBlocks: number
  /** Sign of the sustained run: 1 above peg, −1 below, 0 when there is none. */
  sustainedSign: -1 | 0 | 1
  /** sustainedBlocks ≥ N. */
  sustained: boolean
  shouldRebalance: boolean
  verdict: DeviationVerdict
  /** Blocks in the window with |deviation| > θ. */
  blocksOutOfBand: number
  maxAbsDeviationBps: bigint
  /** Every block in the window, ascending. */
  blocks: { block: bigint; price: bigint; deviationBps: bigint }[]
}

/** What `checkDeviation()` returns at block h, with the detail an operator needs to see why. */
export function evaluate(input: EvaluateInput): DeviationEvaluation {
  const { h, peg } = input
  const theta = threshold(input.thresholdBps)
  const needed = blocksNeeded(h, input.W, input.N)
  const W = BigInt(input.W)
  const N = BigInt(input.N)
  const prices = priceMap(input.endOfBlockPrices)
  const blocks = needed.map((block) => {
    const price = priceAt(prices, block)
    return { block, price, deviationBps: deviationBps(price, peg) }
  })
  const devs = new Map(blocks.map((b) => [b.block, b.deviationBps]))
  const spot = blocks[blocks.length - 1]
  const avg = twap(prices, h, W)
  const twapDeviationBps = deviationBps(avg, peg)
  const sustainedBlocks = sustainedFor(devs, h, theta)
  const sustained = BigInt(sustainedBlocks) >= N
  const shouldRebalance = absBig(twapDeviationBps) > theta && sustained
  const blocksOutOfBand = blocks.filter((b) => absBig(b.deviationBps) > theta).length
  let maxAbsDeviationBps = 0n
  for (const b of blocks) maxAbsDeviationBps = maxBig(maxAbsDeviationBps, absBig(b.deviationBps))
  const verdict: DeviationVerdict = shouldRebalance
    ? 'sustained'
    : blocksOutOfBand > 0 || absBig(twapDeviationBps) > theta
      ? 'excursion'
      : 'in-band'
  return {
    h,
    window: { from: needed[0], to: needed[needed.length - 1] },
    peg,
    thresholdBps: theta,
    W,
    N,
    spotPrice: spot.price,
    spotDeviationBps: spot.deviationBps,
    twap: avg,
    twapDeviationBps,
    sustainedBlocks,
    sustainedSign: sustainedBlocks > 0 ? signOf(spot.deviationBps) : 0,
    sustained,
    shouldRebalance,
    verdict,
    blocksOutOfBand,
    maxAbsDeviationBps,
    blocks,
  }
}

/**
 * The same rule over float prices, incrementally, for the simulator's fast path (proved against `evaluate` by
 * the simulator's agreement test). `ring` holds the last `ring.length` end-of-block prices (≥ max(W, N)), the
 * newest, p(h − 1), at index `(head − 1) mod length`. Deviations are truncated to whole bps against the current
 * peg, as the contract does. Returns the TWAP's deviation in bps when shouldRebalance, else 0.
 */
export function ruleFires(ring: Float64Array, head: number, W: number, N: number, thetaBps: number, peg: number) {
  const cap = ring.length
  let at = head === 0 ? cap - 1 : head - 1
  const first = Math.trunc(((ring[at] - peg) * 10_000) / peg)
  if (first <= thetaBps && first >= -thetaBps) return 0
  let sum = ring[at]
  for (let j = 1; j < N || j < W; j++) {
    at = at === 0 ? cap - 1 : at - 1
    const p = ring[at]
    if (j < N) {
      const d = Math.trunc(((p - peg) * 10_000) / peg)
      if (d <= thetaBps && d >= -thetaBps) return 0
      if (d > 0 !== first > 0) return 0
    }
    if (j < W) sum += p
  }
  const twapDev = Math.trunc(((sum / W - peg) * 10_000) / peg)
  return twapDev > thetaBps || twapDev < -thetaBps ? twapDev : 0
}
