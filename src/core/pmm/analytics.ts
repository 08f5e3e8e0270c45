// Questions operators ask of a pool, answered on top of the exact quote functions: how much to trade to move the
// price to a target, the depth for ±bps, a trade's price impact, inventory deviation, and the i for a target price.
import { isVaultError, VaultError } from '../errors.js'
import { MAX_UINT256, ONE } from './decimal.js'
import { getMidPrice, type PMMState } from './pricing.js'
import { dvmState, dvmStateAfter, type Quote, querySell, type Side } from './quote.js'

/** How a pool's state evolves after a trade. The default, {@link dvmStateAfter}, is a DVM's. */
export type NextState = (state: PMMState, side: Side, amountIn: bigint, quote: Quote) => PMMState

/** A trade that moves the mid price to (or just past) a target. */
export interface PriceMove {
  /** Token to sell: base lowers the price, quote raises it. */
  side: Side
  /** Smallest amount (input token base units) whose trade reaches or crosses the target. 0 if already there. */
  amount: bigint
  /** The quote for that trade (receive 0 when amount is 0). */
  quote: Quote
  /** Mid price after the trade. */
  midPriceAfter: bigint
}

const MAX_SEARCH = 1n << 200n

/**
 * The side and smallest amount to sell so that the mid price after the trade reaches or crosses
 * `targetMidPrice` (1e18 fixed, decimal-adjusted like i). Found by exponential then binary search over the
 * exact quote; this relies on the mid price moving monotonically with the amount, which the curve does.
 * Returns null when no tradable amount gets there (e.g. a DVM cannot be sold past its base target).
 */
export function amountToReachPrice(
  state: PMMState,
  targetMidPrice: bigint,
  lpFeeRate: bigint,
  mtFeeRate: bigint,
  next: NextState = dvmStateAfter,
): PriceMove | null {
  if (targetMidPrice <= 0n)
    throw new VaultError('PRICE_INVALID', `targetMidPrice must be greater than 0 (got ${targetMidPrice})`)
  const mid = getMidPrice(state)
  const side: Side = targetMidPrice < mid ? 'base' : 'quote'
  const probe = (amount: bigint) => tryTrade(state, side, amount, lpFeeRate, mtFeeRate, next)
  const reached = (after: bigint) => (side === 'base' ? after <= targetMidPrice : after >= targetMidPrice)

  if (targetMidPrice === mid) {
    return { side, amount: 0n, quote: querySell(state, side, 0n, lpFeeRate, mtFeeRate), midPriceAfter: mid }
  }

  // grow an upper bound until the target is reached; remember the largest amount the pool still accepts
  let lo = 0n
  let hi = 1n
  let hit: ReturnType<typeof probe> = null
  for (;;) {
    const r = probe(hi)
    if (r === null) break
    if (reached(r.midPriceAfter)) {
      hit = r
      break
    }
    lo = hi
    if (hi >= MAX_SEARCH) return null
    hi *= 2n
  }
  if (hit === null) {
    // the pool rejects `hi`: search the largest accepted amount in (lo, hi) and check it
    let okLo = lo
    let badHi = hi
    while (badHi - okLo > 1n) {
      const m = (okLo + badHi) / 2n
      if (probe(m) === null) badHi = m
      else okLo = m
    }
    const r = okLo > 0n ? probe(okLo) : null
    if (r === null || !reached(r.midPriceAfter)) return null
    hi = okLo
    hit = r
  }
  // smallest amount in (lo, hi] that reaches the target
  while (hi - lo > 1n) {
    const m = (lo + hi) / 2n
    const r = probe(m)
    if (r !== null && reached(r.midPriceAfter)) {
      hi = m
      hit = r
    } else {
      lo = m
    }
  }
  return { side, amount: hi, quote: hit.quote, midPriceAfter: hit.midPriceAfter }
}

/** Depth: the base to sell to lower the mid price by `bps`, and the quote to sell to raise it by `bps`. */
export function depth(
  state: PMMState,
  bps: bigint,
  lpFeeRate: bigint,
  mtFeeRate: bigint,
  next: NextState = dvmStateAfter,
): { down: PriceMove | null; up: PriceMove | null } {
  if (bps <= 0n || bps >= 10_000n)
    throw new VaultError('PARAM_OUT_OF_RANGE', `bps must be between 1 and 9999 (got ${bps})`)
  const mid = getMidPrice(state)
  return {
    down: amountToReachPrice(state, (mid * (10_000n - bps)) / 10_000n, lpFeeRate, mtFeeRate, next),
    up: amountToReachPrice(state, ceilDiv(mid * (10_000n + bps), 10_000n), lpFeeRate, mtFeeRate, next),
  }
}

/** Price impact of a trade against the mid price before it. */
export interface Impact {
  /** Mid price before the trade (quote per base, 1e18 fixed, decimal-adjusted). */
  midPrice: bigint
  /** Average execution price after fees, same units (rounded down for sells of base, up for sells of quote). */
  executionPrice: bigint
  /** How much worse than mid the trader fares, 1e18 fixed (0.01e18 = 1%); ≥ 0 except for rounding. */
  impact: bigint
  /** The same in basis points, for display. */
  bps: number
}

/**
 * Slippage of selling `amount` of `side`: the average price after fees compared with the mid price
 * ((mid − exec)/mid selling base, (exec − mid)/mid selling quote).
 */
export function slippage(state: PMMState, side: Side, amount: bigint, lpFeeRate: bigint, mtFeeRate: bigint): Impact {
  if (amount <= 0n) throw new VaultError('AMOUNT_INVALID', `amount must be greater than 0 (got ${amount})`)
  const midPrice = getMidPrice(state)
  const { receive } = querySell(state, side, amount, lpFeeRate, mtFeeRate)
  let executionPrice: bigint
  let impact: bigint
  if (side === 'base') {
    executionPrice = (receive * ONE) / amount
    impact = ((midPrice - executionPrice) * ONE) / midPrice
  } else {
    // received nothing: the trader paid for nothing, an unbounded price
    executionPrice = receive === 0n ? MAX_UINT256 : ceilDiv(amount * ONE, receive)
    impact = receive === 0n ? ONE : ((executionPrice - midPrice) * ONE) / midPrice
  }
  return { midPrice, executionPrice, impact, bps: Number(impact) / 1e14 }
}

/** Price impact in basis points of selling `amount` of `side` (see {@link slippage}). */
export function slippageBps(state: PMMState, side: Side, amount: bigint, lpFeeRate: bigint, mtFeeRate: bigint) {
  return slippage(state, side, amount, lpFeeRate, mtFeeRate).bps
}

/**
 * Inventory deviation as the spec defines it: (current − target) / target, as 1e18 fixed point (signed,
 * rounded toward zero) and in basis points (rounded toward zero).
 */
export function inventoryDeviation(current: bigint, target: bigint): { ratio: bigint; bps: bigint } {
  if (target <= 0n) throw new VaultError('AMOUNT_INVALID', `target inventory must be greater than 0 (got ${target})`)
  if (current < 0n) throw new VaultError('AMOUNT_INVALID', `current inventory must not be negative (got ${current})`)
  const ratio = ((current - target) * ONE) / target
  return { ratio, bps: ((current - target) * 10_000n) / target }
}

/**
 * The integer i (1 ≤ i ≤ 1e36) whose DVM mid price, for these reserves and K, is closest to `targetMid`
 * (ties go to the smaller i). The mid price rises with i, so a bisection finds it.
 */
export function solveIForMidPrice(p: { baseReserve: bigint; quoteReserve: bigint; K: bigint; targetMid: bigint }) {
  const { baseReserve, quoteReserve, K, targetMid } = p
  if (baseReserve <= 0n) throw new VaultError('PRICE_INVALID', 'baseReserve must be greater than 0 to have a mid price')
  if (K < 0n || K > ONE) throw new VaultError('PARAM_OUT_OF_RANGE', `K must be between 0 and 1e18 (got ${K})`)
  if (targetMid <= 0n) throw new VaultError('PARAM_OUT_OF_RANGE', `targetMid must be greater than 0 (got ${targetMid})`)
  const midAt = (i: bigint) => getMidPrice(dvmState({ i, K, baseReserve, quoteReserve }))
  // smallest i with mid(i) ≥ target
  let lo = 1n
  let hi = 10n ** 36n
  if (midAt(hi) < targetMid) return hi
  while (lo < hi) {
    const m = (lo + hi) / 2n
    if (midAt(m) >= targetMid) hi = m
    else lo = m + 1n
  }
  if (lo === 1n) return lo
  const above = midAt(lo) - targetMid
  const below = targetMid - midAt(lo - 1n)
  return below <= above ? lo - 1n : lo
}

/** The trade's quote and the mid price after it, or null where the pool would revert. */
function tryTrade(state: PMMState, side: Side, amount: bigint, lpFeeRate: bigint, mtFeeRate: bigint, next: NextState) {
  try {
    const quote = querySell(state, side, amount, lpFeeRate, mtFeeRate)
    return { quote, midPriceAfter: getMidPrice(next(state, side, amount, quote)) }
  } catch (e) {
    if (isVaultError(e) && e.code === 'PMM_REVERT') return null
    throw e
  }
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b
}
