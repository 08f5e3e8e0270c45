import { describe, expect, it } from 'vitest'
import { usageError } from '../../../test/helpers/errors.js'
import {
  feeToPercent,
  fixedToBps,
  formatDecimal,
  formatK,
  iToPrice,
  parseDecimal,
  parseK,
  percentToFee,
  priceToI,
} from './convert.js'

/** Runs `fn`, expects a bad-input VaultError whose message matches `re`. */
function expectBadInput(fn: () => unknown, re: RegExp) {
  expect(usageError(fn).message).toMatch(re)
}

describe('price ⇄ i', () => {
  it.each([
    ['1', 6, 6, 10n ** 18n],
    ['1.0001', 6, 6, 1_000_100_000_000_000_000n],
    ['2000.5', 18, 6, 2_000_500_000n],
    ['0.000001', 6, 18, 10n ** 24n],
    ['2650.123456', 6, 6, 2_650_123_456_000_000_000_000n],
    ['1000000000000000000', 36, 0, 1n],
    ['007.50', 6, 6, 7_500_000_000_000_000_000n],
  ])('priceToI(%s, %i, %i) = %s', (price, bd, qd, i) => {
    expect(priceToI(price, bd, qd)).toBe(i)
  })

  it.each([
    [10n ** 18n, 6, 6, '1'],
    [1_000_100_000_000_000_000n, 6, 6, '1.0001'],
    [2_000_500_000n, 18, 6, '2000.5'],
    [1n, 36, 0, '1000000000000000000'],
    [1n, 6, 6, '0.000000000000000001'],
  ])('iToPrice(%s, %i, %i) = %s', (i, bd, qd, price) => {
    expect(iToPrice(i, bd, qd)).toBe(price)
    expect(priceToI(price, bd, qd)).toBe(i)
  })

  it('rejects prices that are not positive decimals', () => {
    expectBadInput(() => priceToI('-1', 6, 6), /price/)
    expectBadInput(() => priceToI('0', 6, 6), /price must be greater than 0/)
    expectBadInput(() => priceToI('0.0', 6, 6), /price must be greater than 0/)
    expectBadInput(() => priceToI('abc', 6, 6), /price/)
    expectBadInput(() => priceToI('1e3', 6, 6), /price/)
    expectBadInput(() => priceToI('', 6, 6), /price/)
    expectBadInput(() => priceToI('1,5', 6, 6), /price/)
  })

  it('rejects prices i cannot represent or a DVM would refuse', () => {
    expectBadInput(() => priceToI('1.0000000000000000001', 6, 6), /more than 18 decimal places/)
    expectBadInput(() => priceToI('0.000000000000000000001', 6, 6), /price/)
    expectBadInput(() => priceToI('1.5', 36, 0), /not representable/)
    expectBadInput(() => priceToI('1000000000000000001', 6, 6), /exceed 1e36/)
  })

  it('rejects bad decimals', () => {
    expectBadInput(() => priceToI('1', -1, 6), /baseDecimals/)
    expectBadInput(() => priceToI('1', 6, 6.5), /quoteDecimals/)
    expectBadInput(() => iToPrice(1n, 40, 6), /baseDecimals/)
  })
})

describe('fees', () => {
  it('percent → 1e18 rate and back', () => {
    expect(percentToFee('0.3')).toBe(3n * 10n ** 15n)
    expect(percentToFee('0')).toBe(0n)
    expect(percentToFee('10')).toBe(10n ** 17n)
    expect(percentToFee('0.0001')).toBe(10n ** 12n)
    expect(feeToPercent(3n * 10n ** 15n)).toBe('0.3')
    expect(feeToPercent(0n)).toBe('0')
  })

  it('rejects fees outside 0..10% or not decimals', () => {
    expectBadInput(() => percentToFee('200'), /fee must be between 0% and 10%/)
    expectBadInput(() => percentToFee('10.0001'), /fee must be between 0% and 10%/)
    expectBadInput(() => percentToFee('-0.3'), /fee/)
    expectBadInput(() => percentToFee('0.3%'), /fee/)
    expectBadInput(() => percentToFee('0.00000000000000001'), /fee has more than 16 decimal places/)
  })
})

describe('k', () => {
  it('parses [0, 1] into 1e18 fixed point and formats back', () => {
    expect(parseK('0.1')).toBe(10n ** 17n)
    expect(parseK('1')).toBe(10n ** 18n)
    expect(parseK('1.000')).toBe(10n ** 18n)
    expect(parseK('0')).toBe(0n)
    expect(parseK('0.000000000000000001')).toBe(1n)
    expect(formatK(10n ** 17n)).toBe('0.1')
    expect(formatK(10n ** 18n)).toBe('1')
  })

  it('rejects k outside [0, 1]', () => {
    expectBadInput(() => parseK('1.5'), /k must be between 0 and 1 \(got 1\.5\)/)
    expectBadInput(() => parseK('-0.1'), /^k /)
    expectBadInput(() => parseK('1.0000000000000000001'), /k has more than 18 decimal places/)
  })
})

describe('decimal helpers', () => {
  it('parse and format exactly', () => {
    expect(parseDecimal('12.345', 6, 'amount')).toBe(12_345_000n)
    expect(formatDecimal(-1_500_000n, 6)).toBe('-1.5')
    expect(formatDecimal(0n, 6)).toBe('0')
    expect(fixedToBps(2n * 10n ** 15n)).toBe(20n)
    expect(fixedToBps(-(10n ** 14n))).toBe(-1n)
  })
})
