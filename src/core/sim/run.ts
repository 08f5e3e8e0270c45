// One simulated run: two public pools (chain 138 and Alltra), block by block, under external flow, flash and
// sustained drains, a stabilizer per pool and a cross-chain arbitrage bot. Deterministic for a seed.
import { deviationBps } from '../deviation/price.js'
import { evaluate } from '../deviation/window.js'
import { crossChainSpreadBps } from '../models/bridge.js'
import { dynamicSize } from '../models/cantilever.js'
import { amountToReachPrice } from '../pmm/analytics.js'
import { getMidPrice } from '../pmm/pricing.js'
import { dvmStateAfter, type Side } from '../pmm/quote.js'
import { SIM_DECIMALS, type SimParams, type SimStabilizer } from './params.js'
import { midPrice, quoteTrade, type SimPool, seedPool, type TradeRecord, trade } from './pool.js'
import { createRng, deriveSeed, type Rng } from './prng.js'

/**
 * The model, block by block (h = block number; p(b) = end-of-block mid price of completed block b):
 * 1. Each pool's stabilizer acts first in block h, exactly as the contract would: it sees p(b) for b < h only,
 *    and trades when `evaluate(...).shouldRebalance` (TWAP over W beyond θ and the last N blocks beyond θ with
 *    one sign) and lastExec + MIN_BLOCKS ≤ h. Size = min(kPerBps × |TWAP deviation|, perBlockCap, the amount
 *    that brings the mid price to the peg (`amountToReachPrice`), what it still holds), sold from its inventory
 *    in the correcting direction (price above peg → it sells base). One execution per block at most.
 * 2. The cross-chain bot's trades land if it saw a spread above its threshold at the end of block
 *    h − 1 − L (L = latency in blocks): it moves both pools toward their midpoint, sized from a probe quote
 *    (a bot's linear depth estimate, not an exact solve), each leg at most 2% of the depth. Its funds are taken
 *    as pre-positioned on both chains (the bridge buffer of §9); only the latency L delays it.
 * 3. External flow: the hourly volume × multiplier, spread evenly over blocks. Each block draws 1–7 trades of
 *    exponentially distributed size; each sells base with probability (1 + dir × imbalance) / 2 (dir = ±1 per
 *    chain and run), so the net flow drifts the pool. The block's base sells are sent as one trade and its quote
 *    sells as another, in random order (batched so a run stays fast; the exact PMM quote of the sum differs
 *    from a sequence of small trades only by rounding and path).
 * 4. Flash drain (probability flashRate per block): a sale of drainSize, reversed in the same block by selling
 *    back what it received. The end-of-block price never shows it.
 * 5. Sustained drain (probability drainRate per block): a sale of drainSize that stays.
 * The end-of-block prices feed the next block's stabilizer and the metrics.
 */

export const SIM_CHAINS = ['138', '651940'] as const
export type SimChain = (typeof SIM_CHAINS)[number]

/** A stabilizer execution and what bounded its size. */
export interface Execution {
  block: number
  side: Side
  size: bigint
  twapDeviationBps: bigint
  limitedBy: 'k' | 'cap' | 'peg' | 'inventory'
}

/** What happened to one pool in one block (kept only when tracing). */
export interface BlockTrace {
  block: number
  chain: SimChain
  trades: TradeRecord[]
  endPrice: bigint
  deviationBps: bigint
  /** Mid price right after a flash drain's first leg, before its reversal (inside the block). */
  flashPrice?: bigint
  execution?: Execution
}

export interface ChainRun {
  chain: SimChain
  /** +1: the net flow sells base (pushes the price down); −1: it sells quote. */
  direction: -1 | 1
  /** End-of-block deviation from the peg in bps (truncated, as the contract computes it), per simulated block. */
  deviations: number[]
  executions: Execution[]
  /** Simulated-block indexes (0-based) of sustained drains. */
  drains: number[]
  flashes: number
  /** Largest |deviation| in bps seen inside a block during a flash drain (never an end-of-block price). */
  flashPeakBps: number
  /** Net external flow in base units: base sold minus quote sold (same value, the peg is 1). */
  flowNet: bigint
  flowGross: bigint
  stabilizerVolume: bigint
  inventory: { base: bigint; quote: bigint }
  minInventory: { base: bigint; quote: bigint }
  arbTrades: number
}

export interface RunResult {
  index: number
  seed: number
  /** Block number of the first simulated block (earlier blocks are the seeded, quiet history). */
  startBlock: number
  blocks: number
  chains: [ChainRun, ChainRun]
  /** Cross-chain spread in whole bps (rounded down), per simulated block. */
  spreads: number[]
  trace?: BlockTrace[]
}

interface Live extends ChainRun {
  pool: SimPool
  prices: Map<bigint, bigint>
  pSellBase: number
  lastExec: number | null
  current?: BlockTrace
}

const ARB_CAP_DIVISOR = 50n
const ARB_PROBE_DIVISOR = 1000n

/** Simulates run `index` of a parameter set (its seed is derived from params.seed and the index). */
export function simulateRun(params: SimParams, index: number, opts: { trace?: boolean } = {}): RunResult {
  const seed = deriveSeed(params.seed, index)
  const rng = createRng(seed)
  const s = params.stabilizer
  const startBlock = Math.max(s.twapWindow, s.sustainBlocks)
  const trace: BlockTrace[] | undefined = opts.trace ? [] : undefined
  const chains = SIM_CHAINS.map((chain) => startChain(chain, params, rng, startBlock)) as [Live, Live]
  const spreads: number[] = []
  const unit = 10 ** SIM_DECIMALS
  const flowPerBlock = (Number(params.volumePerHour) / unit) * params.multiplier * (params.blockTimeSec / 3600)
  let arbAt: number | null = null

  for (let h = startBlock; h < startBlock + params.blocks; h++) {
    for (const c of chains) {
      if (trace) c.current = { block: h, chain: c.chain, trades: [], endPrice: 0n, deviationBps: 0n }
      stabilize(c, h, s)
    }
    if (arbAt === h) {
      arbitrage(chains, params)
      arbAt = null
    }
    for (const c of chains) {
      externalFlow(c, rng, flowPerBlock)
      if (rng.chance(params.flashRate)) flash(c, rng, params.drainSize)
      if (rng.chance(params.drainRate)) {
        if (record(c, trade(c.pool, 'drain', rng.sign() > 0 ? 'base' : 'quote', params.drainSize)))
          c.drains.push(h - startBlock)
      }
    }
    for (const c of chains) {
      const p = midPrice(c.pool)
      c.prices.set(BigInt(h), p)
      const dev = deviationBps(p, c.pool.peg)
      c.deviations.push(Number(dev))
      if (trace && c.current) {
        c.current.endPrice = p
        c.current.deviationBps = dev
        trace.push(c.current)
      }
    }
    const spread = Number(crossChainSpreadBps(chains[0].prices.get(BigInt(h))!, chains[1].prices.get(BigInt(h))!))
    spreads.push(spread)
    if (arbAt === null && spread > params.arbThresholdBps) arbAt = h + 1 + params.latencyBlocks
  }

  return {
    index,
    seed,
    startBlock,
    blocks: params.blocks,
    chains: chains.map(finish) as [ChainRun, ChainRun],
    spreads,
    ...(trace ? { trace } : {}),
  }
}

function startChain(chain: SimChain, params: SimParams, rng: Rng, startBlock: number): Live {
  const pool = seedPool(params.depth)
  const p0 = midPrice(pool)
  const prices = new Map<bigint, bigint>()
  for (let b = 0; b < startBlock; b++) prices.set(BigInt(b), p0)
  const direction = rng.sign()
  return {
    chain,
    direction,
    deviations: [],
    executions: [],
    drains: [],
    flashes: 0,
    flashPeakBps: 0,
    flowNet: 0n,
    flowGross: 0n,
    stabilizerVolume: 0n,
    inventory: { base: params.inventory, quote: params.inventory },
    minInventory: { base: params.inventory, quote: params.inventory },
    arbTrades: 0,
    pool,
    prices,
    pSellBase: (1 + direction * params.imbalance[chain]) / 2,
    lastExec: null,
  }
}

function finish(c: Live): ChainRun {
  const { pool: _p, prices: _m, pSellBase: _s, lastExec: _l, current: _c, ...run } = c
  return run
}

function record(c: Live, rec: TradeRecord | null): TradeRecord | null {
  if (rec && c.current) c.current.trades.push(rec)
  return rec
}

/** The Stabilizer's rule at block h (Appendix A; see the model above). */
function stabilize(c: Live, h: number, s: SimStabilizer) {
  if (c.lastExec !== null && c.lastExec + s.minBlocks > h) return
  const peg = c.pool.peg
  const ev = evaluate({
    endOfBlockPrices: c.prices,
    peg,
    h: BigInt(h),
    W: s.twapWindow,
    N: s.sustainBlocks,
    thresholdBps: s.thresholdBps,
  })
  if (!ev.shouldRebalance) return
  const side: Side = ev.twapDeviationBps > 0n ? 'base' : 'quote'
  let size = dynamicSize(s.kPerBps, ev.twapDeviationBps, s.perBlockCap)
  let limitedBy: Execution['limitedBy'] = size === s.perBlockCap ? 'cap' : 'k'
  if (c.inventory[side] < size) {
    size = c.inventory[side]
    limitedBy = 'inventory'
  }
  if (size === 0n) return
  // only search for the back-to-peg amount when this size would reach or cross the peg
  const q = quoteTrade(c.pool, side, size)
  const after = q === null ? null : getMidPrice(dvmStateAfter(c.pool.state, side, size, q))
  if (after === null || (side === 'base' ? after <= peg : after >= peg)) {
    const move = amountToReachPrice(c.pool.state, peg, c.pool.lpFeeRate, c.pool.mtFeeRate)
    if (move === null || move.side !== side || move.amount === 0n) return
    if (move.amount < size) {
      size = move.amount
      limitedBy = 'peg'
    }
  }
  const rec = record(c, trade(c.pool, 'stabilizer', side, size))
  if (!rec) return
  const other = side === 'base' ? 'quote' : 'base'
  c.inventory[side] -= size
  c.inventory[other] += rec.quote.receive
  if (c.inventory[side] < c.minInventory[side]) c.minInventory[side] = c.inventory[side]
  c.stabilizerVolume += size
  c.lastExec = h
  const execution: Execution = { block: h, side, size, twapDeviationBps: ev.twapDeviationBps, limitedBy }
  c.executions.push(execution)
  if (c.current) c.current.execution = execution
}

/** The cross-chain bot: both pools toward the midpoint of their mid prices, if the spread still exceeds θ_arb. */
function arbitrage(chains: [Live, Live], params: SimParams) {
  const mids = chains.map((c) => midPrice(c.pool))
  if (Number(crossChainSpreadBps(mids[0], mids[1])) <= params.arbThresholdBps) return
  const target = (mids[0] + mids[1]) / 2n
  chains.forEach((c, k) => {
    const side: Side = mids[k] > target ? 'base' : 'quote'
    const amount = estimateAmount(c.pool, side, mids[k], target, params.depth)
    if (record(c, trade(c.pool, 'arb', side, amount))) c.arbTrades++
  })
}

/** Linear estimate from one probe quote of the amount that moves the mid price from `mid` to `target`. */
function estimateAmount(pool: SimPool, side: Side, mid: bigint, target: bigint, depth: bigint): bigint {
  const cap = depth / ARB_CAP_DIVISOR
  const probe = depth / ARB_PROBE_DIVISOR
  const q = quoteTrade(pool, side, probe)
  if (q === null) return 0n
  const moved = mid - getMidPrice(dvmStateAfter(pool.state, side, probe, q))
  const want = mid - target
  if (moved === 0n) return 0n
  const amount = (probe * (want < 0n ? -want : want)) / (moved < 0n ? -moved : moved)
  return amount < cap ? amount : cap
}

const toUnits = (tokens: number) => BigInt(Math.round(tokens * 10 ** SIM_DECIMALS))

function externalFlow(c: Live, rng: Rng, flowPerBlock: number) {
  const n = 1 + rng.int(7)
  let base = 0
  let quote = 0
  for (let k = 0; k < n; k++) {
    const size = rng.exp(flowPerBlock / 4)
    if (rng.chance(c.pSellBase)) base += size
    else quote += size
  }
  const baseIn = toUnits(base)
  const quoteValue = toUnits(quote)
  const quoteIn = (quoteValue * c.pool.peg) / 10n ** 18n
  const legs: [Side, bigint][] = [
    ['base', baseIn],
    ['quote', quoteIn],
  ]
  if (rng.chance(0.5)) legs.reverse()
  for (const [side, amount] of legs) {
    if (record(c, trade(c.pool, 'flow', side, amount))) {
      if (side === 'base') c.flowNet += amount
      else c.flowNet -= quoteValue
      c.flowGross += side === 'base' ? amount : quoteValue
    }
  }
}

function flash(c: Live, rng: Rng, size: bigint) {
  const side: Side = rng.sign() > 0 ? 'base' : 'quote'
  const first = record(c, trade(c.pool, 'flash', side, size))
  if (!first) return
  c.flashes++
  const p = midPrice(c.pool)
  const dev = Math.abs(Number(deviationBps(p, c.pool.peg)))
  if (dev > c.flashPeakBps) c.flashPeakBps = dev
  if (c.current) c.current.flashPrice = p
  record(c, trade(c.pool, 'flash-reverse', side === 'base' ? 'quote' : 'base', first.quote.receive))
}
