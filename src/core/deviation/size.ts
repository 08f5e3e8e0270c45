import { amountToReachPrice } from '../pmm/analytics.js'
import type { PMMState } from '../pmm/pricing.js'

export interface SizeInput {
  /** The Stabilizer's TWAP deviation (bps): above the peg → sell base, below → sell quote. */
  deviationBps: bigint
  /** What the contract accepts now: min(k × |deviation|, perBlockCap), in the input token's units. */
  maxTradeSize: bigint
  /** The pool's PMM state and fees, to find the trade that brings its mid price back to the peg. */
  state: PMMState
  lpFeeRate: bigint
  mtFeeRate: bigint
  peg: bigint
}

export type CorrectionSize =
  | { kind: 'trade'; tradeSize: bigint; sizedBy: 'maxTradeSize' | 'toPeg'; toPeg: bigint | null }
  /** The pool's spot price is already at or past the peg (the TWAP lags): trading would push it further away. */
  | { kind: 'at_peg' }
  /** k or the per-block cap is 0. */
  | { kind: 'zero' }

/**
 * The correction the keeper (and `stabilizer swap`) sends: the smaller of what the rule allows and the exact PMM
 * trade back to the peg; the rule's maximum when no trade reaches the peg within the reserves.
 */
export function correctionSize(x: SizeInput): CorrectionSize {
  const sellBase = x.deviationBps > 0n
  const move = amountToReachPrice(x.state, x.peg, x.lpFeeRate, x.mtFeeRate)
  const toPeg = move && move.side === (sellBase ? 'base' : 'quote') ? move.amount : move ? 0n : null
  if (toPeg === 0n) return { kind: 'at_peg' }
  if (x.maxTradeSize === 0n) return { kind: 'zero' }
  if (toPeg !== null && toPeg < x.maxTradeSize) return { kind: 'trade', tradeSize: toPeg, sizedBy: 'toPeg', toPeg }
  return { kind: 'trade', tradeSize: x.maxTradeSize, sizedBy: 'maxTradeSize', toPeg }
}
