// A simulated public DVM pool: exact PMM state, trades applied as the pool contract would apply them.

import { SEED_K, SEED_LP_FEE_RATE, SEED_QUOTE_VALUE_DIVISOR } from '../../localnet/deploy.js'
import { isVaultError } from '../errors.js'
import { solveIForMidPrice } from '../pmm/analytics.js'
import { getMidPrice, type PMMState } from '../pmm/pricing.js'
import { dvmState, dvmStateAfter, type Quote, querySell, type Side } from '../pmm/quote.js'

const WAD = 10n ** 18n

export interface SimPool {
  state: PMMState
  /** Oracle peg in mid-price units (constant over a run). */
  peg: bigint
  lpFeeRate: bigint
  mtFeeRate: bigint
}

/** Who traded: external flow, the stabilizer, the cross-chain bot, a flash drain (and its reversal), a drain. */
export type TradeKind = 'flow' | 'stabilizer' | 'arb' | 'flash' | 'flash-reverse' | 'drain'

export interface TradeRecord {
  kind: TradeKind
  side: Side
  amountIn: bigint
  quote: Quote
  before: { B: bigint; Q: bigint }
  after: { B: bigint; Q: bigint }
}

/**
 * A pool seeded as localnet seeds its public pools: `depth` of base, quote worth 1/SEED_QUOTE_VALUE_DIVISOR of
 * it, the localnet K and LP fee, and i solved so the DVM's mid price sits on the peg.
 */
export function seedPool(depth: bigint, peg: bigint = WAD): SimPool {
  const quoteReserve = (depth * peg) / WAD / SEED_QUOTE_VALUE_DIVISOR
  const i = solveIForMidPrice({ baseReserve: depth, quoteReserve, K: SEED_K, targetMid: peg })
  return {
    state: dvmState({ i, K: SEED_K, baseReserve: depth, quoteReserve }),
    peg,
    lpFeeRate: SEED_LP_FEE_RATE,
    mtFeeRate: 0n,
  }
}

export const midPrice = (pool: SimPool) => getMidPrice(pool.state)

/** The quote for a trade without applying it; null where the pool would revert. */
export function quoteTrade(pool: SimPool, side: Side, amountIn: bigint): Quote | null {
  try {
    return querySell(pool.state, side, amountIn, pool.lpFeeRate, pool.mtFeeRate)
  } catch (e) {
    if (isVaultError(e) && e.code === 'PMM_REVERT') return null
    throw e
  }
}

/** Sells `amountIn` of `side` into the pool and moves it to its new state; null (nothing changes) on a revert. */
export function trade(pool: SimPool, kind: TradeKind, side: Side, amountIn: bigint): TradeRecord | null {
  if (amountIn <= 0n) return null
  const quote = quoteTrade(pool, side, amountIn)
  if (quote === null) return null
  const before = { B: pool.state.B, Q: pool.state.Q }
  pool.state = dvmStateAfter(pool.state, side, amountIn, quote)
  return { kind, side, amountIn, quote, before, after: { B: pool.state.B, Q: pool.state.Q } }
}
