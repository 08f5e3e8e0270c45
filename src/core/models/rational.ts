import { VaultError } from '../errors.js'

/**
 * An exact rational number: `num / den`, always reduced, `den > 0`.
 * The sizing models use it where the spec's inputs are decimals (833.3 units/min, 2.5 min latency)
 * so no float rounding ever decides whether a condition holds.
 * JSON shape: `{ num: bigint, den: bigint }` (the CLI prints bigints as decimal strings).
 */
export interface Rational {
  num: bigint
  den: bigint
}

/** What the models accept for a quantity: a bigint, a finite number, or a decimal / fraction string ("833.3", "2500/3", "1e6"). */
export type Decimalish = bigint | number | string

/** A quantity as given by a user (`Decimalish`) or already exact (`Rational`). */
export type Quantity = Decimalish | Rational

const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/
const DECIMAL_FRACTION_RE = /^([+-]?)\.(\d+)(?:[eE]([+-]?\d+))?$/

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y !== 0n) [x, y] = [y, x % y]
  return x
}

/** Builds a reduced rational; `den` must not be zero. */
export function rat(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new VaultError('PARAM_OUT_OF_RANGE', 'Division by zero in a sizing model')
  if (den < 0n) {
    num = -num
    den = -den
  }
  const g = gcd(num, den)
  return g > 1n ? { num: num / g, den: den / g } : { num, den }
}

function parseString(raw: string, name: string): Rational {
  const text = raw.trim().replaceAll('_', '')
  const slash = text.indexOf('/')
  if (slash >= 0) {
    if (text.indexOf('/', slash + 1) >= 0)
      throw new VaultError('NUMBER_INVALID', `${name} is not a number`, { details: `Got "${raw}".` })
    const n = parseString(text.slice(0, slash), name)
    const d = parseString(text.slice(slash + 1), name)
    if (d.num === 0n)
      throw new VaultError('NUMBER_INVALID', `${name} has a zero denominator`, { details: `Got "${raw}".` })
    return div(n, d)
  }
  let sign = ''
  let int = '0'
  let frac = ''
  let exp = 0
  const m = DECIMAL_RE.exec(text)
  if (m) {
    sign = m[1]
    int = m[2]
    frac = m[3] ?? ''
    exp = m[4] ? Number(m[4]) : 0
  } else {
    const f = DECIMAL_FRACTION_RE.exec(text)
    if (!f)
      throw new VaultError('NUMBER_INVALID', `${name} is not a number`, {
        details: `Got "${raw}"; expected a decimal such as 833.3 or a fraction such as 2500/3.`,
      })
    sign = f[1]
    frac = f[2]
    exp = f[3] ? Number(f[3]) : 0
  }
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1000)
    throw new VaultError('NUMBER_INVALID', `${name} has an out-of-range exponent`, { details: `Got "${raw}".` })
  let num = BigInt(int + frac)
  let den = 10n ** BigInt(frac.length)
  if (exp > 0) num *= 10n ** BigInt(exp)
  else if (exp < 0) den *= 10n ** BigInt(-exp)
  if (sign === '-') num = -num
  return rat(num, den)
}

/** Parses a quantity exactly. Numbers go through their shortest decimal form (833.3 stays 8333/10). */
export function toRational(value: Quantity, name = 'value'): Rational {
  if (typeof value === 'bigint') return { num: value, den: 1n }
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new VaultError('NUMBER_INVALID', `${name} must be a finite number`, { details: `Got ${value}.` })
    return parseString(String(value), name)
  }
  if (typeof value === 'string') return parseString(value, name)
  if (value && typeof value === 'object' && typeof value.num === 'bigint' && typeof value.den === 'bigint') {
    return rat(value.num, value.den)
  }
  throw new VaultError('NUMBER_INVALID', `${name} must be a number`, { details: `Got ${String(value)}.` })
}

export const add = (a: Rational, b: Rational) => rat(a.num * b.den + b.num * a.den, a.den * b.den)
export const sub = (a: Rational, b: Rational) => rat(a.num * b.den - b.num * a.den, a.den * b.den)
export const mul = (a: Rational, b: Rational) => rat(a.num * b.num, a.den * b.den)
export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new VaultError('PARAM_OUT_OF_RANGE', 'Division by zero in a sizing model')
  return rat(a.num * b.den, a.den * b.num)
}
/** -1, 0 or 1. */
export function cmp(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den
  const r = b.num * a.den
  return l < r ? -1 : l > r ? 1 : 0
}

/** Largest integer ≤ a. */
export function floor(a: Rational): bigint {
  const q = a.num / a.den
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q
}

/** Smallest integer ≥ a. */
export function ceil(a: Rational): bigint {
  const q = a.num / a.den
  return a.num > 0n && q * a.den !== a.num ? q + 1n : q
}

/**
 * Decimal text rounded half away from zero to at most `places` digits, trailing zeros trimmed:
 * 2500/3 → "833.33" (places 2), 165 → "165", -25/3 → "-8.33".
 */
export function formatDecimal(a: Rational, places = 6): string {
  const scale = 10n ** BigInt(places)
  const negative = a.num < 0n
  const n = negative ? -a.num : a.num
  let scaled = (n * scale) / a.den
  if (((n * scale) % a.den) * 2n >= a.den) scaled += 1n
  const int = scaled / scale
  let frac = places > 0 ? (scaled % scale).toString().padStart(places, '0') : ''
  frac = frac.replace(/0+$/, '')
  const body = frac ? `${int}.${frac}` : `${int}`
  return negative && scaled !== 0n ? `-${body}` : body
}

/** "2500/3", or "165" for an integer. */
export const formatFraction = (a: Rational) => (a.den === 1n ? `${a.num}` : `${a.num}/${a.den}`)
