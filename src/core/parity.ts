// The cross-chain parity trade (spec §9, §16: spread < 15 bps): when a public pair's mid price differs between
// 138 and Alltra by more than a threshold, buy base where it is cheap (sell quote there) and sell base where it is
// dear, each pool moved to the midpoint of the two mids, sized with the exact PMM quote so the spread after the
// two trades lands under the target. Used by the parity bot (`vault bridge arb`).
import { crossChainSpreadBps } from './models/bridge.js'
import { amountToReachPrice } from './pmm/analytics.js'
import { min } from './pmm/decimal.js'
import { getMidPrice, type PMMState } from './pmm/pricing.js'
import { dvmStateAfter, type Quote, querySell } from './pmm/quote.js'

export interface ParityPool {
  chainId: number
  state: PMMState
  lpFeeRate: bigint
  mtFeeRate: bigint
  /** What the bot holds on this chain, base units: base to sell where dear, quote to spend where cheap. */
  inventory: { base: bigint; quote: bigint }
}

export interface ParityLeg {
  chainId: number
  /** The token sold into the pool: quote on the cheap chain (price up), base on the dear chain (price down). */
  side: 'base' | 'quote'
  amountIn: bigint
  quote: Quote
  midBefore: bigint
  midAfter: bigint
  /** The leg was cut to the inventory held. */
  limitedByInventory: boolean
}

export type ParityDecision =
  | { action: 'none'; spreadBps: bigint; reason: 'within_threshold' }
  | { action: 'blocked'; spreadBps: bigint; reason: 'fee_above_cap' | 'no_inventory' | 'unreachable'; feeBps?: bigint }
  | {
      action: 'trade'
      spreadBps: bigint
      spreadAfterBps: bigint
      /** Fees paid on both legs against what they return (lp + maintainer), bps. */
      feeBps: bigint
      buy: ParityLeg
      sell: ParityLeg
    }

export interface ParityOptions {
  /** Act only when the spread is at or above this (bps). */
  thresholdBps: bigint
  /** Never pay more than this in fees on a leg (bps of what the leg returns). */
  maxFeeBps: bigint
}

/**
 * Decide the parity trade for one pair. Prices are the pools' mid prices (quote per base, 1e18, decimal-adjusted),
 * so the two chains compare directly when the pair's tokens have the same decimals on both.
 */
export function planParity(a: ParityPool, b: ParityPool, opts: ParityOptions): ParityDecision {
  const pa = getMidPrice(a.state)
  const pb = getMidPrice(b.state)
  const spreadBps = crossChainSpreadBps(pa, pb)
  if (spreadBps < opts.thresholdBps || pa === pb) return { action: 'none', spreadBps, reason: 'within_threshold' }
  const [cheap, dear] = pa < pb ? [a, b] : [b, a]
  const target = (pa + pb) / 2n
  const buy = leg(cheap, target, 'quote')
  const sell = leg(dear, target, 'base')
  if (buy === 'unreachable' || sell === 'unreachable') return { action: 'blocked', spreadBps, reason: 'unreachable' }
  if (buy === 'empty' || sell === 'empty') return { action: 'blocked', spreadBps, reason: 'no_inventory' }
  const feeBps = maxBps(feeOf(buy.quote), feeOf(sell.quote))
  if (feeBps > opts.maxFeeBps) return { action: 'blocked', spreadBps, reason: 'fee_above_cap', feeBps }
  return {
    action: 'trade',
    spreadBps,
    spreadAfterBps: crossChainSpreadBps(buy.midAfter, sell.midAfter),
    feeBps,
    buy,
    sell,
  }
}

function leg(p: ParityPool, target: bigint, side: 'base' | 'quote'): ParityLeg | 'unreachable' | 'empty' {
  const midBefore = getMidPrice(p.state)
  const move = amountToReachPrice(p.state, target, p.lpFeeRate, p.mtFeeRate)
  if (move === null || move.side !== side) return 'unreachable'
  const held = side === 'base' ? p.inventory.base : p.inventory.quote
  const amountIn = min(move.amount, held)
  if (amountIn === 0n) return 'empty'
  const quote = amountIn === move.amount ? move.quote : querySell(p.state, side, amountIn, p.lpFeeRate, p.mtFeeRate)
  const midAfter =
    amountIn === move.amount ? move.midPriceAfter : getMidPrice(dvmStateAfter(p.state, side, amountIn, quote))
  return { chainId: p.chainId, side, amountIn, quote, midBefore, midAfter, limitedByInventory: amountIn < move.amount }
}

const feeOf = (q: Quote) => (q.gross === 0n ? 0n : ((q.lpFee + q.mtFee) * 10_000n) / q.gross)
const maxBps = (x: bigint, y: bigint) => (x > y ? x : y)
