import { describe, expect, it } from 'vitest'
import { createRng, deriveSeed } from './prng.js'

const draw = (seed: number, n: number) => {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => rng.next())
}

describe('seeded PRNG', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100))
    const a = draw(42, 100)
    const b = draw(43, 100)
    expect(a.filter((x, i) => x === b[i]).length).toBe(0)
  })

  it('draws uniformly in [0, 1) and its helpers stay in range', () => {
    const rng = createRng(7)
    const xs = Array.from({ length: 20_000 }, () => rng.next())
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    expect(mean).toBeGreaterThan(0.49)
    expect(mean).toBeLessThan(0.51)
    const ints = Array.from({ length: 7_000 }, () => rng.int(7))
    expect(new Set(ints)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]))
    const signs = Array.from({ length: 10_000 }, () => rng.sign())
    const ups = signs.filter((s) => s === 1).length
    expect(ups).toBeGreaterThan(4_800)
    expect(ups).toBeLessThan(5_200)
    const exps = Array.from({ length: 20_000 }, () => rng.exp(50))
    const expMean = exps.reduce((s, x) => s + x, 0) / exps.length
    expect(expMean).toBeGreaterThan(47)
    expect(expMean).toBeLessThan(53)
    expect(Math.min(...exps)).toBeGreaterThanOrEqual(0)
  })

  it('derives distinct, reproducible seeds per run', () => {
    const seeds = Array.from({ length: 1000 }, (_, i) => deriveSeed(1, i))
    expect(new Set(seeds).size).toBe(1000)
    expect(deriveSeed(1, 5)).toBe(seeds[5])
    expect(deriveSeed(2, 5)).not.toBe(seeds[5])
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0 && s < 2 ** 32).toBe(true)
  })

  it('refuses a seed that is not a non-negative integer', () => {
    expect(() => createRng(-1)).toThrow(RangeError)
    expect(() => createRng(1.5)).toThrow(RangeError)
  })
})
