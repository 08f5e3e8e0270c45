// One simulated run of the whole system, block by block, written once for both numeric paths (backend.ts).
// Longer than 300 lines on purpose: the block loop is one hot path (no allocation per block) and reads best
// in one place. Deterministic for (seed, index): the random draws never depend on pool state.
import { PUBLIC_POOL_NAMES, PUBLIC_POOL_PAIRS, SEED_K, SEED_LP_FEE_RATE, TOKEN_SYMBOLS } from '../registry.js'
import type { Backend, PoolSeed } from './backend.js'
import { FlowGenerator, NONE } from './flow.js'
import { RunAccumulator, type RunRecord } from './metrics.js'
import type { SimParams } from './params.js'
import { createRng, deriveSeed } from './prng.js'

/**
 * The model (h = block number, p(b) = end-of-block mid price of block b):
 * Per chain (138, Alltra): the four public DVM pools cUSDT/cUSDC, cUSDT/cXAUC, cUSDC/cXAUC, cEURT/cXAUC, seeded
 * like localnet with the mid on the oracle peg, and the three private XAU legs (cUSDT, cUSDC, cEURT against
 * cXAUC), DPP-style with i on the oracle cross rate. Each block:
 * 1. Oracle: EURT and XAU walk in USD (daily volatility); each chain's oracle copies the walk every U blocks
 *    (Alltra half a period later), unless an oracle outage holds it; every pool's peg is the chain's oracle cross.
 * 2. Stabilizer, per chain, unless gas is above its cap (a gas spike) or its oracle is older than the max age:
 *    after an oracle move it resets each leg to the new cross rate (rebalanceMesh); then per public pool, when
 *    lastExec + MIN_BLOCKS ≤ h and the Appendix A rule fires (core/deviation/window.ts, completed blocks only),
 *    it sells min(k × |TWAP dev|, cap, back-to-peg, inventory) in the correcting direction (quote side: the same
 *    value at the peg), routes the proceeds back through the legs (via XAU) and resets each touched leg.
 * 3. The cross-chain bot: trades land L + 1 blocks after it saw a pool pair's spread above its threshold; it moves
 *    both pools toward their midpoint (probe-quote estimate, ≤ 2% of depth a leg), limited by its inventory on
 *    each chain; it refills a short chain over the bridge (latency; nothing moves during a bridge outage).
 * 4. External flow per public pool: volume × multiplier spread over the blocks as 1–7 trades; each follows the
 *    chain's common direction for the block with probability `correlation`, else sells base with probability
 *    (1 + dir × imbalance) / 2; one trade per side. Genuine fast demand: a one-sided flow for several blocks.
 *    Flash drains (reversed in their block) and sustained drains (they stay).
 * 5. End of block: prices recorded (the rule's history, the metrics, the spreads).
 * Everything exogenous (1's walk and cadence, outages, spikes, 4's flow) is drawn by flow.ts, which `vault stress`
 * replays on the localnet.
 */

/** Tokens by index, as in the registry: 0 cUSDT, 1 cUSDC, 2 cEURT, 3 cXAUC. */
const SIM_TOKENS = TOKEN_SYMBOLS
/** The public pools as [base, quote] token indexes. */
export const PUBLIC_POOLS: readonly (readonly [number, number])[] = PUBLIC_POOL_PAIRS.map(([b, q]) => [
  SIM_TOKENS.indexOf(b),
  SIM_TOKENS.indexOf(q),
])
export const POOL_NAMES: readonly string[] = PUBLIC_POOL_NAMES
const XAU = 3

interface Chain<P> {
  pools: P[]
  legs: P[]
  usd: Float64Array
  lastUpdate: number
  meshStale: boolean
  inv: Float64Array
  bot: Float64Array
  lastExec: Int32Array
}

export interface RunOptions {
  trace?: boolean
  /** Time buckets of the series (per-run worst |deviation| and spread per bucket). */
  buckets?: number
}

export function simulateSystem<P>(be: Backend<P>, params: SimParams, index: number, opts: RunOptions = {}): RunRecord {
  const seed = deriveSeed(params.seed, index)
  const rng = createRng(seed)
  const s = params.stabilizer
  const W = s.twapWindow
  const N = s.sustainBlocks
  const theta = s.thresholdBps
  const span = Math.max(W, N)
  const start = span
  const end = start + params.blocks
  const depth = Number(params.depth)
  const drainSize = Number(params.drainSize)
  const demandSize = Number(params.demand.size)
  const kPerBps = Number(s.kPerBps)
  const cap = Number(s.perBlockCap)
  // the exogenous events (oracle, outages, spikes, flow): the run's first draws are the chains' directions
  const flow = new FlowGenerator(params, rng)
  const usdTrue = flow.usd
  const acc = new RunAccumulator(params, index, seed, opts)

  const seedOf = (b: number, q: number, dvm: boolean, base: number): PoolSeed => ({
    dvm,
    depth: base,
    usdBase: usdTrue[b],
    usdQuote: usdTrue[q],
    K: SEED_K,
    lpFeeRate: SEED_LP_FEE_RATE,
    span: dvm ? span : 1,
  })
  const chains: Chain<P>[] = [0, 1].map(() => {
    const inv = new Float64Array(4)
    const bot = new Float64Array(4)
    for (let t = 0; t < 4; t++) {
      inv[t] = Math.floor((Number(params.inventory) * 1) / usdTrue[t])
      bot[t] = Math.floor(Number(params.botInventory) / usdTrue[t])
    }
    return {
      pools: PUBLIC_POOLS.map(([b, q]) => be.seed(seedOf(b, q, true, depth))),
      legs: [0, 1, 2].map((t) => be.seed(seedOf(t, XAU, false, Number(params.legDepth)))),
      usd: Float64Array.from(usdTrue),
      lastUpdate: start - 1,
      meshStale: false,
      inv,
      bot,
      lastExec: new Int32Array(4).fill(-1_000_000),
    }
  })
  const botStart = Float64Array.from(chains[0].bot)
  for (const ch of chains) for (const p of ch.pools) for (let b = 0; b < start; b++) be.close(p, b)
  const arbAt = new Int32Array(4).fill(-1)
  const transfers: { c: number; t: number; amount: number; at: number }[] = []

  const setPegs = (ch: Chain<P>) => {
    for (let k = 0; k < 4; k++) be.setPeg(ch.pools[k], ch.usd[PUBLIC_POOLS[k][0]], ch.usd[PUBLIC_POOLS[k][1]])
    for (let t = 0; t < 3; t++) be.setPeg(ch.legs[t], ch.usd[t], ch.usd[XAU])
  }
  // sell through a leg and put it back on the peg (the DPP reset)
  const legSell = (ch: Chain<P>, t: number, side: 0 | 1, amount: number) => {
    const out = be.sell(ch.legs[t], side, amount)
    if (out >= 0) be.resetToPeg(ch.legs[t])
    return out
  }
  /** Converts `amount` of token `from` into `to` through the legs (via XAU); the inventory follows. */
  const route = (ch: Chain<P>, from: number, to: number, amount: number) => {
    let a = amount
    let tok = from
    if (tok !== XAU) {
      const x = legSell(ch, tok, 0, a)
      if (x < 0) return
      ch.inv[tok] -= a
      ch.inv[XAU] += x
      tok = XAU
      a = x
    }
    if (to !== XAU) {
      const y = legSell(ch, to, 1, a)
      if (y < 0) return
      ch.inv[XAU] -= a
      ch.inv[to] += y
    }
  }

  const correct = (c: number, k: number, twapDev: number, h: number) => {
    const ch = chains[c]
    const p = ch.pools[k]
    const side: 0 | 1 = twapDev > 0 ? 0 : 1
    const bt = PUBLIC_POOLS[k][0]
    const qt = PUBLIC_POOLS[k][1]
    const sold = side === 0 ? bt : qt
    const raw = kPerBps * Math.abs(twapDev)
    let size = Math.min(raw, cap)
    let limit = raw < cap ? 0 : 1 // k, cap, peg, inventory
    let amount = side === 0 ? size : be.baseToQuote(p, size)
    if (ch.inv[sold] < amount) {
      amount = Math.floor(ch.inv[sold])
      limit = 3
    }
    if (amount <= 0) return
    if (be.reachesPeg(p, side, amount)) {
      const m = be.amountToPeg(p, side)
      if (m === 0) return
      if (m < amount) {
        amount = m
        limit = 2
      }
    }
    const out = be.sell(p, side, amount)
    if (out < 0) return
    ch.inv[sold] -= amount
    ch.inv[side === 0 ? qt : bt] += out
    route(ch, side === 0 ? qt : bt, sold, out)
    ch.lastExec[k] = h
    size = side === 0 ? amount : amount / (ch.usd[bt] / ch.usd[qt])
    acc.execution(c, k, limit, size, ch.inv, ch.usd)
  }

  const arbitrage = (k: number) => {
    const a = chains[0].pools[k]
    const b = chains[1].pools[k]
    if (be.spreadBps(a, b) <= params.arbThresholdBps) return
    const mids = [be.mid(a), be.mid(b)]
    const target = (mids[0] + mids[1]) / 2
    for (let c = 0; c < 2; c++) {
      const ch = chains[c]
      const p = ch.pools[k]
      const side: 0 | 1 = mids[c] > target ? 0 : 1
      const [bt, qt] = PUBLIC_POOLS[k]
      const sold = side === 0 ? bt : qt
      const inUnits = (x: number) => (side === 0 ? x : be.baseToQuote(p, x))
      const probe = inUnits(depth / 1000)
      const moved = Math.abs(mids[c] - be.midAfter(p, side, probe))
      if (!(moved > 0)) continue
      let amount = Math.floor((probe * Math.abs(mids[c] - target)) / moved)
      amount = Math.min(amount, inUnits(depth / 50), Math.floor(ch.bot[sold]))
      const out = be.sell(p, side, amount)
      if (out < 0) continue
      ch.bot[sold] -= amount
      ch.bot[side === 0 ? qt : bt] += out
      acc.arb()
    }
  }

  const refill = (h: number) => {
    if (h < flow.bridgeOutUntil) return
    for (let c = 0; c < 2; c++) {
      const o = 1 - c
      for (let t = 0; t < 4; t++) {
        const short = botStart[t] - chains[c].bot[t]
        if (short <= botStart[t] / 2 || transfers.some((x) => x.c === c && x.t === t)) continue
        const amount = Math.floor(Math.min(short, chains[o].bot[t] - botStart[t] / 2))
        if (amount <= 0) continue
        chains[o].bot[t] -= amount
        transfers.push({ c, t, amount, at: h + params.bridge.latencyBlocks })
        acc.bridgeTransfer()
      }
    }
  }

  const trade = (c: number, k: number, side: 0 | 1, baseValue: number) => {
    const p = chains[c].pools[k]
    const amount = side === 0 ? Math.round(baseValue) : be.baseToQuote(p, Math.round(baseValue))
    return be.sell(p, side, amount) >= 0
  }

  for (let h = start; h < end; h++) {
    // 1. oracle (and this block's outages, spikes and flow, drawn together)
    flow.step(h)
    for (let c = 0; c < 2; c++) {
      const ch = chains[c]
      if (flow.oracleUpdate[c] === 1) {
        ch.usd.set(usdTrue)
        ch.lastUpdate = h
        ch.meshStale = true
        setPegs(ch)
      }
    }
    // 2. stabilizer
    for (let c = 0; c < 2; c++) {
      const ch = chains[c]
      const gasHigh = h < flow.gasUntil[c]
      const halted = gasHigh || h - ch.lastUpdate > params.oracle.maxAgeBlocks
      if (halted) acc.halted(c, gasHigh)
      // after an oracle move the keeper resets each leg beyond the mesh bound (rebalanceMesh refuses the others)
      if (!halted && ch.meshStale) {
        for (let t = 0; t < 3; t++) {
          const gap = be.devBps(ch.legs[t])
          if (gap > s.meshThresholdBps || -gap > s.meshThresholdBps) {
            be.resetToPeg(ch.legs[t])
            acc.meshReset()
          }
        }
        ch.meshStale = false
      }
      for (let k = 0; k < 4; k++) {
        if (ch.lastExec[k] + s.minBlocks > h) continue
        const dev = be.rule(ch.pools[k], h, W, N, theta)
        if (dev === 0) continue
        if (halted) acc.blocked()
        else correct(c, k, dev, h)
      }
    }
    // 3. the cross-chain bot
    let botTraded = false
    for (let k = 0; k < 4; k++) {
      if (arbAt[k] !== h) continue
      arbitrage(k)
      arbAt[k] = -1
      botTraded = true
    }
    for (let x = transfers.length - 1; x >= 0; x--) {
      const tr = transfers[x]
      if (tr.at > h || h < flow.bridgeOutUntil) continue
      chains[tr.c].bot[tr.t] += tr.amount
      transfers.splice(x, 1)
    }
    if (botTraded) refill(h)
    // 4. external flow, demand, drains
    for (let c = 0; c < 2; c++) {
      const ch = chains[c]
      for (let k = 0; k < 4; k++) {
        const slot = c * 4 + k
        const base = flow.base[slot]
        const quote = flow.quote[slot]
        const baseFirst = flow.baseFirst[slot] === 1
        if (trade(c, k, baseFirst ? 0 : 1, baseFirst ? base : quote)) acc.flow(c, k, baseFirst ? base : -quote)
        if (trade(c, k, baseFirst ? 1 : 0, baseFirst ? quote : base)) acc.flow(c, k, baseFirst ? -quote : base)
        if (flow.demandStarted[slot] === 1) acc.demand()
        const demandSide = flow.demandSide[slot]
        if (demandSide !== NONE) {
          const side = demandSide as 0 | 1
          if (trade(c, k, side, demandSize)) acc.flow(c, k, side === 0 ? demandSize : -demandSize)
        }
        if (flow.flash[slot] !== NONE) {
          const side = flow.flash[slot] as 0 | 1
          const p = ch.pools[k]
          const amount = side === 0 ? drainSize : be.baseToQuote(p, drainSize)
          const got = be.sell(p, side, amount)
          if (got >= 0) {
            acc.flash(be.devBps(p))
            be.sell(p, side === 0 ? 1 : 0, got)
          }
        }
        if (flow.drain[slot] !== NONE) {
          const side = flow.drain[slot] as 0 | 1
          if (trade(c, k, side, drainSize)) acc.drain(c, k)
        }
      }
    }
    // 5. end of block
    for (let c = 0; c < 2; c++) {
      const ch = chains[c]
      for (let k = 0; k < 4; k++) {
        be.close(ch.pools[k], h)
        acc.deviation(c, k, be.devBps(ch.pools[k]))
      }
      for (let t = 0; t < 3; t++) acc.legDeviation(be.devBps(ch.legs[t]))
    }
    for (let k = 0; k < 4; k++) {
      const spread = be.spreadBps(chains[0].pools[k], chains[1].pools[k])
      acc.spread(k, spread)
      if (arbAt[k] < 0 && spread > params.arbThresholdBps) arbAt[k] = h + 1 + params.latencyBlocks
    }
    if (acc.trace)
      acc.traceBlock(
        chains.map((ch) => [...ch.pools, ...ch.legs].map((p) => be.mid(p))),
        usdTrue,
      )
    acc.endBlock()
  }
  return acc.finish(chains.map((ch) => [...ch.inv].map((v, t) => v * ch.usd[t])))
}

export type { RunRecord }
