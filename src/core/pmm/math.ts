// The PMM curve's integral and its two quadratic solutions, step for step as the pool contracts compute them
// (same operation order, same rounding, same reverts), so results match on-chain values to the unit.
import { add, div, divCeil, divFloor, mul, mulFloor, mulWrap, ONE, ONE2, pmmRevert, sqrt, sub } from './decimal.js'

/**
 * Amount paid for moving a reserve from V1 down to V2 on a curve with target V0 (V0 ≥ V1 ≥ V2 > 0):
 * i × (V1 − V2) × (1 − k + k × V0² / (V1 × V2)), rounded down.
 * `i` is the price of the V token in the other token (1e18 fixed point), `k` in [0, 1e18].
 */
export function generalIntegrate(V0: bigint, V1: bigint, V2: bigint, i: bigint, k: bigint): bigint {
  if (V0 === 0n) throw pmmRevert('TARGET_IS_ZERO')
  const fairAmount = mul(i, sub(V1, V2))
  if (k === 0n) return div(fairAmount, ONE)
  const V0V0V1V2 = divFloor(div(mul(V0, V0), V1), V2)
  const penalty = mulFloor(k, V0V0V1V2)
  return div(mul(add(sub(ONE, k), penalty), fairAmount), ONE2)
}

/**
 * The target V0 that a reserve V1 returns to after `delta` of the other side is sold back at price `i`:
 * V0 = V1 × (1 + (√(1 + 4k·i·delta/V1) − 1) / 2k), rounded down. Returns 0 when V1 is 0.
 */
export function solveQuadraticFunctionForTarget(V1: bigint, delta: bigint, i: bigint, k: bigint): bigint {
  if (V1 === 0n) return 0n
  if (k === 0n) return add(V1, mulFloor(i, delta))
  const ki = mul(mulWrap(4n, k), i)
  let root: bigint
  if (ki === 0n) {
    root = ONE
  } else if (mulWrap(ki, delta) / ki === delta) {
    root = sqrt(add(div(ki * delta, V1), ONE2))
  } else {
    root = sqrt(add(mul(div(ki, V1), delta), ONE2))
  }
  const premium = add(divFloor(sub(root, ONE), mulWrap(k, 2n)), ONE)
  return mulFloor(V1, premium)
}

/**
 * How much of V leaves the pool when `delta` of the other token is sold into it, starting from reserve V1
 * with target V0: solves i·delta = (V1 − V2)(1 − k + k·V0²/(V1·V2)) for V2 and returns V1 − V2 (V2 rounded up,
 * so the result rounds down; 0 if rounding puts V2 above V1).
 */
export function solveQuadraticFunctionForTrade(V0: bigint, V1: bigint, delta: bigint, i: bigint, k: bigint): bigint {
  if (V0 === 0n) throw pmmRevert('TARGET_IS_ZERO')
  if (delta === 0n) return 0n

  if (k === 0n) {
    const fair = mulFloor(i, delta)
    return fair > V1 ? V1 : fair
  }

  if (k === ONE) {
    // V1 − V2 = V1 × temp / (1 + temp), temp = i·delta·V1 / V0²
    let temp: bigint
    const idelta = mul(i, delta)
    if (idelta === 0n) {
      temp = 0n
    } else if (mulWrap(idelta, V1) / idelta === V1) {
      temp = div(idelta * V1, mul(V0, V0))
    } else {
      temp = div(mul(div(mul(delta, V1), V0), i), V0)
    }
    return div(mul(V1, temp), add(temp, ONE))
  }

  // b = k·V0²/V1 + i·delta − (1 − k)·V1; keep |b| and its sign
  const part2 = add(mul(div(mul(k, V0), V1), V0), mul(i, delta))
  let bAbs = mul(sub(ONE, k), V1)
  let bSig: boolean
  if (bAbs >= part2) {
    bAbs = bAbs - part2
    bSig = false
  } else {
    bAbs = part2 - bAbs
    bSig = true
  }
  bAbs = div(bAbs, ONE)

  // √(b² + 4(1 − k)·k·V0²)
  let squareRoot = mulFloor(mul(sub(ONE, k), 4n), mul(mulFloor(k, V0), V0))
  squareRoot = sqrt(add(mul(bAbs, bAbs), squareRoot))

  const denominator = mul(sub(ONE, k), 2n)
  const numerator = bSig ? sub(squareRoot, bAbs) : add(bAbs, squareRoot)

  const V2 = divCeil(numerator, denominator)
  return V2 > V1 ? 0n : V1 - V2
}
