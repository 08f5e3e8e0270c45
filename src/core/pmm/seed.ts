// Seeding a new pool at the peg: the i that puts a vending machine's mid price on the target for the amounts it is
// seeded with, and how far that mid sits from the oracle. A DVM does not quote at i (it takes the quote target as
// zero), so i = peg with equal-value reserves quotes ~+2,671 bps high at k = 0.1; i has to be solved.
import { deviationBps } from '../deviation/price.js'
import { VaultError } from '../errors.js'
import { solveIForMidPrice } from './analytics.js'
import { ONE } from './decimal.js'
import { dppState } from './dpp.js'
import { getMidPrice, RState } from './pricing.js'
import { dvmState } from './quote.js'

export interface SeedInput {
  /** Base units the pool is seeded with (> 0: a DVM mints shares on base). */
  baseAmount: bigint
  /** Quote units; default: the base amount's value at the target mid (equal value). */
  quoteAmount?: bigint
  K: bigint
  /** The mid price the pool should open at (mid-price units: quote per base, 1e18, decimal-adjusted). */
  targetMid: bigint
  /** The oracle's price for the pair in the same units: the mid is judged against it. */
  oracleMid: bigint
  /** θ: the most the opening mid may sit off the oracle, bps. */
  thresholdBps: bigint
}

export interface SeedAtPeg {
  baseAmount: bigint
  quoteAmount: bigint
  /** The pool's initial price, solved so its mid at these reserves is the target. */
  i: bigint
  /** The mid price the pool opens at (exactly what the contract computes for i, K and the reserves). */
  mid: bigint
  targetMid: bigint
  oracleMid: bigint
  /** (mid − oracle) × 10,000 / oracle, truncated toward zero as the Stabilizer computes it. */
  offPegBps: bigint
  /** Same gap in millionths (ppm), for a finer look than whole bps. */
  offPegPpm: bigint
  /** |offPegBps| ≤ θ. */
  withinBand: boolean
}

/** The quote amount worth `baseAmount` at `mid` (rounded down). */
export const equalValueQuote = (baseAmount: bigint, mid: bigint): bigint => (baseAmount * mid) / ONE

/** Solve i for the target mid at the seed amounts, then judge the resulting mid against the oracle and θ. */
export function seedAtPeg(input: SeedInput): SeedAtPeg {
  const { baseAmount, K, targetMid, oracleMid, thresholdBps } = input
  if (baseAmount <= 0n)
    throw new VaultError('AMOUNT_INVALID', 'The base seed amount must be greater than 0', { field: 'base-amount' })
  if (input.quoteAmount !== undefined && input.quoteAmount < 0n)
    throw new VaultError('AMOUNT_INVALID', 'The quote seed amount must not be negative', { field: 'quote-amount' })
  const quoteAmount = input.quoteAmount ?? equalValueQuote(baseAmount, targetMid)
  const i = solveIForMidPrice({ baseReserve: baseAmount, quoteReserve: quoteAmount, K, targetMid })
  const mid = getMidPrice(dvmState({ i, K, baseReserve: baseAmount, quoteReserve: quoteAmount }))
  return judgeSeed({ baseAmount, quoteAmount, i, mid, targetMid, oracleMid }, thresholdBps)
}

/**
 * A private mesh leg (priced as a DODO private pool): its first deposit sets the targets to the reserves (R = ONE),
 * so it opens at mid = i whatever the amounts, and i is the oracle cross rate itself. Judged as a public pool is.
 */
export function seedLegAtRate(input: Omit<SeedInput, 'targetMid'>): SeedAtPeg {
  const { baseAmount, K, oracleMid, thresholdBps } = input
  if (baseAmount <= 0n)
    throw new VaultError('AMOUNT_INVALID', 'The base seed amount must be greater than 0', { field: 'base-amount' })
  const quoteAmount = input.quoteAmount ?? equalValueQuote(baseAmount, oracleMid)
  const i = oracleMid
  const mid = getMidPrice(
    dppState({ i, K, B: baseAmount, Q: quoteAmount, B0: baseAmount, Q0: quoteAmount, R: RState.ONE }),
  )
  return judgeSeed({ baseAmount, quoteAmount, i, mid, targetMid: oracleMid, oracleMid }, thresholdBps)
}

/** A pool's seed (planned, or the one an existing pool holds) judged against the oracle: off peg in bps and ppm, within θ. */
export function judgeSeed(
  seed: Omit<SeedAtPeg, 'offPegBps' | 'offPegPpm' | 'withinBand'>,
  thresholdBps: bigint,
): SeedAtPeg {
  const offPegBps = deviationBps(seed.mid, seed.oracleMid)
  const offPegPpm = ((seed.mid - seed.oracleMid) * 1_000_000n) / seed.oracleMid
  const abs = offPegBps < 0n ? -offPegBps : offPegBps
  return { ...seed, offPegBps, offPegPpm, withinBand: abs <= thresholdBps }
}
