import { describe, expect, it } from 'vitest'
import { usageError } from '../../../test/helpers/errors.js'
import { add, ceil, cmp, div, floor, formatDecimal, formatFraction, mul, rat, sub, toRational } from './rational.js'

describe('rational', () => {
  it('parses decimals, fractions, exponents and numbers exactly', () => {
    expect(toRational('833.3')).toEqual({ num: 8333n, den: 10n })
    expect(toRational(833.3)).toEqual({ num: 8333n, den: 10n })
    expect(toRational('2500/3')).toEqual({ num: 2500n, den: 3n })
    expect(toRational('1e6')).toEqual({ num: 1_000_000n, den: 1n })
    expect(toRational('1_000_000')).toEqual({ num: 1_000_000n, den: 1n })
    expect(toRational('-.5')).toEqual({ num: -1n, den: 2n })
    expect(toRational(1e-7)).toEqual({ num: 1n, den: 10_000_000n })
    expect(toRational(42n)).toEqual({ num: 42n, den: 1n })
    expect(toRational('0.20')).toEqual({ num: 1n, den: 5n })
  })

  it('rejects malformed input as bad input (exit 3)', () => {
    for (const bad of ['', 'abc', '1/0', '1/2/3', '1..2', Number.NaN, Number.POSITIVE_INFINITY]) {
      usageError(() => toRational(bad as string | number, 'x'), `accepted ${String(bad)}`)
    }
  })

  it('does exact arithmetic with reduced results', () => {
    const third = rat(1n, 3n)
    expect(add(third, third)).toEqual({ num: 2n, den: 3n })
    expect(mul(third, rat(3n))).toEqual({ num: 1n, den: 1n })
    expect(sub(rat(825n), rat(2500n, 3n))).toEqual({ num: -25n, den: 3n })
    expect(div(rat(50_000n), rat(60n))).toEqual({ num: 2500n, den: 3n })
    expect(cmp(rat(825n), rat(2500n, 3n))).toBe(-1)
    expect(cmp(rat(2n, 4n), rat(1n, 2n))).toBe(0)
    expect(rat(3n, -6n)).toEqual({ num: -1n, den: 2n })
  })

  it('floors and ceils toward the right integers, negatives included', () => {
    expect(floor(rat(2500n, 3n))).toBe(833n)
    expect(ceil(rat(2500n, 3n))).toBe(834n)
    expect(floor(rat(-25n, 3n))).toBe(-9n)
    expect(ceil(rat(-25n, 3n))).toBe(-8n)
    expect(floor(rat(6n, 3n))).toBe(2n)
    expect(ceil(rat(6n, 3n))).toBe(2n)
  })

  it('formats rounded decimals and fractions', () => {
    expect(formatDecimal(rat(2500n, 3n), 2)).toBe('833.33')
    expect(formatDecimal(rat(2n, 3n), 2)).toBe('0.67')
    expect(formatDecimal(rat(-25n, 3n), 2)).toBe('-8.33')
    expect(formatDecimal(rat(165n))).toBe('165')
    expect(formatDecimal(rat(5n, 2n), 0)).toBe('3')
    expect(formatDecimal(rat(-1n, 1000n), 2)).toBe('0')
    expect(formatFraction(rat(2500n, 3n))).toBe('2500/3')
    expect(formatFraction(rat(165n))).toBe('165')
  })
})
