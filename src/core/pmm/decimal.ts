// uint256 arithmetic and 1e18 fixed-point helpers with the exact semantics of the pool contracts:
// checked operations revert (here: throw) where the contract's SafeMath would, unchecked ones wrap.
import { VaultError } from '../errors.js'

/** 1.0 in 18-decimal fixed point. */
export const ONE = 10n ** 18n
/** 1.0 squared (1e36), the scale of a product of two fixed-point numbers. */
export const ONE2 = 10n ** 36n
/** Largest uint256. */
export const MAX_UINT256 = (1n << 256n) - 1n

/**
 * The pool contract would revert on these inputs (overflow, division by zero, an empty side).
 * `reason` is the contract's revert string: MUL_ERROR, ADD_ERROR, SUB_ERROR, DIVIDING_ERROR, TARGET_IS_ZERO.
 */
export function pmmRevert(reason: string): VaultError {
  return new VaultError('PMM_REVERT', `The pool's PMM math reverts for these numbers (${reason})`, {
    details: 'The same call on chain would revert: the amount is too large for the pool, or a reserve is empty.',
    data: { reason },
  })
}

/** The smaller of two bigints (Math.min does not take bigint). */
export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}

/** Checked uint256 multiplication (reverts MUL_ERROR on overflow). */
export function mul(a: bigint, b: bigint): bigint {
  const c = a * b
  if (c > MAX_UINT256) throw pmmRevert('MUL_ERROR')
  return c
}

/** Unchecked uint256 multiplication (wraps modulo 2^256). */
export function mulWrap(a: bigint, b: bigint): bigint {
  return (a * b) & MAX_UINT256
}

/** Checked uint256 addition (reverts ADD_ERROR on overflow). */
export function add(a: bigint, b: bigint): bigint {
  const c = a + b
  if (c > MAX_UINT256) throw pmmRevert('ADD_ERROR')
  return c
}

/** Checked uint256 subtraction (reverts SUB_ERROR below zero). */
export function sub(a: bigint, b: bigint): bigint {
  if (b > a) throw pmmRevert('SUB_ERROR')
  return a - b
}

/** uint256 division rounding down (reverts DIVIDING_ERROR on zero). */
export function div(a: bigint, b: bigint): bigint {
  if (b === 0n) throw pmmRevert('DIVIDING_ERROR')
  return a / b
}

/** uint256 division rounding up (reverts DIVIDING_ERROR on zero). */
export function divCeilInt(a: bigint, b: bigint): bigint {
  const q = div(a, b)
  return a - q * b > 0n ? q + 1n : q
}

/**
 * Integer square root by the contract's Babylonian loop. Not always the floor:
 * sqrt(2) = 2 here, exactly as on chain, so it must not be replaced by a "better" root.
 */
export function sqrt(x: bigint): bigint {
  let z = x / 2n + 1n
  let y = x
  while (z < y) {
    y = z
    z = (x / z + z) / 2n
  }
  return y
}

/** target × d / 1e18, rounded down. */
export function mulFloor(target: bigint, d: bigint): bigint {
  return mul(target, d) / ONE
}

/** target × d / 1e18, rounded up. */
export function mulCeil(target: bigint, d: bigint): bigint {
  return divCeilInt(mul(target, d), ONE)
}

/** target × 1e18 / d, rounded down. */
export function divFloor(target: bigint, d: bigint): bigint {
  return div(mul(target, ONE), d)
}

/** target × 1e18 / d, rounded up. */
export function divCeil(target: bigint, d: bigint): bigint {
  return divCeilInt(mul(target, ONE), d)
}

/** 1e36 / target, rounded down: the reciprocal of a fixed-point number. */
export function reciprocalFloor(target: bigint): bigint {
  return div(ONE2, target)
}

/** 1e36 / target, rounded up. */
export function reciprocalCeil(target: bigint): bigint {
  return divCeilInt(ONE2, target)
}
