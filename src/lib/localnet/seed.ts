// Seeding arithmetic for local pools: the mid price a fresh vending-machine pool (quote target 0, base target
// solved from the reserves) shows for given reserves, and the `i` that puts that mid price on the oracle peg.
// Integer math with the pool contract's rounding, so the numbers match what the deployed pool reports.

const ONE = 10n ** 18n
const ONE2 = 10n ** 36n
const MAX_UINT256 = (1n << 256n) - 1n

function sqrtFloor(x: bigint): bigint {
  let z = x / 2n + 1n
  let y = x
  while (z < y) {
    y = z
    z = (x / z + z) / 2n
  }
  return y
}

/** Base target B0 reached from reserve `b` when `q` quote (priced at 1/i) comes back. */
function baseTarget(b: bigint, q: bigint, i: bigint, k: bigint): bigint {
  const reciprocal = ONE2 / i
  if (k === 0n) return b + (reciprocal * q) / ONE
  const ki = 4n * k * reciprocal
  let root: bigint
  if (ki === 0n) root = ONE
  else if (ki * q <= MAX_UINT256) root = sqrtFloor((ki * q) / b + ONE2)
  else root = sqrtFloor((ki / b) * q + ONE2)
  const premium = ((root - ONE) * ONE) / (k * 2n) + ONE
  return (b * premium) / ONE
}

/** Mid price (quote per base, 1e18) of a vending-machine pool with reserves (b, q), price i and slope k. */
export function dvmMidPrice(b: bigint, q: bigint, i: bigint, k: bigint): bigint {
  const b0 = baseTarget(b, q, i, k)
  const ratio = (((b0 * b0) / b) * ONE) / b
  return (i * (ONE - k + (k * ratio) / ONE)) / ONE
}

/**
 * The largest `i` whose mid price is at most `peg` for these reserves (bisection; the mid price rises with i).
 * A pool with both reserves always quotes above q/b, so the quote reserve's value must be below the base's:
 * throws when `peg` is not reachable.
 */
export function solveSeedPrice(args: { baseReserve: bigint; quoteReserve: bigint; k: bigint; peg: bigint }): bigint {
  const { baseReserve, quoteReserve, k, peg } = args
  let lo = 1n
  let hi = peg
  if (dvmMidPrice(baseReserve, quoteReserve, lo, k) > peg) {
    throw new Error(`no i puts the mid price at ${peg}: the quote reserve is worth too much against the base reserve`)
  }
  while (lo < hi) {
    const m = (lo + hi + 1n) / 2n
    if (dvmMidPrice(baseReserve, quoteReserve, m, k) <= peg) lo = m
    else hi = m - 1n
  }
  return lo
}

/** Oracle peg of a pool: price(base) * 1e18 / price(quote), decimals-adjusted (the Stabilizer's definition). */
export function pegPrice(basePriceUsd: bigint, quotePriceUsd: bigint, baseDecimals = 6, quoteDecimals = 6): bigint {
  const peg = (basePriceUsd * ONE) / quotePriceUsd
  if (baseDecimals === quoteDecimals) return peg
  return (peg * 10n ** BigInt(quoteDecimals)) / 10n ** BigInt(baseDecimals)
}
