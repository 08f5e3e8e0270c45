import { describe, expect, it } from 'vitest'
import { DEFAULT_STABILIZER } from '../../config/presets.js'
import { SEED_K, SEED_LP_FEE_RATE } from '../../localnet/deploy.js'
import { deviationBps } from '../deviation/price.js'
import { evaluate } from '../deviation/window.js'
import { VaultError } from '../errors.js'
import { solveIForMidPrice } from '../pmm/analytics.js'
import { getMidPrice } from '../pmm/pricing.js'
import { dvmState, querySell } from '../pmm/quote.js'
import { episodes } from './metrics.js'
import { resolveSimParams, type SimInput } from './params.js'
import { type BlockTrace, SIM_CHAINS, simulateRun } from './run.js'

const U = 10n ** 6n
const WAD = 10n ** 18n
const params = (input: SimInput, stab = DEFAULT_STABILIZER) => resolveSimParams(input, stab)

describe('one simulated run', () => {
  // a small cap and k so both bind, frequent drains and flash drains
  const p = params(
    { blocks: 240, flashRate: '0.05', drainRate: '0.02', perBlockCap: String(6_000n * U), kPerBps: String(300n * U) },
    DEFAULT_STABILIZER,
  )
  const run = simulateRun(p, 0, { trace: true })
  const trace = run.trace!
  const seededI = solveIForMidPrice({ baseReserve: p.depth, quoteReserve: p.depth / 2n, K: SEED_K, targetMid: WAD })

  it('changes the pools only by trades, each exactly as the PMM quote says', () => {
    let trades = 0
    for (const chain of SIM_CHAINS) {
      let reserves = { B: p.depth, Q: p.depth / 2n }
      for (const block of trace.filter((t) => t.chain === chain)) {
        for (const t of block.trades) {
          expect(t.before).toEqual(reserves)
          const state = dvmState({ i: seededI, K: SEED_K, baseReserve: t.before.B, quoteReserve: t.before.Q })
          const q = querySell(state, t.side, t.amountIn, SEED_LP_FEE_RATE, 0n)
          expect(t.quote).toEqual(q)
          const out = q.receive + q.mtFee
          expect(t.after).toEqual(
            t.side === 'base'
              ? { B: t.before.B + t.amountIn, Q: t.before.Q - out }
              : { B: t.before.B - out, Q: t.before.Q + t.amountIn },
          )
          reserves = t.after
          trades++
        }
        const end = getMidPrice(dvmState({ i: seededI, K: SEED_K, baseReserve: reserves.B, quoteReserve: reserves.Q }))
        expect(block.endPrice).toBe(end)
        expect(block.deviationBps).toBe(deviationBps(end, WAD))
      }
    }
    expect(trades).toBeGreaterThan(2 * 240)
  })

  it('trades the stabilizer only when the rule allows, within the cap, k × |TWAP deviation| and MIN_BLOCKS', () => {
    const s = p.stabilizer
    let executions = 0
    for (const chain of SIM_CHAINS) {
      const blocks = trace.filter((t) => t.chain === chain)
      const prices = new Map<bigint, bigint>()
      const seededMid = getMidPrice(
        dvmState({ i: seededI, K: SEED_K, baseReserve: p.depth, quoteReserve: p.depth / 2n }),
      )
      for (let b = 0; b < run.startBlock; b++) prices.set(BigInt(b), seededMid)
      let last: number | null = null
      for (const block of blocks) {
        const h = BigInt(block.block)
        const stab = block.trades.filter((t) => t.kind === 'stabilizer')
        expect(stab.length).toBeLessThanOrEqual(1)
        if (stab.length === 1) {
          executions++
          expect(block.trades[0].kind).toBe('stabilizer')
          const ev = evaluate({
            endOfBlockPrices: prices,
            peg: WAD,
            h,
            W: s.twapWindow,
            N: s.sustainBlocks,
            thresholdBps: s.thresholdBps,
          })
          expect(ev.shouldRebalance).toBe(true)
          const amount = stab[0].amountIn
          expect(amount).toBeLessThanOrEqual(s.perBlockCap)
          const twapAbs = ev.twapDeviationBps < 0n ? -ev.twapDeviationBps : ev.twapDeviationBps
          expect(amount).toBeLessThanOrEqual(s.kPerBps * twapAbs)
          expect(stab[0].side).toBe(ev.twapDeviationBps > 0n ? 'base' : 'quote')
          if (last !== null) expect(block.block - last).toBeGreaterThanOrEqual(s.minBlocks)
          last = block.block
          expect(block.execution?.size).toBe(amount)
        }
        prices.set(h, block.endPrice)
      }
    }
    const reported = run.chains.reduce((n, c) => n + c.executions.length, 0)
    expect(executions).toBe(reported)
    expect(executions).toBeGreaterThan(3)
    const limits = new Set(run.chains.flatMap((c) => c.executions.map((e) => e.limitedBy)))
    expect(limits.has('cap') || limits.has('k')).toBe(true)
  })

  it('reverses a flash drain within its block, so it never triggers the stabilizer', () => {
    const quiet = params({ blocks: 120, volumePerHour: '0', drainRate: '0', flashRate: '1' })
    const r = simulateRun(quiet, 3, { trace: true })
    const flashed = r.trace!.filter((t: BlockTrace) => t.flashPrice !== undefined)
    expect(flashed.length).toBe(2 * 120)
    for (const t of flashed) {
      const inside = deviationBps(t.flashPrice!, WAD)
      expect(inside < 0n ? -inside : inside).toBeGreaterThan(BigInt(quiet.stabilizer.thresholdBps) * 3n)
      expect(t.deviationBps >= -1n && t.deviationBps <= 1n).toBe(true)
      expect(t.trades.map((x) => x.kind)).toEqual(['flash', 'flash-reverse'])
    }
    expect(r.chains.every((c) => c.executions.length === 0 && c.flashes === 120)).toBe(true)
  })

  it('is deterministic for a seed', () => {
    const a = simulateRun(p, 5)
    const b = simulateRun(p, 5)
    expect(a).toEqual(b)
    expect(simulateRun(p, 6).chains[0].deviations).not.toEqual(a.chains[0].deviations)
  })
})

describe('episodes', () => {
  it('splits end-of-block deviations into out-of-band runs', () => {
    expect(episodes([0, 11, 12, -15, 3, 10, -10, 11])).toEqual([
      { start: 1, length: 3, resolved: true },
      { start: 7, length: 1, resolved: false },
    ])
  })
})

describe('simulation parameters', () => {
  const exit = (input: SimInput) => {
    try {
      resolveSimParams(input, DEFAULT_STABILIZER)
      return 0
    } catch (e) {
      return e instanceof VaultError ? e.exit : -1
    }
  }

  it('default to the spec numbers and the profile stabilizer', () => {
    const d = params({})
    expect(d.multiplier).toBe(5)
    expect(d.volumePerHour).toBe(50_000n * U)
    expect(d.depth).toBe(1_000_000n * U)
    // max drift 2,000 (1,000,000 at 0.2%) × 5
    expect(d.drainSize).toBe(10_000n * U)
    expect(d.stabilizer).toEqual({
      thresholdBps: 10,
      sustainBlocks: 3,
      twapWindow: 5,
      minBlocks: 3,
      perBlockCap: BigInt(DEFAULT_STABILIZER.perBlockCap),
      kPerBps: BigInt(DEFAULT_STABILIZER.kPerBps),
    })
    expect(params({ multiplier: '2.5' }).drainSize).toBe(5_000n * U)
  })

  it('refuses bad input with exit 3', () => {
    expect(exit({ multiplier: '0' })).toBe(3)
    expect(exit({ multiplier: '-1' })).toBe(3)
    expect(exit({ runs: 0 })).toBe(3)
    expect(exit({ blocks: 4 })).toBe(3) // shorter than the TWAP window (5)
    expect(exit({ blocks: 5 })).toBe(0)
    expect(exit({ flashRate: '-0.1' })).toBe(3)
    expect(exit({ drainRate: '1.5' })).toBe(3)
    expect(exit({ imbalance: '2' })).toBe(3)
    expect(exit({ seed: -1 })).toBe(3)
    expect(exit({ perBlockCap: 'abc' })).toBe(3)
    expect(exit({ depth: '10' })).toBe(3)
    expect(exit({ drainSize: '2000000' })).toBe(3)
  })
})
