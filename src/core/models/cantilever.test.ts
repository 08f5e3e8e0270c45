import { describe, expect, it } from 'vitest'
import { usageError } from '../../../test/helpers/errors.js'
import { cantilever, dynamicSize, flowPerMinute, maxDrift } from './cantilever.js'

const badInput = (fn: () => unknown) => usageError(fn)

describe('cantilever (§6, §11)', () => {
  it('s = 5, f = 33 → 165/min', () => {
    const r = cantilever({ size: 5, frequencyPerMin: 33, imbalancePerMin: 165 })
    expect(r.throughput).toEqual({ num: 165n, den: 1n })
    expect(r.holds).toBe(true)
    expect(r.margin).toEqual({ num: 0n, den: 1n })
    expect(r.marginBps).toBe(0n)
    expect(r.display.throughput).toBe('165')
  })

  it('s = 25, f = 33 → 825 < 833: does not hold, margin −8', () => {
    const r = cantilever({ size: 25, frequencyPerMin: 33, imbalancePerMin: 833 })
    expect(r.throughput).toEqual({ num: 825n, den: 1n })
    expect(r.holds).toBe(false)
    expect(r.margin).toEqual({ num: -8n, den: 1n })
    // −8 × 10000 / 833 = −96.04 → truncated toward zero
    expect(r.marginBps).toBe(-96n)
    expect(r.minFrequencyPerMin).toBe(34n)
    expect(r.minSize).toEqual({ num: 833n, den: 33n })
  })

  it('is exact with the unrounded flow 50,000/hr = 2500/3 per minute', () => {
    const r = cantilever({ size: '25', frequencyPerMin: '33', imbalancePerMin: flowPerMinute(50_000n).exact })
    expect(r.holds).toBe(false)
    expect(r.margin).toEqual({ num: -25n, den: 3n })
    expect(r.display.margin).toBe('-8.333333')
    expect(r.marginBps).toBe(-100n)
    // 833.3 is a decimal input and holds exactly at s × f = 833.3
    const edge = cantilever({ size: '25.25151515', frequencyPerMin: 33, imbalancePerMin: '833.3' })
    expect(edge.holds).toBe(false)
    expect(cantilever({ size: '8333/330', frequencyPerMin: 33, imbalancePerMin: '833.3' }).holds).toBe(true)
  })

  it('handles Δ = 0 and rejects zero size/frequency and negative imbalance', () => {
    const r = cantilever({ size: 1, frequencyPerMin: 1, imbalancePerMin: 0 })
    expect(r.holds).toBe(true)
    expect(r.marginBps).toBeNull()
    badInput(() => cantilever({ size: 0, frequencyPerMin: 33, imbalancePerMin: 1 }))
    badInput(() => cantilever({ size: 5, frequencyPerMin: -1, imbalancePerMin: 1 }))
    badInput(() => cantilever({ size: 5, frequencyPerMin: 33, imbalancePerMin: -833 }))
    badInput(() => cantilever({ size: 'x', frequencyPerMin: 33, imbalancePerMin: 1 }))
  })
})

describe('dynamicSize (Appendix A)', () => {
  it('is min(k × |deviation|, cap)', () => {
    expect(dynamicSize(5_000_000_000n, 4n, 50_000_000_000n)).toBe(20_000_000_000n)
    expect(dynamicSize(5_000_000_000n, -4, 50_000_000_000n)).toBe(20_000_000_000n)
    expect(dynamicSize(5_000_000_000n, 25n, 50_000_000_000n)).toBe(50_000_000_000n)
    expect(dynamicSize(5_000_000_000n, 0n, 50_000_000_000n)).toBe(0n)
  })
  it('rejects negative k or cap and fractional bps', () => {
    badInput(() => dynamicSize(-1n, 1n, 1n))
    badInput(() => dynamicSize(1n, 1n, -1n))
    badInput(() => dynamicSize(1n, 1.5, 10n))
  })
})

describe('volume model (§11)', () => {
  it('max drift: 1,000,000 at 0.2% → 2,000', () => {
    expect(maxDrift(1_000_000n, 20)).toBe(2_000n)
    expect(maxDrift(1_000_000n, '20')).toBe(2_000n)
    expect(maxDrift(999n, 20n)).toBe(1n) // 1.998 rounded down
    expect(maxDrift(1_000_000n, '12.5')).toBe(1_250n)
    badInput(() => maxDrift(-1n, 20))
    badInput(() => maxDrift(1n, -20))
  })
  it('flow per minute: 50,000/hr → 2500/3 ≈ 833.33', () => {
    const f = flowPerMinute(50_000)
    expect(f.exact).toEqual({ num: 2500n, den: 3n })
    expect(f.fraction).toBe('2500/3')
    expect(f.display).toBe('833.33')
    expect(f.floor).toBe(833n)
    expect(f.ceil).toBe(834n)
    expect(flowPerMinute(60_000n).fraction).toBe('1000')
    badInput(() => flowPerMinute(-1))
  })
})
