// The two numeric paths of the simulator behind one interface: `exact` (the uint256 PMM library, the
// contract's rule via `evaluate`, bigint prices: the reference) and `float` (float64 closed forms and the
// incremental `ruleFires`: the fast path). The engine (system.ts) is written once against this interface;
// amounts cross it as whole base units in doubles, verdict numbers (bps) as whole numbers.

import { deviationBps, pegPrice } from '../deviation/price.js'
import { evaluate, ruleFires } from '../deviation/window.js'
import { isVaultError } from '../errors.js'
import { crossChainSpreadBps } from '../models/bridge.js'
import { amountToReachPrice, solveIForMidPrice } from '../pmm/analytics.js'
import { dppReset, dppState, dppStateAfter } from '../pmm/dpp.js'
import { getMidPrice, type PMMState, RState } from '../pmm/pricing.js'
import { dvmState, dvmStateAfter, querySell, type Side } from '../pmm/quote.js'
import { dvmTargets, type FState, fAmountToPrice, fMid, fMidAfter, fReset, fSell, fState } from './fpmm.js'

export type SimPath = 'exact' | 'float'

/** Pool kinds: a public DVM (targets from reserves) or a private DPP leg (targets stored, reset by the stabilizer). */
export interface PoolSeed {
  dvm: boolean
  /** Base reserve, base units. */
  depth: number
  /** Oracle USD prices of base and quote (1 = $1). */
  usdBase: number
  usdQuote: number
  K: bigint
  lpFeeRate: bigint
  /** TWAP window and sustain blocks (history kept: max(W, N)); 0 for pools without a rule. */
  span: number
}

/** One pool as a path holds it; the engine only passes it back. */
export interface Backend<P> {
  path: SimPath
  seed(s: PoolSeed): P
  /** New oracle prices: the pool's peg (quote per base) moves; nothing trades. */
  setPeg(p: P, usdBase: number, usdQuote: number): void
  /** Sells `amount` of base (0) or quote (1); returns what comes out, −1 (nothing changes) on a revert. */
  sell(p: P, side: 0 | 1, amount: number): number
  /** Mid price as a plain ratio (for sizing estimates, charts and the agreement test). */
  mid(p: P): number
  midAfter(p: P, side: 0 | 1, amount: number): number
  /** Deviation of the current mid price from the peg, whole bps truncated (the contract's). */
  devBps(p: P): number
  /** Does selling `amount` of `side` reach or cross the peg? */
  reachesPeg(p: P, side: 0 | 1, amount: number): boolean
  /** Smallest amount of `side` whose sale reaches the peg; 0 when none (or the other side is needed). */
  amountToPeg(p: P, side: 0 | 1): number
  /** A DPP reset to the peg: i = peg, targets = reserves, R = ONE. */
  resetToPeg(p: P): void
  /** Records the end-of-block price of block h (the rule's history). */
  close(p: P, h: number): void
  /** The Appendix A rule at block h: TWAP deviation in bps when it fires, else 0. */
  rule(p: P, h: number, W: number, N: number, thetaBps: number): number
  spreadBps(a: P, b: P): number
  /** Value in quote units of `amount` base at the peg (whole units, rounded down). */
  baseToQuote(p: P, amount: number): number
}

const WAD = 10n ** 18n
const usd = (x: number) => BigInt(Math.round(x * 1e12)) * 10n ** 6n

// ---- exact ----

/** The seeded i for (reserves, K, peg): the same for every run, solved once. */
const seededI = new Map<string, bigint>()

export interface XPool {
  /** A DVM's state, or a DPP leg's stored state (targets and R as the contract stores them). */
  state: PMMState
  dvm: boolean
  lp: bigint
  peg: bigint
  prices: Map<bigint, bigint>
  span: number
}

const xside = (side: 0 | 1): Side => (side === 0 ? 'base' : 'quote')

function xTry(p: XPool, side: 0 | 1, amount: bigint) {
  try {
    const state = p.dvm ? p.state : dppState(p.state)
    const q = querySell(state, xside(side), amount, p.lp, 0n)
    const out = q.receive + q.mtFee
    if (out > (side === 0 ? state.Q : state.B)) return null
    const next: PMMState = p.dvm
      ? dvmStateAfter(state, xside(side), amount, q)
      : dppStateAfter(p.state, xside(side), amount, q)
    return { q, next }
  } catch (e) {
    if (isVaultError(e) && e.code === 'PMM_REVERT') return null
    throw e
  }
}

const xMid = (p: XPool) => getMidPrice(p.dvm ? p.state : dppState(p.state))

export const exactBackend: Backend<XPool> = {
  path: 'exact',
  seed(s) {
    const peg = pegPrice({ baseUsd: usd(s.usdBase), quoteUsd: usd(s.usdQuote), baseDecimals: 6, quoteDecimals: 6 })
    const B = BigInt(s.depth)
    let state: PMMState
    if (s.dvm) {
      const Q = (B * peg) / WAD / 2n
      const key = `${B}:${Q}:${s.K}:${peg}`
      let i = seededI.get(key)
      if (i === undefined) {
        i = solveIForMidPrice({ baseReserve: B, quoteReserve: Q, K: s.K, targetMid: peg })
        seededI.set(key, i)
      }
      state = dvmState({ i, K: s.K, baseReserve: B, quoteReserve: Q })
    } else {
      const Q = (B * peg) / WAD
      state = { i: peg, K: s.K, B, Q, B0: B, Q0: Q, R: RState.ONE }
    }
    return { state, dvm: s.dvm, lp: s.lpFeeRate, peg, prices: new Map(), span: s.span }
  },
  setPeg(p, usdBase, usdQuote) {
    p.peg = pegPrice({ baseUsd: usd(usdBase), quoteUsd: usd(usdQuote), baseDecimals: 6, quoteDecimals: 6 })
  },
  sell(p, side, amount) {
    if (amount <= 0) return -1
    const r = xTry(p, side, BigInt(amount))
    if (r === null) return -1
    p.state = r.next
    return Number(r.q.receive)
  },
  mid: (p) => Number(xMid(p)) / 1e18,
  midAfter(p, side, amount) {
    const r = xTry(p, side, BigInt(amount))
    return r === null ? Number.NaN : Number(getMidPrice(p.dvm ? r.next : dppState(r.next))) / 1e18
  },
  devBps: (p) => Number(deviationBps(xMid(p), p.peg)),
  reachesPeg(p, side, amount) {
    const r = xTry(p, side, BigInt(amount))
    if (r === null) return true
    const after = getMidPrice(p.dvm ? r.next : dppState(r.next))
    return side === 0 ? after <= p.peg : after >= p.peg
  },
  amountToPeg(p, side) {
    // the stabilizer corrects public pools only: a DVM's next state
    if (!p.dvm) throw new Error('amountToPeg is for public (DVM) pools')
    const move = amountToReachPrice(p.state, p.peg, p.lp, 0n)
    if (move === null || move.side !== xside(side)) return 0
    return Number(move.amount)
  },
  resetToPeg(p) {
    p.state = dppReset(p.state, p.peg)
  },
  close(p, h) {
    p.prices.set(BigInt(h), xMid(p))
    p.prices.delete(BigInt(h - p.span - 1))
  },
  rule(p, h, W, N, thetaBps) {
    const ev = evaluate({ endOfBlockPrices: p.prices, peg: p.peg, h: BigInt(h), W, N, thresholdBps: thetaBps })
    return ev.shouldRebalance ? Number(ev.twapDeviationBps) : 0
  },
  spreadBps: (a, b) => Number(crossChainSpreadBps(xMid(a), xMid(b))),
  baseToQuote: (p, amount) => Number((BigInt(amount) * p.peg) / WAD),
}

// ---- float ----

interface FPool {
  s: FState
  peg: number
  ring: Float64Array
  head: number
}

export const floatBackend: Backend<FPool> = {
  path: 'float',
  seed(seed) {
    // the exact seeding (the integer i solved for the peg) is cheap next to a run and keeps both paths on one start
    const x = exactBackend.seed(seed)
    const st = x.state
    const s: FState = fState({
      i: Number(st.i) / 1e18,
      K: Number(st.K) / 1e18,
      B: Number(st.B),
      Q: Number(st.Q),
      lpFeeRate: Number(seed.lpFeeRate) / 1e18,
      dvm: seed.dvm,
    })
    if (seed.dvm) dvmTargets(s)
    else fReset(s, Number(st.i) / 1e18)
    return { s, peg: seed.usdBase / seed.usdQuote, ring: new Float64Array(Math.max(seed.span, 1)), head: 0 }
  },
  setPeg(p, usdBase, usdQuote) {
    p.peg = usdBase / usdQuote
  },
  sell: (p, side, amount) => fSell(p.s, side, amount),
  mid: (p) => fMid(p.s),
  midAfter: (p, side, amount) => fMidAfter(p.s, side, amount),
  // + 0: no −0 (the exact path has none)
  devBps: (p) => Math.trunc(((fMid(p.s) - p.peg) * 10_000) / p.peg) + 0,
  reachesPeg(p, side, amount) {
    const after = fMidAfter(p.s, side, amount)
    return Number.isNaN(after) || (side === 0 ? after <= p.peg : after >= p.peg)
  },
  amountToPeg(p, side) {
    const mid = fMid(p.s)
    if ((side === 0) !== p.peg < mid) return 0
    return fAmountToPrice(p.s, p.peg)
  },
  resetToPeg: (p) => fReset(p.s, p.peg),
  close(p, _h) {
    p.ring[p.head] = fMid(p.s)
    p.head = (p.head + 1) % p.ring.length
  },
  rule: (p, _h, W, N, thetaBps) => ruleFires(p.ring, p.head, W, N, thetaBps, p.peg),
  spreadBps(a, b) {
    const x = fMid(a.s)
    const y = fMid(b.s)
    return Math.trunc((Math.abs(x - y) * 10_000) / Math.min(x, y))
  },
  baseToQuote: (p, amount) => Math.floor(amount * p.peg),
}

export const backends = { exact: exactBackend, float: floatBackend } as const
