import { describe, expect, it } from 'vitest'
import { crossChainSpreadBps } from './models/bridge.js'
import { type ParityPool, planParity } from './parity.js'
import { getMidPrice } from './pmm/pricing.js'
import { dvmState, dvmStateAfter, querySell } from './pmm/quote.js'

const E18 = 10n ** 18n
const pool = (
  chainId: number,
  baseReserve: bigint,
  quoteReserve: bigint,
  inventory = { base: 10n ** 30n, quote: 10n ** 30n },
): ParityPool => ({
  chainId,
  state: dvmState({ i: E18, K: E18 / 10n, baseReserve, quoteReserve }),
  lpFeeRate: 3n * 10n ** 14n, // 3 bps
  mtFeeRate: 0n,
  inventory,
})

describe('planParity', () => {
  const even = pool(138, 1_000_000n * E18, 1_000_000n * E18)
  // 20,000 base sold on Alltra: base is cheap there
  const shocked = (() => {
    const p = pool(651940, 1_000_000n * E18, 1_000_000n * E18)
    const q = querySell(p.state, 'base', 20_000n * E18, p.lpFeeRate, p.mtFeeRate)
    return { ...p, state: dvmStateAfter(p.state, 'base', 20_000n * E18, q) }
  })()

  it('does nothing under the threshold', () => {
    expect(planParity(even, even, { thresholdBps: 10n, maxFeeBps: 30n })).toMatchObject({
      action: 'none',
      spreadBps: 0n,
    })
  })

  it('buys where cheap and sells where dear, landing the spread under the 15 bps target, each leg exact', () => {
    const before = crossChainSpreadBps(getMidPrice(even.state), getMidPrice(shocked.state))
    expect(before).toBeGreaterThan(15n)
    const d = planParity(even, shocked, { thresholdBps: 10n, maxFeeBps: 30n })
    if (d.action !== 'trade') throw new Error(`expected a trade, got ${d.action}`)
    expect(d.spreadBps).toBe(before)
    expect(d.buy).toMatchObject({ chainId: 651940, side: 'quote', limitedByInventory: false })
    expect(d.sell).toMatchObject({ chainId: 138, side: 'base', limitedByInventory: false })
    expect(d.spreadAfterBps).toBeLessThan(15n)
    // the legs are the pools' own quotes: replaying them gives the same mids
    const afterBuy = dvmStateAfter(
      shocked.state,
      'quote',
      d.buy.amountIn,
      querySell(shocked.state, 'quote', d.buy.amountIn, shocked.lpFeeRate, 0n),
    )
    expect(getMidPrice(afterBuy)).toBe(d.buy.midAfter)
    expect(d.feeBps).toBeLessThanOrEqual(3n)
  })

  it('refuses to pay more fees than the cap', () => {
    const dear = { ...even, lpFeeRate: 5n * 10n ** 15n } // 50 bps
    const d = planParity(dear, shocked, { thresholdBps: 10n, maxFeeBps: 30n })
    if (d.action !== 'blocked') throw new Error(`expected blocked, got ${d.action}`)
    expect(d.reason).toBe('fee_above_cap')
    expect(d.feeBps).toBeGreaterThan(30n)
  })

  it('cuts a leg to the inventory held, and is blocked with none', () => {
    const poor = { ...shocked, inventory: { base: 0n, quote: 1_000n * E18 } }
    const d = planParity(even, poor, { thresholdBps: 10n, maxFeeBps: 30n })
    if (d.action !== 'trade') throw new Error(`expected a trade, got ${d.action}`)
    expect(d.buy.amountIn).toBe(1_000n * E18)
    expect(d.buy.limitedByInventory).toBe(true)
    expect(
      planParity(even, { ...shocked, inventory: { base: 0n, quote: 0n } }, { thresholdBps: 10n, maxFeeBps: 30n }),
    ).toMatchObject({ action: 'blocked', reason: 'no_inventory' })
  })
})
