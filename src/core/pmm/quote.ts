// Quotes with fees, as a DODO vending machine (DVM) pool's querySellBase/querySellQuote return them,
// and the DVM's state: targets re-solved from the reserves on every read.
import { VaultError } from '../errors.js'
import { MAX_UINT256, mulFloor, sub } from './decimal.js'
import { adjustedTarget, type PMMState, RState, sellBaseToken, sellQuoteToken } from './pricing.js'

/** The token a trader sells into the pool: `base` lowers the pool's price, `quote` raises it. */
export type Side = 'base' | 'quote'

/** A quote as the pool computes it. */
export interface Quote {
  /** What the trader receives, after both fees. */
  receive: bigint
  /** Maintainer fee, rounded down on its own (sent to the maintainer, leaves the pool). */
  mtFee: bigint
  /** LP fee, rounded down on its own (stays in the pool). */
  lpFee: bigint
  /** Curve output before fees: receive + mtFee + lpFee. */
  gross: bigint
  /** R state after the trade. */
  newR: RState
}

/** A DVM pool's parameters and reserves (base units). */
export interface DvmReserves {
  i: bigint
  K: bigint
  baseReserve: bigint
  quoteReserve: bigint
}

/**
 * The PMM state a DVM reports for these reserves (its `getPMMState`): the quote target is taken as 0 and
 * R as ABOVE_ONE, and B0 is solved from all of the quote reserve. So equal reserves do not quote at i.
 */
export function dvmState({ i, K, baseReserve, quoteReserve }: DvmReserves): PMMState {
  checkUint('i', i)
  checkUint('K', K)
  checkUint('baseReserve', baseReserve)
  checkUint('quoteReserve', quoteReserve)
  return adjustedTarget({ i, K, B: baseReserve, Q: quoteReserve, B0: 0n, Q0: 0n, R: RState.ABOVE_ONE })
}

/** Quote for selling `amount` base into a pool in `state`, fees taken from the output as the DVM does. */
export function querySellBase(state: PMMState, amount: bigint, lpFeeRate: bigint, mtFeeRate: bigint): Quote {
  checkTrade(amount, lpFeeRate, mtFeeRate)
  const { receive, newR } = sellBaseToken(state, amount)
  return withFees(receive, newR, lpFeeRate, mtFeeRate)
}

/** Quote for selling `amount` quote into a pool in `state`, fees taken from the output as the DVM does. */
export function querySellQuote(state: PMMState, amount: bigint, lpFeeRate: bigint, mtFeeRate: bigint): Quote {
  checkTrade(amount, lpFeeRate, mtFeeRate)
  const { receive, newR } = sellQuoteToken(state, amount)
  return withFees(receive, newR, lpFeeRate, mtFeeRate)
}

/** Quote for selling `amount` of `side`. */
export function querySell(state: PMMState, side: Side, amount: bigint, lpFeeRate: bigint, mtFeeRate: bigint): Quote {
  return side === 'base'
    ? querySellBase(state, amount, lpFeeRate, mtFeeRate)
    : querySellQuote(state, amount, lpFeeRate, mtFeeRate)
}

/**
 * A DVM's reserves after a trade: the input joins its side, the output and the maintainer fee leave the other
 * (the LP fee stays). Assumes the pool held exactly its reserves before the trade.
 */
export function dvmReservesAfter(state: PMMState, side: Side, amountIn: bigint, quote: Quote) {
  const out = quote.receive + quote.mtFee
  return side === 'base'
    ? { baseReserve: state.B + amountIn, quoteReserve: sub(state.Q, out) }
    : { baseReserve: sub(state.B, out), quoteReserve: state.Q + amountIn }
}

/** A DVM's state after a trade: the new reserves with the targets re-solved. */
export function dvmStateAfter(state: PMMState, side: Side, amountIn: bigint, quote: Quote): PMMState {
  return dvmState({ i: state.i, K: state.K, ...dvmReservesAfter(state, side, amountIn, quote) })
}

function withFees(gross: bigint, newR: RState, lpFeeRate: bigint, mtFeeRate: bigint): Quote {
  const mtFee = mulFloor(gross, mtFeeRate)
  const lpFee = mulFloor(gross, lpFeeRate)
  const receive = sub(sub(gross, lpFee), mtFee)
  return { receive, mtFee, lpFee, gross, newR }
}

function checkTrade(amount: bigint, lpFeeRate: bigint, mtFeeRate: bigint) {
  checkUint('amount', amount)
  checkUint('lpFeeRate', lpFeeRate)
  checkUint('mtFeeRate', mtFeeRate)
}

function checkUint(field: string, v: bigint) {
  if (typeof v !== 'bigint' || v < 0n || v > MAX_UINT256) {
    throw new VaultError('NUMBER_INVALID', `${field} must be a non-negative integer below 2^256 (got ${String(v)})`, {
      field,
    })
  }
}
