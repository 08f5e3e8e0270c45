import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isVaultError } from '../errors.js'
import { amountToReachPrice, depth, inventoryDeviation, slippage, slippageBps, solveIForMidPrice } from './analytics.js'
import { ONE } from './decimal.js'
import { getMidPrice } from './pricing.js'
import { dvmState, dvmStateAfter, querySell, type Side } from './quote.js'

const vectors = JSON.parse(readFileSync(new URL('../../../test/fixtures/pmm-vectors.json', import.meta.url), 'utf8'))
const [initial, afterSellBase, afterSellQuote] = vectors.snapshots
const LP = 3n * 10n ** 15n
const E12 = 10n ** 12n
const state = dvmState({ i: ONE, K: ONE / 10n, baseReserve: E12, quoteReserve: E12 })

/** Mid price after selling `amount` of `side` into a DVM in `s`. */
const midAfter = (s: typeof state, side: Side, amount: bigint) =>
  getMidPrice(dvmStateAfter(s, side, amount, querySell(s, side, amount, LP, 0n)))

describe('amountToReachPrice', () => {
  it('finds the smallest sell of base that reaches a lower price (the recorded trade 1 reaches its own price)', () => {
    const target = BigInt(afterSellBase.midPrice)
    const move = amountToReachPrice(state, target, LP, 0n)!
    expect(move.side).toBe('base')
    expect(move.amount <= 100_000_000_000n).toBe(true)
    expect(move.midPriceAfter <= target).toBe(true)
    expect(midAfter(state, 'base', move.amount)).toBe(move.midPriceAfter)
    expect(midAfter(state, 'base', move.amount - 1n) > target).toBe(true)
  })

  it('sells quote to raise the price', () => {
    const s = dvmState({ i: ONE, K: ONE / 10n, baseReserve: 1_100_000_000_000n, quoteReserve: 876_994_112_273n })
    const target = BigInt(afterSellQuote.midPrice)
    const move = amountToReachPrice(s, target, LP, 0n)!
    expect(move.side).toBe('quote')
    expect(move.amount <= 250_000_000_000n).toBe(true)
    expect(midAfter(s, 'quote', move.amount) >= target).toBe(true)
    expect(midAfter(s, 'quote', move.amount - 1n) < target).toBe(true)
    expect(move.quote.receive).toBe(querySell(s, 'quote', move.amount, LP, 0n).receive)
  })

  it('returns 0 at the current price and null when a DVM cannot get there', () => {
    expect(amountToReachPrice(state, BigInt(initial.midPrice), LP, 0n)?.amount).toBe(0n)
    // a DVM's mid price tends to i as the base target is reached; it cannot be sold below that
    expect(amountToReachPrice(state, ONE / 2n, LP, 0n)).toBeNull()
  })

  it('rejects a non-positive target', () => {
    expect(() => amountToReachPrice(state, 0n, LP, 0n)).toThrow(/targetMidPrice/)
  })
})

describe('depth', () => {
  it('gives the amounts that move the price by ±bps, each the smallest that does', () => {
    const mid = getMidPrice(state)
    const { down, up } = depth(state, 10n, LP, 0n)
    expect(down?.side).toBe('base')
    expect(up?.side).toBe('quote')
    expect(down!.midPriceAfter <= (mid * 9_990n) / 10_000n).toBe(true)
    expect(up!.midPriceAfter >= (mid * 10_010n) / 10_000n).toBe(true)
    expect(midAfter(state, 'base', down!.amount - 1n) > (mid * 9_990n) / 10_000n).toBe(true)
    // deeper moves need more
    const wider = depth(state, 50n, LP, 0n)
    expect(wider.down!.amount > down!.amount && wider.up!.amount > up!.amount).toBe(true)
  })

  it('rejects bps outside 1..9999', () => {
    expect(() => depth(state, 0n, LP, 0n)).toThrow(/bps/)
    expect(() => depth(state, 10_000n, LP, 0n)).toThrow(/bps/)
  })
})

describe('slippage', () => {
  it('is the fee for small trades and grows with size', () => {
    const small = slippage(state, 'base', 1_000_000n, LP, 0n)
    // recorded: 1e6 base received 1263334 quote at a mid price of 1.26713617352
    expect(small.midPrice).toBe(BigInt(initial.midPrice))
    expect(small.executionPrice).toBe(1_263_334n * 10n ** 12n)
    expect(small.bps > 29 && small.bps < 31).toBe(true)
    const large = slippageBps(state, 'base', 100_000_000_000n, LP, 0n)
    expect(large > small.bps).toBe(true)
    const buy = slippage(state, 'quote', 1_000_000n, LP, 0n)
    expect(buy.executionPrice > buy.midPrice).toBe(true)
    expect(buy.bps > 29 && buy.bps < 31).toBe(true)
  })

  it('rejects a zero amount', () => {
    expect(() => slippage(state, 'base', 0n, LP, 0n)).toThrow(/amount/)
  })
})

describe('inventoryDeviation', () => {
  it('is (current − target) / target as 1e18 and bps', () => {
    expect(inventoryDeviation(1_002_000n, 1_000_000n)).toEqual({ ratio: 2n * 10n ** 15n, bps: 20n })
    expect(inventoryDeviation(998_000n, 1_000_000n)).toEqual({ ratio: -2n * 10n ** 15n, bps: -20n })
    expect(inventoryDeviation(1n, 3n)).toEqual({ ratio: -666_666_666_666_666_666n, bps: -6_666n })
    expect(inventoryDeviation(0n, 5n).bps).toBe(-10_000n)
  })

  it('needs a positive target', () => {
    let caught: unknown
    try {
      inventoryDeviation(1n, 0n)
    } catch (e) {
      caught = e
    }
    expect(isVaultError(caught) && /target/.test(caught.message)).toBe(true)
  })
})

describe('solveIForMidPrice', () => {
  const reserves = { baseReserve: E12, quoteReserve: E12, K: ONE / 10n }
  const midAt = (i: bigint) => getMidPrice(dvmState({ i, ...reserves }))

  it('with k = 0 the mid price is i itself', () => {
    expect(solveIForMidPrice({ ...reserves, K: 0n, targetMid: 1_234_567_890_000_000_000n })).toBe(
      1_234_567_890_000_000_000n,
    )
  })

  it('finds the i that makes equal reserves quote at the peg (lower than the peg, as a DVM needs)', () => {
    const i = solveIForMidPrice({ ...reserves, targetMid: ONE })
    expect(i < ONE).toBe(true)
    const err = (x: bigint) => (midAt(x) > ONE ? midAt(x) - ONE : ONE - midAt(x))
    expect(err(i) <= err(i - 1n) && err(i) <= err(i + 1n)).toBe(true)
    expect(err(i) < 10n ** 7n).toBe(true)
  })

  it('recovers the recorded pool: its mid price at i = 1 comes back', () => {
    const i = solveIForMidPrice({ ...reserves, targetMid: BigInt(initial.midPrice) })
    expect(midAt(i)).toBe(BigInt(initial.midPrice))
  })

  it('validates its input', () => {
    expect(() => solveIForMidPrice({ ...reserves, baseReserve: 0n, targetMid: ONE })).toThrow(/baseReserve/)
    expect(() => solveIForMidPrice({ ...reserves, K: 2n * ONE, targetMid: ONE })).toThrow(/K must/)
  })
})
