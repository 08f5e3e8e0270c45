// PMM pricing on a pool state: what a sell of base or quote returns, the state's targets and its mid price,
// exactly as the pool contracts compute them.
import { add, div, divFloor, min, mul, mulFloor, ONE, reciprocalFloor, sub } from './decimal.js'
import { generalIntegrate, solveQuadraticFunctionForTarget, solveQuadraticFunctionForTrade } from './math.js'

/** Which side is short of its target: ONE (both at target), ABOVE_ONE (base short), BELOW_ONE (quote short). */
export const RState = { ONE: 0, ABOVE_ONE: 1, BELOW_ONE: 2 } as const
export type RState = (typeof RState)[keyof typeof RState]

/** Name of an R state, as the contracts' enum spells it. */
/** The contract's R-state enum value as an RState (0 ONE, 1 ABOVE_ONE, 2 BELOW_ONE). */
export function rState(r: bigint | number): RState {
  const n = Number(r)
  if (n === RState.ONE || n === RState.ABOVE_ONE || n === RState.BELOW_ONE) return n
  throw new RangeError(`R state ${r} is not 0, 1 or 2`)
}

export const rStateName = (r: RState): 'ONE' | 'ABOVE_ONE' | 'BELOW_ONE' =>
  r === RState.ONE ? 'ONE' : r === RState.ABOVE_ONE ? 'ABOVE_ONE' : 'BELOW_ONE'

/**
 * A pool's pricing state, as `getPMMStateForCall()` returns it.
 * i: oracle/initial price (quote per base, 1e18 fixed, decimal-adjusted); K: curve slope in [0, 1e18];
 * B, Q: base and quote reserves; B0, Q0: their targets; R: which side is short.
 */
export interface PMMState {
  i: bigint
  K: bigint
  B: bigint
  Q: bigint
  B0: bigint
  Q0: bigint
  R: RState
}

/** Result of a sell on the curve before fees: the amount out and the R state the pool moves to. */
export interface CurveTrade {
  receive: bigint
  newR: RState
}

/** Quote received for selling `payBaseAmount` of base (before fees), and the new R state. */
export function sellBaseToken(state: PMMState, payBaseAmount: bigint): CurveTrade {
  if (state.R === RState.ONE) {
    return { receive: rOneSellBase(state, payBaseAmount), newR: RState.BELOW_ONE }
  }
  if (state.R === RState.ABOVE_ONE) {
    const backToOnePayBase = sub(state.B0, state.B)
    const backToOneReceiveQuote = sub(state.Q, state.Q0)
    if (payBaseAmount < backToOnePayBase) {
      const receive = generalIntegrate(state.B0, add(state.B, payBaseAmount), state.B, state.i, state.K)
      // rounding can overshoot the spare quote; the contract caps it
      return { receive: min(receive, backToOneReceiveQuote), newR: RState.ABOVE_ONE }
    }
    if (payBaseAmount === backToOnePayBase) return { receive: backToOneReceiveQuote, newR: RState.ONE }
    const rest = rOneSellBase(state, sub(payBaseAmount, backToOnePayBase))
    return { receive: add(backToOneReceiveQuote, rest), newR: RState.BELOW_ONE }
  }
  const receive = solveQuadraticFunctionForTrade(state.Q0, state.Q, payBaseAmount, state.i, state.K)
  return { receive, newR: RState.BELOW_ONE }
}

/** Base received for selling `payQuoteAmount` of quote (before fees), and the new R state. */
export function sellQuoteToken(state: PMMState, payQuoteAmount: bigint): CurveTrade {
  if (state.R === RState.ONE) {
    return { receive: rOneSellQuote(state, payQuoteAmount), newR: RState.ABOVE_ONE }
  }
  if (state.R === RState.ABOVE_ONE) {
    const receive = solveQuadraticFunctionForTrade(state.B0, state.B, payQuoteAmount, reciprocalFloor(state.i), state.K)
    return { receive, newR: RState.ABOVE_ONE }
  }
  const backToOnePayQuote = sub(state.Q0, state.Q)
  const backToOneReceiveBase = sub(state.B, state.B0)
  if (payQuoteAmount < backToOnePayQuote) {
    const receive = generalIntegrate(state.Q0, add(state.Q, payQuoteAmount), state.Q, reciprocalFloor(state.i), state.K)
    return { receive: min(receive, backToOneReceiveBase), newR: RState.BELOW_ONE }
  }
  if (payQuoteAmount === backToOnePayQuote) return { receive: backToOneReceiveBase, newR: RState.ONE }
  const rest = rOneSellQuote(state, sub(payQuoteAmount, backToOnePayQuote))
  return { receive: add(backToOneReceiveBase, rest), newR: RState.ABOVE_ONE }
}

function rOneSellBase(state: PMMState, payBaseAmount: bigint): bigint {
  return solveQuadraticFunctionForTrade(state.Q0, state.Q0, payBaseAmount, state.i, state.K)
}

function rOneSellQuote(state: PMMState, payQuoteAmount: bigint): bigint {
  return solveQuadraticFunctionForTrade(state.B0, state.B0, payQuoteAmount, reciprocalFloor(state.i), state.K)
}

/**
 * The state with its short side's target re-solved from the reserves (the contracts' `adjustedTarget`):
 * BELOW_ONE re-solves Q0 from the excess base, ABOVE_ONE re-solves B0 from the excess quote, ONE is unchanged.
 */
export function adjustedTarget(state: PMMState): PMMState {
  if (state.R === RState.BELOW_ONE) {
    const Q0 = solveQuadraticFunctionForTarget(state.Q, sub(state.B, state.B0), state.i, state.K)
    return { ...state, Q0 }
  }
  if (state.R === RState.ABOVE_ONE) {
    const B0 = solveQuadraticFunctionForTarget(state.B, sub(state.Q, state.Q0), reciprocalFloor(state.i), state.K)
    return { ...state, B0 }
  }
  return { ...state }
}

/**
 * Marginal price (quote per base, 1e18 fixed, decimal-adjusted like i) of a state:
 * i × (1 − k + k·(B0/B)²), or i / (1 − k + k·(Q0/Q)²) when quote is short.
 */
export function getMidPrice(state: PMMState): bigint {
  if (state.R === RState.BELOW_ONE) {
    let r = divFloor(div(mul(state.Q0, state.Q0), state.Q), state.Q)
    r = add(sub(ONE, state.K), mulFloor(state.K, r))
    return divFloor(state.i, r)
  }
  let r = divFloor(div(mul(state.B0, state.B0), state.B), state.B)
  r = add(sub(ONE, state.K), mulFloor(state.K, r))
  return mulFloor(state.i, r)
}
