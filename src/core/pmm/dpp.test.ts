import { describe, expect, it } from 'vitest'
import { dppReset, dppState, dppStateAfter } from './dpp.js'
import { getMidPrice, type PMMState, RState } from './pricing.js'
import { querySell } from './quote.js'

const U = 10n ** 6n
const WAD = 10n ** 18n
// a cUSDT/cXAUC leg at the localnet's cross rate (1/2650 XAU per USDT, 6 decimals each side)
const i = WAD / 2650n
const seeded: PMMState = {
  i,
  K: WAD / 10n,
  B: 1_000_000n * U,
  Q: 188_679_245n,
  B0: 1_000_000n * U,
  Q0: 188_679_245n,
  R: RState.ONE,
}
const lp = 3n * 10n ** 14n

describe('private pool (DPP) state', () => {
  it('a seeded leg at R = ONE quotes its mid at i exactly, whatever the reserve ratio', () => {
    expect(getMidPrice(dppState(seeded))).toBe(i)
  })

  it('a sale that changes R stores R and the sold side’s target; one that keeps R stores only reserves', () => {
    const q1 = querySell(dppState(seeded), 'base', 20_000n * U, lp, 0n)
    const s1 = dppStateAfter(seeded, 'base', 20_000n * U, q1)
    expect(s1.R).toBe(RState.BELOW_ONE)
    expect(s1.B0).toBe(seeded.B0) // at R = ONE the base target was the stored one
    expect(s1.Q0).toBe(seeded.Q0) // the quote target is re-solved on read, not stored
    expect(getMidPrice(dppState(s1))).toBeLessThan(i)
    const q2 = querySell(dppState(s1), 'base', 1_000n * U, lp, 0n)
    const s2 = dppStateAfter(s1, 'base', 1_000n * U, q2)
    expect({ ...s2, B: 0n, Q: 0n }).toEqual({ ...s1, B: 0n, Q: 0n })
    // buying back past the target crosses to ABOVE_ONE and stores the quote target it was priced with
    const back = (40_000n * U * i) / WAD
    const q3 = querySell(dppState(s2), 'quote', back, lp, 0n)
    const s3 = dppStateAfter(s2, 'quote', back, q3)
    expect(s3.R).toBe(RState.ABOVE_ONE)
    expect(s3.Q0).toBe(dppState(s2).Q0)
  })

  it('reset re-bases the targets to the reserves: R = ONE and the mid is the new i', () => {
    const q = querySell(dppState(seeded), 'base', 20_000n * U, lp, 0n)
    const moved = dppStateAfter(seeded, 'base', 20_000n * U, q)
    const newI = WAD / 2700n
    const r = dppReset(moved, newI)
    expect(r).toEqual({ ...moved, i: newI, B0: moved.B, Q0: moved.Q, R: RState.ONE })
    expect(getMidPrice(dppState(r))).toBe(newI)
  })
})
