// The PMM curve in float64, for the simulator's fast path: the same cases and the same order as the exact
// library in ../pmm (DVM and DPP states, R cases, fees out of the output), in closed form instead of uint256
// steps. Reserves are base units held as whole numbers in doubles (exact up to 2^53); i is quote per base as a
// plain ratio. The exact path stays the reference: run.fast.test.ts proves the two agree.

export const R_ONE = 0
export const R_ABOVE = 1
export const R_BELOW = 2

/**
 * A pool's pricing state, mutable (trades apply in place), in a Float64Array so no double is ever boxed:
 * [i, K, B, Q, B0, Q0, R, lpFeeRate, dvm (1: targets re-solved from the reserves on each read)].
 */
export type FState = Float64Array
const I = 0
const K_ = 1
const B_ = 2
const Q_ = 3
const B0_ = 4
const Q0_ = 5
const R_ = 6
const LP = 7
const DVM = 8

export function fState(v: { i: number; K: number; B: number; Q: number; lpFeeRate: number; dvm: boolean }): FState {
  const s = new Float64Array(9)
  s[I] = v.i
  s[K_] = v.K
  s[B_] = v.B
  s[Q_] = v.Q
  s[LP] = v.lpFeeRate
  s[DVM] = v.dvm ? 1 : 0
  return s
}

/** ∫ from V2 to V1 of i × (1 − k + k·V0²/V²): what moving a reserve from V1 to V2 pays. */
function integrate(V0: number, V1: number, V2: number, i: number, k: number): number {
  const fair = i * (V1 - V2)
  return k === 0 ? fair : fair * (1 - k + (k * V0 * V0) / (V1 * V2))
}

/** The target a reserve V1 returns to after `delta` of the other side is sold back at price i. */
export function solveTarget(V1: number, delta: number, i: number, k: number): number {
  if (V1 === 0) return 0
  if (k === 0) return V1 + i * delta
  const x = (4 * k * i * delta) / V1
  // (√(1 + x) − 1) written without cancellation
  return V1 * (1 + x / (Math.sqrt(1 + x) + 1) / (2 * k))
}

/** How much of V leaves when `delta` of the other token comes in (V2 from the curve's quadratic). */
function solveTrade(V0: number, V1: number, delta: number, i: number, k: number): number {
  if (delta === 0) return 0
  if (k === 0) return Math.min(i * delta, V1)
  if (k === 1) {
    const t = (i * delta * V1) / (V0 * V0)
    return (V1 * t) / (1 + t)
  }
  // (1 − k)V2² + b·V2 − k·V0² = 0
  const b = (k * V0 * V0) / V1 + i * delta - (1 - k) * V1
  const c4 = 4 * (1 - k) * k * V0 * V0
  const s = Math.sqrt(b * b + c4)
  const V2 = b > 0 ? (2 * k * V0 * V0) / (s + b) : (s - b) / (2 * (1 - k))
  return V2 > V1 ? 0 : V1 - V2
}

/** DVM reads: quote target 0, R above one, base target solved from all of the quote. */
export function dvmTargets(s: FState) {
  s[Q0_] = 0
  s[R_] = R_ABOVE
  s[B0_] = solveTarget(s[B_], s[Q_], 1 / s[I], s[K_])
}

/** The contracts' adjustedTarget: the short side's target re-solved from the reserves. */
export function adjustTargets(s: FState) {
  if (s[DVM] === 1) dvmTargets(s)
  else if (s[R_] === R_BELOW) s[Q0_] = solveTarget(s[Q_], s[B_] - s[B0_], s[I], s[K_])
  else if (s[R_] === R_ABOVE) s[B0_] = solveTarget(s[B_], s[Q_] - s[Q0_], 1 / s[I], s[K_])
}

export function fMid(s: FState): number {
  if (s[R_] === R_BELOW) {
    const r = s[Q0_] / s[Q_]
    return s[I] / (1 - s[K_] + s[K_] * r * r)
  }
  const r = s[B0_] / s[B_]
  return s[I] * (1 - s[K_] + s[K_] * r * r)
}

// results of the last curve computation: [gross, new R] (a typed array: no allocation per trade)
const out = new Float64Array(2)

/** Curve output (before fees) of selling `pay` base; false where the contract reverts. Sets outGross/outR. */
function curveSellBase(s: FState, pay: number): boolean {
  if (s[R_] === R_ONE) return rOne(s[Q0_], pay, s[I], s[K_], R_BELOW)
  if (s[R_] === R_ABOVE) {
    const backPay = s[B0_] - s[B_]
    const backReceive = s[Q_] - s[Q0_]
    if (pay < backPay) {
      out[0] = Math.min(integrate(s[B0_], s[B_] + pay, s[B_], s[I], s[K_]), backReceive)
      out[1] = R_ABOVE
      return true
    }
    if (pay === backPay) {
      out[0] = backReceive
      out[1] = R_ONE
      return true
    }
    if (!rOne(s[Q0_], pay - backPay, s[I], s[K_], R_BELOW)) return false
    out[0] += backReceive
    return true
  }
  out[0] = solveTrade(s[Q0_], s[Q_], pay, s[I], s[K_])
  out[1] = R_BELOW
  return s[Q0_] !== 0
}

function curveSellQuote(s: FState, pay: number): boolean {
  const ri = 1 / s[I]
  if (s[R_] === R_ONE) return rOne(s[B0_], pay, ri, s[K_], R_ABOVE)
  if (s[R_] === R_ABOVE) {
    out[0] = solveTrade(s[B0_], s[B_], pay, ri, s[K_])
    out[1] = R_ABOVE
    return s[B0_] !== 0
  }
  const backPay = s[Q0_] - s[Q_]
  const backReceive = s[B_] - s[B0_]
  if (pay < backPay) {
    out[0] = Math.min(integrate(s[Q0_], s[Q_] + pay, s[Q_], ri, s[K_]), backReceive)
    out[1] = R_BELOW
    return true
  }
  if (pay === backPay) {
    out[0] = backReceive
    out[1] = R_ONE
    return true
  }
  if (!rOne(s[B0_], pay - backPay, ri, s[K_], R_ABOVE)) return false
  out[0] += backReceive
  return true
}

function rOne(V0: number, pay: number, i: number, k: number, r: number): boolean {
  if (V0 === 0) return false // TARGET_IS_ZERO
  out[0] = solveTrade(V0, V0, pay, i, k)
  out[1] = r
  return true
}

/** What selling `amount` of base (side 0) or quote (side 1) returns after the LP fee; −1 where it reverts. */
export function fQuote(s: FState, side: number, amount: number): number {
  const ok = side === 0 ? curveSellBase(s, amount) : curveSellQuote(s, amount)
  if (!ok || !(out[0] >= 0)) return -1
  const gross = Math.floor(out[0])
  return gross - Math.floor(gross * s[LP])
}

/** Applies a sale (the LP fee stays in the pool); returns what the trader receives, −1 (no change) on a revert. */
export function fSell(s: FState, side: number, amount: number): number {
  if (amount <= 0) return -1
  const receive = fQuote(s, side, amount)
  if (receive < 0) return -1
  if (receive > (side === 0 ? s[Q_] : s[B_])) return -1
  if (side === 0) {
    s[B_] += amount
    s[Q_] -= receive
  } else {
    s[Q_] += amount
    s[B_] -= receive
  }
  if (s[DVM] !== 1) s[R_] = out[1]
  adjustTargets(s)
  return receive
}

const saved = new Float64Array(9)

/** The mid price after selling `amount` of `side`, without changing the pool; NaN where it reverts. */
export function fMidAfter(s: FState, side: number, amount: number): number {
  saved.set(s)
  if (fSell(s, side, amount) < 0) return Number.NaN
  const mid = fMid(s)
  s.set(saved)
  return mid
}

/**
 * Smallest whole amount whose sale takes the mid price to (or past) `target`: bisection on the float curve, as
 * the exact library's amountToReachPrice searches its integer one. Returns 0 when no amount gets there.
 */
export function fAmountToPrice(s: FState, target: number): number {
  const mid = fMid(s)
  if (target === mid) return 0
  const side = target < mid ? 0 : 1
  const reached = (m: number) => (side === 0 ? m <= target : m >= target)
  let lo = 0
  let hi = 1
  for (;;) {
    const m = fMidAfter(s, side, hi)
    if (Number.isNaN(m)) break
    if (reached(m)) break
    lo = hi
    if (hi > 2 ** 52) return 0
    hi *= 2
  }
  if (Number.isNaN(fMidAfter(s, side, hi))) {
    let bad = hi
    while (bad - lo > 1) {
      const m = Math.floor((lo + bad) / 2)
      if (Number.isNaN(fMidAfter(s, side, m))) bad = m
      else lo = m
    }
    if (lo === 0 || !reached(fMidAfter(s, side, lo))) return 0
    hi = lo
    lo = 0
  }
  while (hi - lo > 1) {
    const m = Math.floor((lo + hi) / 2)
    const after = fMidAfter(s, side, m)
    if (!Number.isNaN(after) && reached(after)) hi = m
    else lo = m
  }
  return hi
}

/** A DPP reset: i to `price`, targets to the current reserves, R = ONE; the mid price is then `price`. */
export function fReset(s: FState, price: number) {
  s[I] = price
  s[B0_] = s[B_]
  s[Q0_] = s[Q_]
  s[R_] = R_ONE
}
