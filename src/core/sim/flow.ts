// What happens to the system from outside, block by block: the oracle's price walk and cadence, outages, gas
// spikes, the external flow (trades, genuine demand, flash and sustained drains). Written once: the simulator
// applies it to its pool model (system.ts), `vault stress` replays it into the pools on the localnet. Every draw
// depends only on (seed, index) and the generator's own state, never on pool state, so both see the same flow.
import { LOCALNET_ORACLE_PRICES, TOKEN_SYMBOLS } from '../registry.js'
import type { SimParams } from './params.js'
import type { Rng } from './prng.js'

/** t = 0 USD prices: the registry's reference prices, as the localnet's oracle starts. */
const USD0 = TOKEN_SYMBOLS.map((s) => Number(LOCALNET_ORACLE_PRICES[s] / 10n ** 12n) / 1e6)
const BLOCKS_PER_DAY = 86_400
/** Public pools per chain (the engine's PUBLIC_POOLS order). */
const POOLS = 4
/** Slots are chain × pool: slot = c * 4 + k. */
export const FLOW_SLOTS = 2 * POOLS
/** No event of this kind in the slot this block. */
export const NONE = -1

/**
 * One block's events, overwritten by each `step` (no allocation per block). Sides: 0 sells base, 1 sells quote.
 * Trade sizes are base value in base units (the quote side is converted at the peg by whoever applies them).
 */
export class FlowGenerator {
  /** True USD prices of cUSDT, cUSDC, cEURT, cXAUC (the walk). */
  readonly usd = new Float64Array(USD0)
  /** Per chain: its oracle copies `usd` this block. */
  readonly oracleUpdate = new Uint8Array(2)
  /** Blocks before which each chain's gas is above the Stabilizer's cap (a spike), and outages end. */
  readonly gasUntil = new Int32Array(2).fill(-1)
  oracleOutUntil = -1
  bridgeOutUntil = -1
  /** Per slot: the two external trades (sell base worth `base`, sell quote worth `quote`) and which goes first. */
  readonly base = new Float64Array(FLOW_SLOTS)
  readonly quote = new Float64Array(FLOW_SLOTS)
  readonly baseFirst = new Uint8Array(FLOW_SLOTS)
  /** Per slot: a demand episode started this block (count it), and the side demand sells this block or NONE. */
  readonly demandStarted = new Uint8Array(FLOW_SLOTS)
  readonly demandSide = new Int8Array(FLOW_SLOTS)
  /** Per slot: the side of a flash drain (reversed within the block) or of a sustained drain, or NONE. */
  readonly flash = new Int8Array(FLOW_SLOTS)
  readonly drain = new Int8Array(FLOW_SLOTS)
  private readonly pSellBase = new Float64Array(2)
  private readonly demandLeft = new Int32Array(FLOW_SLOTS)
  private readonly episodeSide = new Int8Array(FLOW_SLOTS)
  private readonly flowMean: number
  private readonly volX: number
  private readonly volE: number

  /** Draws each chain's dominant direction: the first draws of a run. */
  constructor(
    private readonly params: SimParams,
    private readonly rng: Rng,
  ) {
    const imb = [params.imbalance['138'], params.imbalance['651940']]
    for (let c = 0; c < 2; c++) this.pSellBase[c] = (1 + rng.sign() * imb[c]) / 2
    const unit = 1e6
    this.flowMean =
      (((Number(params.volumePerHour) / unit) * params.multiplier * params.blockTimeSec) / 3600 / POOLS) * unit
    this.volX = params.oracle.xauVolPerDay / Math.sqrt(BLOCKS_PER_DAY / params.blockTimeSec)
    this.volE = params.oracle.eurVolPerDay / Math.sqrt(BLOCKS_PER_DAY / params.blockTimeSec)
  }

  /** Block h: the oracle walk and cadence, outages and spikes, then each chain's flow. */
  step(h: number) {
    const { rng, params } = this
    const U = params.oracle.updateBlocks
    this.usd[2] *= Math.exp(this.volE * rng.normal())
    this.usd[3] *= Math.exp(this.volX * rng.normal())
    if (this.oracleOutUntil < h && rng.chance(params.oracle.outageRate))
      this.oracleOutUntil = h + params.oracle.outageBlocks
    for (let c = 0; c < 2; c++) {
      this.oracleUpdate[c] = h >= this.oracleOutUntil && (h + c * (U >> 1)) % U === 0 ? 1 : 0
      if (this.gasUntil[c] < h && rng.chance(params.gas.spikeRate)) this.gasUntil[c] = h + params.gas.spikeBlocks
    }
    if (this.bridgeOutUntil < h && rng.chance(params.bridge.outageRate))
      this.bridgeOutUntil = h + params.bridge.outageBlocks
    for (let c = 0; c < 2; c++) this.chainFlow(c)
  }

  /**
   * A trade sells base with P = ρ·[the block's common direction sells base] + (1 − ρ)·P(sell base); its uniform,
   * rescaled inside the chosen side, also draws its exponential size. 1–7 trades a pool, summed per side.
   */
  private chainFlow(c: number) {
    const { rng, params } = this
    const rho = params.correlation
    const ps = this.pSellBase[c]
    const pb = rho * (rng.chance(ps) ? 1 : 0) + (1 - rho) * ps
    for (let k = 0; k < POOLS; k++) {
      const slot = c * POOLS + k
      const n = 1 + rng.int(7)
      let base = 0
      let quote = 0
      for (let j = 0; j < n; j++) {
        const u = rng.next()
        if (u < pb) base -= this.flowMean * Math.log(1 - u / pb)
        else quote -= this.flowMean * Math.log(1 - (u - pb) / (1 - pb))
      }
      this.base[slot] = base
      this.quote[slot] = quote
      this.baseFirst[slot] = rng.chance(0.5) ? 1 : 0
      this.demandStarted[slot] = 0
      if (this.demandLeft[slot] === 0 && rng.chance(params.demand.rate)) {
        this.demandLeft[slot] = params.demand.blocks
        this.episodeSide[slot] = rng.sign() > 0 ? 0 : 1
        this.demandStarted[slot] = 1
      }
      this.demandSide[slot] = NONE
      if (this.demandLeft[slot] > 0) {
        this.demandLeft[slot]--
        this.demandSide[slot] = this.episodeSide[slot]
      }
      this.flash[slot] = rng.chance(params.flashRate) ? (rng.sign() > 0 ? 0 : 1) : NONE
      this.drain[slot] = rng.chance(params.drainRate) ? (rng.sign() > 0 ? 0 : 1) : NONE
    }
  }
}
