// Human ⇄ on-chain units for PMM parameters, parsed exactly from decimal strings (no floats).
// Bad input throws `badInput` naming the field.
import { VaultError } from '../errors.js'
import { ONE } from './decimal.js'

const DECIMAL = /^(\d+)(?:\.(\d+))?$/

/** The largest value a uint256 holds: no amount or price in base units may exceed it. */
export const MAX_UINT256 = 2n ** 256n - 1n
/** Largest i a DVM accepts (its init requires 0 < i ≤ 1e36). */
export const MAX_I = 10n ** 36n
/** Largest fee rate accepted here: 10% (1e17). */
export const MAX_FEE_RATE = ONE / 10n

/**
 * Parses a non-negative decimal string into an integer scaled by 10^`decimals`, exactly.
 * Rejects signs, exponents, spaces and more fractional digits than `decimals` can hold.
 */
export function parseDecimal(value: string, decimals: number, field: string): bigint {
  const text = typeof value === 'string' ? value.trim() : ''
  const m = DECIMAL.exec(text)
  if (!m) {
    throw new VaultError(
      'NUMBER_INVALID',
      `${field} must be a non-negative decimal number such as 1.25 (got ${JSON.stringify(value)})`,
      { hints: ['Use digits and at most one decimal point; no sign, exponent or thousands separator.'], field },
    )
  }
  const [, whole, frac = ''] = m
  const fracTrimmed = frac.replace(/0+$/, '')
  if (fracTrimmed.length > decimals) {
    throw new VaultError('AMOUNT_INVALID', `${field} has more than ${decimals} decimal places (got ${value})`, {
      field,
    })
  }
  const v = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fracTrimmed.padEnd(decimals, '0') || '0')
  if (v > MAX_UINT256)
    throw new VaultError('PARAM_OUT_OF_RANGE', `${field} is above the largest on-chain amount (2^256 − 1 base units)`, {
      details: `Got ${value}.`,
      field,
    })
  return v
}

/** Formats an integer scaled by 10^`decimals` as a decimal string without trailing zeros ("1.5", "-0.25", "3"). */
export function formatDecimal(value: bigint, decimals: number): string {
  const neg = value < 0n
  const abs = neg ? -value : value
  const scale = 10n ** BigInt(decimals)
  const whole = abs / scale
  const frac = (abs % scale).toString().padStart(decimals, '0').replace(/0+$/, '')
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`
}

/**
 * The exponent e with i = price × 10^e: e = 18 − baseDecimals + quoteDecimals
 * (i is the price of one base unit in quote units, 1e18 fixed point).
 */
export function priceExponent(baseDecimals: number, quoteDecimals: number): number {
  checkDecimals('baseDecimals', baseDecimals)
  checkDecimals('quoteDecimals', quoteDecimals)
  return 18 - baseDecimals + quoteDecimals
}

/**
 * A human price (quote per base, e.g. "1.0001") as a pool's i = price × 10^(18 − baseDecimals + quoteDecimals).
 * The price must be > 0 and exactly representable; i must be ≤ 1e36.
 */
export function priceToI(humanPrice: string, baseDecimals: number, quoteDecimals: number): bigint {
  const e = priceExponent(baseDecimals, quoteDecimals)
  // parse at the price's own precision, then scale by 10^e exactly
  const digits = DECIMAL.exec(typeof humanPrice === 'string' ? humanPrice.trim() : '')?.[2]?.replace(/0+$/, '') ?? ''
  const scaled = parseDecimal(humanPrice, digits.length, 'price')
  const shift = e - digits.length
  let i: bigint
  if (shift >= 0) {
    i = scaled * 10n ** BigInt(shift)
  } else {
    const div = 10n ** BigInt(-shift)
    if (scaled % div !== 0n) {
      throw new VaultError(
        'PRICE_INVALID',
        e > 0
          ? `price has more than ${e} decimal places (got ${humanPrice}): i cannot represent it`
          : `price ${humanPrice} is not representable as i for these decimals (i must be a whole number)`,
        { field: 'price' },
      )
    }
    i = scaled / div
  }
  if (i <= 0n)
    throw new VaultError('PRICE_INVALID', `price must be greater than 0 (got ${humanPrice})`, { field: 'price' })
  if (i > MAX_I)
    throw new VaultError('PRICE_INVALID', `price ${humanPrice} is too large: i would exceed 1e36`, { field: 'price' })
  return i
}

/** A pool's i as a human price string (quote per base), exact. */
export function iToPrice(i: bigint, baseDecimals: number, quoteDecimals: number): string {
  const e = priceExponent(baseDecimals, quoteDecimals)
  return e >= 0 ? formatDecimal(i, e) : (i * 10n ** BigInt(-e)).toString()
}

/** A fee in percent ("0.3") as a 1e18 fee rate (3e15). Must lie in [0, 10] percent. */
export function percentToFee(percent: string): bigint {
  const rate = parseDecimal(percent, 16, 'fee')
  if (rate > MAX_FEE_RATE)
    throw new VaultError('PARAM_OUT_OF_RANGE', `fee must be between 0% and 10% (got ${percent}%)`, { field: 'fee' })
  return rate
}

/** A 1e18 fee rate as percent ("0.3" for 3e15). */
export function feeToPercent(rate: bigint): string {
  return formatDecimal(rate, 16)
}

/** k as a decimal in [0, 1] ("0.1") → 1e18 fixed point (1e17). */
export function parseK(k: string): bigint {
  const v = parseDecimal(k, 18, 'k')
  if (v > ONE) throw new VaultError('PARAM_OUT_OF_RANGE', `k must be between 0 and 1 (got ${k})`, { field: 'k' })
  return v
}

/** 1e18 fixed-point k as a decimal string ("0.1"). */
export function formatK(k: bigint): string {
  return formatDecimal(k, 18)
}

/** A 1e18 fixed-point ratio in basis points, rounded toward zero (1e14 = 1 bp). */
export function fixedToBps(value: bigint): bigint {
  return (value * 10_000n) / ONE
}

function checkDecimals(field: string, d: number) {
  if (!Number.isInteger(d) || d < 0 || d > 36) {
    throw new VaultError('PARAM_OUT_OF_RANGE', `${field} must be an integer from 0 to 36 (got ${String(d)})`, { field })
  }
}
