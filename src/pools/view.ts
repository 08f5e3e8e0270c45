import type { ChainId } from '../config/schema.js'
import { formatAmount } from '../core/format.js'
import { iToPrice } from '../core/pmm/convert.js'
import { rStateName } from '../core/pmm/pricing.js'
import type { PoolInfo } from './read.js'

/** Human price (quote per base) from a mid-price-unit value. */
export const humanPrice = (p: PoolInfo, v: bigint) => iToPrice(v, p.base.decimals, p.quote.decimals)

/** The --json shape of a pool row (stable field names; bigints as decimal strings by the base command). */
export function poolRow(p: PoolInfo, chainId: ChainId) {
  return {
    chainId,
    pair: p.pair,
    address: p.address,
    visibility: p.isPrivate ? 'private' : 'public',
    bucket: p.bucket,
    base: { symbol: p.base.symbol, address: p.base.address, decimals: p.base.decimals },
    quote: { symbol: p.quote.symbol, address: p.quote.address, decimals: p.quote.decimals },
    midPrice: p.midPrice,
    price: humanPrice(p, p.midPrice),
    baseReserve: p.state.B,
    quoteReserve: p.state.Q,
    pegPrice: p.pegPrice,
    deviationBps: p.deviationBps,
  }
}

export function poolState(p: PoolInfo) {
  return {
    i: p.state.i,
    K: p.state.K,
    B: p.state.B,
    Q: p.state.Q,
    B0: p.state.B0,
    Q0: p.state.Q0,
    R: p.state.R,
    RName: rStateName(p.state.R),
    lpFeeRate: p.lpFeeRate,
    mtFeeRate: p.mtFeeRate,
    isOpenTWAP: p.isOpenTWAP,
  }
}

export const fmtReserve = (v: bigint, decimals: number) => formatAmount(v, decimals, { maxFraction: 2 })

/** Depth to move the mid price by ±0.1% and ±1%: amounts of base to sell (down) and quote to sell (up). */
export async function poolDepth(p: PoolInfo) {
  const { depth } = await import('../core/pmm/analytics.js')
  const at = (bps: bigint) => {
    const d = depth(p.state, bps, p.lpFeeRate, p.mtFeeRate)
    return { bps, sellBaseToLower: d.down?.amount ?? null, sellQuoteToRaise: d.up?.amount ?? null }
  }
  return [at(10n), at(100n)]
}
