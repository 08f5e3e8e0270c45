import { describe, expect, it } from 'vitest'
import { usageError } from '../../../test/helpers/errors.js'
import { checkReserve, peakMinuteOutflow, reserveSize } from './reserve.js'

const expectBadInput = (fn: () => unknown, message?: RegExp) => {
  const e = usageError(fn)
  expect(e.code).toMatch(/_INVALID$|_OUT_OF_RANGE$/)
  if (message) expect(e.message).toMatch(message)
}

describe('reserveSize (§7)', () => {
  it('reproduces the spec: P = 10,000, T = 5 → 50,000; ×3 → 150,000', () => {
    const r = reserveSize({ peakOutflowPerMin: 10_000n, windowMin: 5, safety: 3 })
    expect(r.base).toBe(50_000n)
    expect(r.required).toBe(150_000n)
    expect(r.recommended).toEqual({ min: 150_000n, max: 250_000n })
    expect(r.safetyInRecommendedRange).toBe(true)
  })

  it('takes bigint windows, base units and fractional factors, rounding requirements up', () => {
    const big = reserveSize({ peakOutflowPerMin: 10_000_000_000n, windowMin: 5n, safety: 5 })
    expect(big.required).toBe(250_000_000_000n)
    const frac = reserveSize({ peakOutflowPerMin: 7n, windowMin: '2.5', safety: 3.5 })
    // 7 × 2.5 = 17.5 → 18; × 3.5 = 61.25 → 62
    expect(frac.base).toBe(18n)
    expect(frac.required).toBe(62n)
    expect(frac.display).toEqual({ windowMin: '2.5', safety: '3.5' })
    expect(reserveSize({ peakOutflowPerMin: 1n, windowMin: 1, safety: 2 }).safetyInRecommendedRange).toBe(false)
    expect(reserveSize({ peakOutflowPerMin: 0n, windowMin: 1, safety: 1 }).required).toBe(0n)
  })

  it('rejects negative outflow, a zero window and a zero or out-of-range safety factor with exit 3', () => {
    expectBadInput(() => reserveSize({ peakOutflowPerMin: -1n, windowMin: 5, safety: 3 }), /negative/)
    expectBadInput(() => reserveSize({ peakOutflowPerMin: 10_000n, windowMin: 0, safety: 3 }), /window/)
    expectBadInput(() => reserveSize({ peakOutflowPerMin: 10_000n, windowMin: -5, safety: 3 }), /window/)
    expectBadInput(() => reserveSize({ peakOutflowPerMin: 10_000n, windowMin: 5, safety: 0 }), /greater than zero/)
    expectBadInput(() => reserveSize({ peakOutflowPerMin: 10_000n, windowMin: 5, safety: -3 }), /greater than zero/)
    expectBadInput(() => reserveSize({ peakOutflowPerMin: 10_000n, windowMin: 5, safety: 0.5 }), /between 1 and 10/)
    expectBadInput(() => reserveSize({ peakOutflowPerMin: 10_000n, windowMin: 5, safety: 11 }), /between 1 and 10/)
    expectBadInput(() => reserveSize({ peakOutflowPerMin: 10_000n, windowMin: 'five', safety: 3 }))
    expectBadInput(() => reserveSize({ peakOutflowPerMin: 10_000n, windowMin: 5, safety: Number.NaN }))
  })
})

describe('checkReserve', () => {
  const size = reserveSize({ peakOutflowPerMin: 10_000n, windowMin: 5, safety: 3 })
  it('reports shortfall and coverage against P × T', () => {
    expect(checkReserve(100_000n, size)).toEqual({
      reserve: 100_000n,
      base: 50_000n,
      required: 150_000n,
      ok: false,
      shortfall: 50_000n,
      coverageBps: 20_000n,
    })
    const ok = checkReserve(150_000n, size)
    expect(ok.ok).toBe(true)
    expect(ok.shortfall).toBe(0n)
    expect(ok.coverageBps).toBe(30_000n)
  })
  it('rejects a negative balance', () => expectBadInput(() => checkReserve(-1n, size)))
})

describe('peakMinuteOutflow', () => {
  it('sums per calendar minute floor(ts / 60) and returns the peak', () => {
    const events = [
      { blockTimestamp: 120, amount: 4_000n }, // minute 2
      { blockTimestamp: 179, amount: 5_000n }, // minute 2 → 9,000
      { blockTimestamp: 180, amount: 8_000n }, // minute 3 (a new minute at 180)
      { blockTimestamp: 239, amount: 1_500n }, // minute 3 → 9,500
      { blockTimestamp: 600, amount: 100n },
    ]
    const r = peakMinuteOutflow(events)
    expect(r.peak).toBe(9_500n)
    expect(r.minuteStart).toBe(180)
    expect(r.minutes).toBe(3)
    expect(r.total).toBe(18_600n)
    expect(r.events).toBe(5)
  })
  it('keeps the earliest minute on ties and handles unsorted input', () => {
    const r = peakMinuteOutflow([
      { blockTimestamp: 400, amount: 10n },
      { blockTimestamp: 65, amount: 10n },
    ])
    expect(r.peak).toBe(10n)
    expect(r.minuteStart).toBe(60)
  })
  it('feeds reserveSize', () => {
    const { peak } = peakMinuteOutflow([
      { blockTimestamp: 0, amount: 6_000n },
      { blockTimestamp: 30, amount: 4_000n },
    ])
    expect(reserveSize({ peakOutflowPerMin: peak, windowMin: 5, safety: 3 }).required).toBe(150_000n)
  })
  it('returns zero without events and rejects negative amounts or bad timestamps', () => {
    expect(peakMinuteOutflow([])).toEqual({ peak: 0n, minuteStart: null, minutes: 0, total: 0n, events: 0 })
    expectBadInput(() => peakMinuteOutflow([{ blockTimestamp: 1, amount: -5n }]))
    expectBadInput(() => peakMinuteOutflow([{ blockTimestamp: -1, amount: 5n }]))
    expectBadInput(() => peakMinuteOutflow([{ blockTimestamp: 1.5, amount: 5n }]))
  })
})
