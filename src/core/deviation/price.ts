import { VaultError } from '../errors.js'

/**
 * Peg and deviation arithmetic, integer for integer the same as the Stabilizer contract.
 * Prices are DODO mid prices: quote per base, 1e18 fixed point adjusted by decimals (the unit of `i` and
 * `getMidPrice()`). bigint division truncates toward zero, like Solidity's.
 */

export const WAD = 10n ** 18n

export interface PegInput {
  /** Oracle USD price of one whole base token, 1e18 fixed point (cUSDT = 1e18, cXAUC = 2650e18). */
  baseUsd: bigint
  /** Oracle USD price of one whole quote token, 1e18 fixed point. */
  quoteUsd: bigint
  baseDecimals: number
  quoteDecimals: number
}

function decimals(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0 || value > 77) {
    throw new VaultError('NUMBER_INVALID', `${name} must be a whole number between 0 and 77`, {
      details: `Got ${value}.`,
    })
  }
  return BigInt(value)
}

/**
 * Peg price of a pool in mid-price units:
 * peg = baseUsd × 1e18 / quoteUsd (rounded down), then, only when the decimals differ,
 * peg = peg × 10^quoteDecimals / 10^baseDecimals (rounded down), in that order.
 * With equal decimals (all our tokens have 6) it is just the ratio: cEURT/cUSDT = 1.08e18.
 */
export function pegPrice(input: PegInput): bigint {
  const bd = decimals(input.baseDecimals, 'Base decimals')
  const qd = decimals(input.quoteDecimals, 'Quote decimals')
  if (input.baseUsd <= 0n)
    throw new VaultError('PRICE_INVALID', 'Base oracle price must be greater than zero', {
      details: `Got ${input.baseUsd}.`,
    })
  if (input.quoteUsd <= 0n)
    throw new VaultError('PRICE_INVALID', 'Quote oracle price must be greater than zero', {
      details: `Got ${input.quoteUsd}.`,
    })
  let peg = (input.baseUsd * WAD) / input.quoteUsd
  if (bd !== qd) peg = (peg * 10n ** qd) / 10n ** bd
  if (peg === 0n) {
    throw new VaultError('PRICE_INVALID', 'Peg price rounds to zero', {
      details: 'The base is worth less than one unit of the mid-price scale of the quote.',
    })
  }
  return peg
}

/** (price − peg) × 10000 / peg, truncated toward zero (int256 semantics). Positive: the pool prices base above peg. */
export function deviationBps(price: bigint, peg: bigint): bigint {
  if (peg <= 0n)
    throw new VaultError('PRICE_INVALID', 'Peg price must be greater than zero', { details: `Got ${peg}.` })
  if (price < 0n) throw new VaultError('PRICE_INVALID', 'Price cannot be negative', { details: `Got ${price}.` })
  return ((price - peg) * 10_000n) / peg
}

export const absBig = (v: bigint) => (v < 0n ? -v : v)
/** The larger of two bigints (Math.max does not take bigints). */
export const maxBig = (a: bigint, b: bigint) => (a >= b ? a : b)
export const signOf = (v: bigint): -1 | 0 | 1 => (v < 0n ? -1 : v > 0n ? 1 : 0)
