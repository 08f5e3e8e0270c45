import { describe, expect, it } from 'vitest'
import { usageError } from '../../../test/helpers/errors.js'
import { VaultError } from '../errors.js'
import {
  allocateBuckets,
  BUCKET_IDS,
  BUCKET_NAMES,
  checkBuckets,
  DEFAULT_BUCKET_POLICY,
  validatePolicy,
} from './buckets.js'

const sum = (r: Record<string, bigint>) => Object.values(r).reduce((a, b) => a + b, 0n)

describe('allocateBuckets (§13)', () => {
  it('splits by bps with the default policy summing to 10000', () => {
    expect(BUCKET_IDS.reduce((s, id) => s + DEFAULT_BUCKET_POLICY[id], 0)).toBe(10_000)
    const r = allocateBuckets(1_000_000n)
    expect(r).toEqual({ A: 300_000n, B: 300_000n, C: 100_000n, D: 150_000n, E: 150_000n })
  })

  it('gives the rounding remainder to E so the parts sum to the total exactly', () => {
    const policy = { A: 3333, B: 3333, C: 3333, D: 1, E: 0 }
    const r = allocateBuckets(10n, policy)
    // floor(10 × 3333 / 10000) = 3 each, D = floor(0.001) = 0, E gets 10 − 9 = 1
    expect(r).toEqual({ A: 3n, B: 3n, C: 3n, D: 0n, E: 1n })
    for (const total of [0n, 1n, 7n, 999_999n, 123_456_789_012_345n]) {
      expect(sum(allocateBuckets(total, policy))).toBe(total)
      expect(sum(allocateBuckets(total))).toBe(total)
    }
  })

  it('rejects policies that do not sum to 10000 or have bad shares, and negative totals', () => {
    const cases: [bigint, Record<'A' | 'B' | 'C' | 'D' | 'E', number>][] = [
      [1n, { A: 5000, B: 5000, C: 0, D: 0, E: 1 }],
      [1n, { A: 2000, B: 2000, C: 2000, D: 2000, E: 1999 }],
      [1n, { A: -1000, B: 5000, C: 5000, D: 1000, E: 0 }],
      [1n, { A: 2000.5, B: 2000, C: 2000, D: 2000, E: 1999.5 }],
      [-1n, { ...DEFAULT_BUCKET_POLICY }],
    ]
    for (const [total, policy] of cases) {
      usageError(() => allocateBuckets(total, policy))
    }
    expect(() => validatePolicy({ ...DEFAULT_BUCKET_POLICY })).not.toThrow()
  })
})

describe('checkBuckets', () => {
  it('reports have, need, short and ok per bucket in A..E order', () => {
    const r = checkBuckets({ A: 500n, B: 100n, C: 0n, E: 10n }, { A: 400n, B: 150n, D: 20n })
    expect(r.buckets.map((b) => b.id)).toEqual(['A', 'B', 'C', 'D', 'E'])
    expect(r.buckets[0]).toEqual({ id: 'A', name: BUCKET_NAMES.A, have: 500n, need: 400n, short: 0n, ok: true })
    expect(r.buckets[1]).toMatchObject({ have: 100n, need: 150n, short: 50n, ok: false })
    expect(r.buckets[2]).toMatchObject({ have: 0n, need: 0n, short: 0n, ok: true })
    expect(r.buckets[3]).toMatchObject({ have: 0n, need: 20n, short: 20n, ok: false })
    expect(r.buckets[4]).toMatchObject({ have: 10n, need: 0n, ok: true })
    expect(r.ok).toBe(false)
    expect(r.totalShort).toBe(70n)
  })

  it('is ok when an allocation meets its own requirements', () => {
    const alloc = allocateBuckets(2_000_000n)
    const r = checkBuckets(alloc, allocateBuckets(1_000_000n))
    expect(r.ok).toBe(true)
    expect(r.totalShort).toBe(0n)
  })

  it('rejects negative balances or requirements', () => {
    expect(() => checkBuckets({ A: -1n }, {})).toThrow(VaultError)
    expect(() => checkBuckets({}, { C: -1n })).toThrow(VaultError)
  })
})
