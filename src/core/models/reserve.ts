import { VaultError } from '../errors.js'
import { ceil, cmp, type Decimalish, formatDecimal, mul, type Rational, rat, toRational } from './rational.js'

/**
 * Reserve sizing (spec §7): Reserve ≥ P × T, with a safety factor of 3–5× (§14's risk matrix names a 5× policy).
 * P = peak minute outflow (base units per minute), T = stabilization window in minutes.
 * Spec example: P = 10,000, T = 5 → 50,000; × 3 → 150,000.
 */

/** The spec's recommended safety range (§7). */
export const SAFETY_RECOMMENDED = { min: 3, max: 5 } as const
/** What `reserveSize` accepts at all; outside this the input is rejected. */
export const SAFETY_ALLOWED = { min: 1, max: 10 } as const

export interface ReserveSizeInput {
  /** P: peak outflow in one minute, base units. */
  peakOutflowPerMin: bigint
  /** T: stabilization window in minutes (> 0; decimals such as 2.5 are allowed). */
  windowMin: Decimalish
  /** Safety factor, 1..10 (the spec recommends 3..5; decimals such as 3.5 are allowed). */
  safety: Decimalish
}

/**
 * Result of `reserveSize`. JSON: bigints as decimal strings, rationals as `{num, den}`.
 * Fractional products are rounded up: a requirement is never understated.
 */
export interface ReserveSize {
  peakOutflowPerMin: bigint
  windowMin: Rational
  safety: Rational
  /** ⌈P × T⌉: the bare requirement. */
  base: bigint
  /** ⌈P × T × safety⌉: what the reserve should hold. */
  required: bigint
  /** ⌈P × T × 3⌉ and ⌈P × T × 5⌉: the spec's recommended band. */
  recommended: { min: bigint; max: bigint }
  /** The chosen safety factor lies within the spec's 3..5 band. */
  safetyInRecommendedRange: boolean
  /** Display text for the inputs (e.g. `windowMin: "2.5"`). */
  display: { windowMin: string; safety: string }
}

export function reserveSize(input: ReserveSizeInput): ReserveSize {
  const { peakOutflowPerMin } = input
  if (typeof peakOutflowPerMin !== 'bigint')
    throw new VaultError('AMOUNT_INVALID', 'Peak outflow per minute must be an integer amount')
  if (peakOutflowPerMin < 0n) {
    throw new VaultError('AMOUNT_INVALID', 'Peak outflow per minute cannot be negative', {
      details: `Got ${peakOutflowPerMin}.`,
      hints: ['Pass the size of the outflow (base units per minute) as a positive amount.'],
    })
  }
  const windowMin = toRational(input.windowMin, 'Stabilization window')
  if (windowMin.num <= 0n) {
    throw new VaultError('PARAM_OUT_OF_RANGE', 'Stabilization window must be longer than zero minutes', {
      details: `Got ${formatDecimal(windowMin)}.`,
      hints: ['The spec uses T = 5 minutes.'],
    })
  }
  const safety = toRational(input.safety, 'Safety factor')
  if (safety.num <= 0n) {
    throw new VaultError('PARAM_OUT_OF_RANGE', 'Safety factor must be greater than zero', {
      details: `Got ${formatDecimal(safety)}.`,
      hints: [`The spec recommends ${SAFETY_RECOMMENDED.min}–${SAFETY_RECOMMENDED.max}×.`],
    })
  }
  if (cmp(safety, rat(BigInt(SAFETY_ALLOWED.min))) < 0 || cmp(safety, rat(BigInt(SAFETY_ALLOWED.max))) > 0) {
    throw new VaultError(
      'PARAM_OUT_OF_RANGE',
      `Safety factor must be between ${SAFETY_ALLOWED.min} and ${SAFETY_ALLOWED.max}`,
      {
        details: `Got ${formatDecimal(safety)}.`,
        hints: [`The spec recommends ${SAFETY_RECOMMENDED.min}–${SAFETY_RECOMMENDED.max}×.`],
      },
    )
  }
  const pt = mul(rat(peakOutflowPerMin), windowMin)
  return {
    peakOutflowPerMin,
    windowMin,
    safety,
    base: ceil(pt),
    required: ceil(mul(pt, safety)),
    recommended: {
      min: ceil(mul(pt, rat(BigInt(SAFETY_RECOMMENDED.min)))),
      max: ceil(mul(pt, rat(BigInt(SAFETY_RECOMMENDED.max)))),
    },
    safetyInRecommendedRange:
      cmp(safety, rat(BigInt(SAFETY_RECOMMENDED.min))) >= 0 && cmp(safety, rat(BigInt(SAFETY_RECOMMENDED.max))) <= 0,
    display: { windowMin: formatDecimal(windowMin), safety: formatDecimal(safety) },
  }
}

/** Result of `checkReserve`. */
export interface ReserveCheck {
  reserve: bigint
  base: bigint
  required: bigint
  /** reserve ≥ required. */
  ok: boolean
  /** max(0, required − reserve). */
  shortfall: bigint
  /** reserve / (P × T) in bps, rounded down: 30000 = the reserve covers 3× the bare requirement. 0 when base is 0. */
  coverageBps: bigint
}

/** Compares a reserve balance with a sizing. */
export function checkReserve(reserve: bigint, size: Pick<ReserveSize, 'base' | 'required'>): ReserveCheck {
  if (reserve < 0n)
    throw new VaultError('AMOUNT_INVALID', 'Reserve balance cannot be negative', { details: `Got ${reserve}.` })
  const shortfall = size.required > reserve ? size.required - reserve : 0n
  return {
    reserve,
    base: size.base,
    required: size.required,
    ok: shortfall === 0n,
    shortfall,
    coverageBps: size.base > 0n ? (reserve * 10_000n) / size.base : 0n,
  }
}

export interface OutflowEvent {
  /** Unix seconds of the block that carried the outflow. */
  blockTimestamp: number
  /** Outflow amount in base units (≥ 0). */
  amount: bigint
}

/** Result of `peakMinuteOutflow`. */
export interface PeakMinute {
  /** The largest per-minute sum: P for `reserveSize`. 0 without events. */
  peak: bigint
  /** Unix seconds at which the peak minute starts (a multiple of 60), or null without events. */
  minuteStart: number | null
  /** Distinct minutes that carried at least one event. */
  minutes: number
  /** Sum of all amounts. */
  total: bigint
  events: number
}

/**
 * Peak minute outflow from observed outflow events (for `--from-chain`).
 * Minutes are calendar minutes of the block timestamp: bucket = floor(blockTimestamp / 60), so an event at
 * 12:00:59 and one at 12:01:00 fall into different minutes. This matches how a chart per minute would show
 * the flow; a sliding 60-second window could report up to twice a calendar minute's peak for bursts that
 * straddle a minute boundary. Ties keep the earliest minute.
 */
export function peakMinuteOutflow(events: readonly OutflowEvent[]): PeakMinute {
  const buckets = new Map<number, bigint>()
  let total = 0n
  for (const [i, e] of events.entries()) {
    if (!Number.isSafeInteger(e.blockTimestamp) || e.blockTimestamp < 0) {
      throw new VaultError('NUMBER_INVALID', `Outflow event ${i} has an invalid block timestamp`, {
        details: `Got ${e.blockTimestamp}.`,
      })
    }
    if (typeof e.amount !== 'bigint' || e.amount < 0n) {
      throw new VaultError('AMOUNT_INVALID', `Outflow event ${i} has a negative or non-integer amount`, {
        details: `Got ${String(e.amount)}.`,
      })
    }
    const minute = Math.floor(e.blockTimestamp / 60)
    buckets.set(minute, (buckets.get(minute) ?? 0n) + e.amount)
    total += e.amount
  }
  let peak = 0n
  let peakMinute: number | null = null
  for (const minute of [...buckets.keys()].sort((a, b) => a - b)) {
    const sum = buckets.get(minute)!
    if (peakMinute === null || sum > peak) {
      peak = sum
      peakMinute = minute
    }
  }
  return {
    peak,
    minuteStart: peakMinute === null ? null : peakMinute * 60,
    minutes: buckets.size,
    total,
    events: events.length,
  }
}
