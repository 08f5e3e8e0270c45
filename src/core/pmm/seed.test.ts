import { describe, expect, it } from 'vitest'
import { isVaultError } from '../errors.js'
import { ONE } from './decimal.js'
import { getMidPrice } from './pricing.js'
import { dvmState } from './quote.js'
import { equalValueQuote, seedAtPeg, seedLegAtRate } from './seed.js'

const K = ONE / 10n
const M = 1_000_000n * 10n ** 6n

describe('seedAtPeg', () => {
  it('i = peg with equal value opens +2,671 bps high; the solved i opens on the peg', () => {
    const naive = getMidPrice(dvmState({ i: ONE, K, baseReserve: M, quoteReserve: M }))
    expect(((naive - ONE) * 10_000n) / ONE).toBe(2671n)
    const s = seedAtPeg({ baseAmount: M, K, targetMid: ONE, oracleMid: ONE, thresholdBps: 10n })
    expect(s.quoteAmount).toBe(M)
    expect(s.mid).toBe(getMidPrice(dvmState({ i: s.i, K, baseReserve: M, quoteReserve: M })))
    expect(s.offPegBps).toBe(0n)
    expect(s.offPegPpm < 1n && s.offPegPpm > -1n).toBe(true)
    expect(s.withinBand).toBe(true)
    expect(s.i).toBeLessThan(ONE)
  })

  it('cross rates and uneven amounts: the mid lands within 1 ppm of the target', () => {
    const xau = 2650n * ONE
    const peg = (ONE * ONE) / xau // cUSDT/cXAUC, equal decimals
    for (const quote of [undefined, 1n, 10n ** 6n, 377_358_490n, (3n * 377_358_490n) / 2n]) {
      const s = seedAtPeg({ baseAmount: M, quoteAmount: quote, K, targetMid: peg, oracleMid: peg, thresholdBps: 10n })
      expect(s.offPegPpm >= -1n && s.offPegPpm <= 1n, `quote ${quote}: ${s.offPegPpm} ppm`).toBe(true)
      expect(s.quoteAmount).toBe(quote ?? equalValueQuote(M, peg))
    }
  })

  it('a target away from the oracle is judged against θ', () => {
    const s = seedAtPeg({ baseAmount: M, K, targetMid: (ONE * 101n) / 100n, oracleMid: ONE, thresholdBps: 10n })
    expect(s.offPegPpm).toBe(9_999n) // the mid sits a hair below the target: 99 whole bps, truncated
    expect(s.withinBand).toBe(false)
    const close = seedAtPeg({ baseAmount: M, K, targetMid: ONE + ONE / 2000n, oracleMid: ONE, thresholdBps: 10n })
    expect(close.offPegPpm >= 499n && close.offPegPpm <= 500n).toBe(true)
    expect(close.withinBand).toBe(true)
  })

  it('too much quote for the base: no i brings the mid down to the peg, so it is out of band', () => {
    const peg = (ONE * ONE) / (2650n * ONE)
    const s = seedAtPeg({
      baseAmount: M,
      quoteAmount: 5n * 10n ** 9n,
      K,
      targetMid: peg,
      oracleMid: peg,
      thresholdBps: 10n,
    })
    expect(s.offPegBps).toBeGreaterThan(100n)
    expect(s.withinBand).toBe(false)
  })

  it('refuses a zero base and a negative quote', () => {
    for (const bad of [{ baseAmount: 0n }, { baseAmount: M, quoteAmount: -1n }]) {
      try {
        seedAtPeg({ ...bad, K, targetMid: ONE, oracleMid: ONE, thresholdBps: 10n })
        expect.unreachable()
      } catch (e) {
        expect(isVaultError(e) && e.code).toBe('AMOUNT_INVALID')
      }
    }
  })
})

describe('seedLegAtRate', () => {
  it('a private leg opens at mid = i = the cross rate, whatever the amounts', () => {
    const rate = (ONE * ONE) / (2650n * ONE)
    for (const quote of [undefined, 1n, 10n ** 9n]) {
      const s = seedLegAtRate({ baseAmount: M, quoteAmount: quote, K, oracleMid: rate, thresholdBps: 10n })
      expect([s.i, s.mid, s.offPegBps, s.withinBand]).toEqual([rate, rate, 0n, true])
    }
  })
})
