import { VaultError } from '../errors.js'
import {
  ceil,
  cmp,
  type Decimalish,
  div,
  floor,
  formatDecimal,
  formatFraction,
  mul,
  type Quantity,
  type Rational,
  rat,
  sub,
  toRational,
} from './rational.js'

/**
 * Cantilever stabilization (spec §6) and the volume model (§11).
 * s = micro trade size, f = trades per minute, Δ = net imbalance per minute; the model holds when s × f ≥ Δ.
 * Spec: s = 5, f = 33 → 165/min. §11: flow 50,000/hr = 833.3/min needs ≥ 833/min, and s = 25, f = 33 gives only 825.
 * All arithmetic is exact (rationals); inputs may be decimals ("833.3") or fractions ("2500/3").
 */

export interface CantileverInput {
  /** s: units per stabilization trade (> 0). */
  size: Quantity
  /** f: trades per minute (> 0). */
  frequencyPerMin: Quantity
  /** Δ: net imbalance per minute to offset (≥ 0, a magnitude). */
  imbalancePerMin: Quantity
}

/**
 * Result of `cantilever`. JSON: rationals as `{num, den}` with bigint parts, bigints as decimal strings;
 * `display` holds the same numbers as decimal text (≤ 6 places, rounded half away from zero).
 */
export interface Cantilever {
  size: Rational
  frequencyPerMin: Rational
  imbalancePerMin: Rational
  /** s × f, units per minute. */
  throughput: Rational
  /** s × f ≥ Δ. */
  holds: boolean
  /** s × f − Δ (negative when the model fails). */
  margin: Rational
  /** margin × 10000 / Δ truncated toward zero; null when Δ = 0. */
  marginBps: bigint | null
  /** ⌈Δ / s⌉: the fewest whole trades per minute that hold at this size. */
  minFrequencyPerMin: bigint
  /** Δ / f: the smallest size that holds at this frequency. */
  minSize: Rational
  display: { throughput: string; margin: string; imbalancePerMin: string; minSize: string }
}

function positive(value: Quantity, name: string, allowZero = false): Rational {
  const r = toRational(value, name)
  if (r.num < 0n || (!allowZero && r.num === 0n)) {
    throw new VaultError('PARAM_OUT_OF_RANGE', `${name} must be ${allowZero ? 'zero or more' : 'greater than zero'}`, {
      details: `Got ${formatDecimal(r)}.`,
      hints: allowZero ? ['Pass the magnitude of the imbalance; its direction does not change the sizing.'] : [],
    })
  }
  return r
}

export function cantilever(input: CantileverInput): Cantilever {
  const size = positive(input.size, 'Trade size (s)')
  const frequencyPerMin = positive(input.frequencyPerMin, 'Trade frequency (f)')
  const imbalancePerMin = positive(input.imbalancePerMin, 'Imbalance per minute (Δ)', true)
  const throughput = mul(size, frequencyPerMin)
  const margin = sub(throughput, imbalancePerMin)
  const marginBps =
    imbalancePerMin.num === 0n
      ? null
      : (margin.num * imbalancePerMin.den * 10_000n) / (margin.den * imbalancePerMin.num)
  const minSize = div(imbalancePerMin, frequencyPerMin)
  return {
    size,
    frequencyPerMin,
    imbalancePerMin,
    throughput,
    holds: cmp(throughput, imbalancePerMin) >= 0,
    margin,
    marginBps,
    minFrequencyPerMin: ceil(div(imbalancePerMin, size)),
    minSize,
    display: {
      throughput: formatDecimal(throughput),
      margin: formatDecimal(margin),
      imbalancePerMin: formatDecimal(imbalancePerMin),
      minSize: formatDecimal(minSize),
    },
  }
}

/**
 * Dynamic rule (§6, Appendix A): tradeSize = min(k × |deviation|, perBlockCap).
 * `kPerBps` is base units per bp of deviation (the Stabilizer's `kPerBps`), so the result is in base units.
 * The Stabilizer applies it to the TWAP deviation (`maxTradeSize()`): pass `twapDeviationBps` to match it.
 */
export function dynamicSize(kPerBps: bigint, deviationBps: bigint | number, cap: bigint): bigint {
  if (kPerBps < 0n)
    throw new VaultError('PARAM_OUT_OF_RANGE', 'k (units per bp) cannot be negative', { details: `Got ${kPerBps}.` })
  if (cap < 0n) throw new VaultError('AMOUNT_INVALID', 'Per-block cap cannot be negative', { details: `Got ${cap}.` })
  if (typeof deviationBps === 'number' && !Number.isSafeInteger(deviationBps)) {
    throw new VaultError('NUMBER_INVALID', 'Deviation must be a whole number of bps', {
      details: `Got ${deviationBps}.`,
    })
  }
  const d = BigInt(deviationBps)
  const raw = kPerBps * (d < 0n ? -d : d)
  return raw < cap ? raw : cap
}

/**
 * Volume model (§11): the drift a pool of `depth` units absorbs within `allowedDeviationBps`:
 * ⌊depth × bps / 10000⌋. Spec: 1,000,000 at 0.2% (20 bps) → 2,000.
 */
export function maxDrift(depth: bigint, allowedDeviationBps: Decimalish): bigint {
  if (depth < 0n) throw new VaultError('AMOUNT_INVALID', 'Pool depth cannot be negative', { details: `Got ${depth}.` })
  const bps = toRational(allowedDeviationBps, 'Allowed deviation (bps)')
  if (bps.num < 0n)
    throw new VaultError('PARAM_OUT_OF_RANGE', 'Allowed deviation cannot be negative', {
      details: `Got ${formatDecimal(bps)} bps.`,
    })
  return floor(mul(rat(depth), div(bps, rat(10_000n))))
}

/** Result of `flowPerMinute`: the exact rate and its roundings. */
export interface FlowPerMinute {
  /** perHour / 60, exact. */
  exact: Rational
  /** "2500/3", or the integer when exact. */
  fraction: string
  /** Two decimals, rounded half away from zero: "833.33". */
  display: string
  floor: bigint
  /** What stabilization throughput must reach in whole units per minute. */
  ceil: bigint
}

/** Converts an hourly flow to a per-minute flow. Spec: 50,000/hr → 2500/3 ≈ 833.33/min. */
export function flowPerMinute(perHour: Decimalish): FlowPerMinute {
  const hourly = toRational(perHour, 'Flow per hour')
  if (hourly.num < 0n)
    throw new VaultError('AMOUNT_INVALID', 'Flow per hour cannot be negative', {
      details: `Got ${formatDecimal(hourly)}.`,
    })
  const exact = div(hourly, rat(60n))
  return {
    exact,
    fraction: formatFraction(exact),
    display: formatDecimal(exact, 2),
    floor: floor(exact),
    ceil: ceil(exact),
  }
}
