import { describe, expect, it } from 'vitest'
import { renderSimulation } from '../../cli/render/sim.js'
import { DEFAULT_STABILIZER } from '../../config/presets.js'
import { floatBackend } from './backend.js'
import { resolveSimParams, type SimInput } from './params.js'
import { simulate } from './report.js'
import { acrossRuns, percentile, summarize } from './stats.js'
import { simulateSystem } from './system.js'

const params = (input: SimInput) => resolveSimParams(input, DEFAULT_STABILIZER)
const byId = (r: Awaited<ReturnType<typeof simulate>>, id: string) => r.targets.find((t) => t.id === id)!
/** Nothing happens but what a test turns on. */
const quiet: SimInput = {
  flashRate: '0',
  drainRate: '0',
  demandRate: '0',
  gasSpikeRate: '0',
  oracleOutageRate: '0',
  bridgeOutageRate: '0',
  xauVolPerDay: '0',
  eurVolPerDay: '0',
}

describe('percentiles', () => {
  it('use the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i) // 100..1
    expect(percentile(xs, 50)).toBe(50)
    expect(percentile(xs, 95)).toBe(95)
    expect(percentile([], 50)).toBeNull()
    expect(summarize([3, 1, 2])).toEqual({ count: 3, p50: 2, p95: 3, p99: 3, max: 3 })
    // higher is better: the 5th / 1st percentile is what 95% / 99% of runs reach
    expect(acrossRuns([...xs, null], true)).toEqual({ runs: 100, p50: 50, p95: 5, p99: 1, worst: 1 })
    expect(acrossRuns([null])).toEqual({ runs: 0, p50: null, p95: null, p99: null, worst: null })
  })
})

describe('the system model', () => {
  it('gives an identical report for the same seed, and a different one for another seed', async () => {
    const p = params({ runs: 3, blocks: 150 })
    const a = await simulate(p)
    expect(await simulate(p)).toEqual(a)
    const c = await simulate(params({ runs: 3, blocks: 150, seed: 2 }))
    expect(c.runs.map((r) => r.seed)).not.toEqual(a.runs.map((r) => r.seed))
    let calls = 0
    await simulate(params({ runs: 2, blocks: 20 }), { onRun: () => void calls++ })
    expect(calls).toBe(2)
  })

  // drains on quiet pools, rare enough that two seldom meet: the sustain rule decides how fast a drain is undone
  const drains: SimInput = {
    ...quiet,
    runs: 6,
    blocks: 300,
    volumePerHour: '10000',
    multiplier: '1',
    imbalance: '0',
    drainRate: '0.004',
    drainSize: '10000',
    twapWindow: 2,
    thresholdBps: 5,
  }

  it('with N = 3 the < 3-block flash recovery target fails, and says why', async () => {
    const r = await simulate(params({ ...drains, sustainBlocks: 3 }))
    expect(byId(r, 'flashRecovery').verdict).toBe('fail')
    expect(r.pooled.flashRecovery.count).toBeGreaterThan(5)
    expect(r.pooled.flashRecovery.p50).toBeGreaterThanOrEqual(3)
    expect(r.tension).toMatchObject({
      N: 3,
      earliestRecoveryBlocks: 3,
      meetsTarget: false,
      feasibleN: { min: 2, max: 2 },
    })
    const text = await renderSimulation(r)
    expect(text).toMatch(/Flash drain recovery.*FAIL/)
    expect(text).toMatch(/N = 3 alone misses the target/)
  })

  it('with N = 2 the same drains recover in under 3 blocks', async () => {
    const r = await simulate(params({ ...drains, sustainBlocks: 2, minBlocks: 1 }))
    expect(byId(r, 'flashRecovery').verdict).toBe('pass')
    expect(r.pooled.flashRecovery.max).toBeLessThan(3)
  })

  it('halts the stabilizer while gas is above its cap, and while its oracle is stale', () => {
    const base = { ...quiet, blocks: 200, drainRate: '0.02' }
    const gas = simulateSystem(floatBackend, params({ ...base, gasSpikeRate: '1', gasSpikeBlocks: 1000 }), 0)
    expect(gas.executions).toBe(0)
    expect(gas.blockedFirings).toBeGreaterThan(0)
    expect(gas.gasBlocks).toBe(2 * 200) // both chains, every block
    const stale = simulateSystem(
      floatBackend,
      params({ ...base, oracleOutageRate: '1', oracleOutageBlocks: 1000, oracleMaxAgeBlocks: 10 }),
      0,
    )
    expect(stale.staleBlocks).toBeGreaterThan(300)
    expect(stale.executions).toBeLessThan(simulateSystem(floatBackend, params(base), 0).executions)
  })

  it('keeps the private legs on the oracle: reset after each correction, and after an oracle move beyond θ', () => {
    const input = { blocks: 300, xauVolPerDay: '0.2', oracleUpdateBlocks: 6 }
    const r = simulateSystem(floatBackend, params(input), 0)
    expect(r.meshResets).toBeGreaterThan(5)
    expect(r.executions).toBeGreaterThan(10)
    // a leg is reset only beyond the mesh bound, as rebalanceMesh allows: it may sit up to θ off, never further
    // at the end of a block
    expect(r.maxLegDevBps).toBeLessThanOrEqual(DEFAULT_STABILIZER.meshThresholdBps)
    // with the bound out of reach the keeper never resets a leg after an oracle move: the legs drift with gold
    const never = simulateSystem(floatBackend, params({ ...input, meshThresholdBps: 10_000 }), 0)
    expect(never.meshResets).toBe(0)
    expect(never.maxLegDevBps).toBeGreaterThan(DEFAULT_STABILIZER.meshThresholdBps)
  })

  it('judges the cantilever target against s × f at the dead band', async () => {
    // k = 100 tokens/bp: s = 100 × 11 = 1,100 per trade, f = 12 / 3 = 4 per minute → 4,400/min
    const ok = await simulate(params({ runs: 2, blocks: 120, kPerBps: String(100n * 10n ** 6n) }))
    expect(ok.model.capacity).toEqual({ sizeAtThreshold: 1100, tradesPerMin: 4, perMin: 4400 })
    expect(byId(ok, 'cantilever').verdict).toBe('pass')
    const short = await simulate(params({ runs: 2, blocks: 120, kPerBps: String(10n ** 6n) }))
    expect(short.model.capacity.perMin).toBe(44)
    expect(byId(short, 'cantilever').verdict).toBe('fail')
    expect(byId(short, 'peg').overRuns.p50!).toBeLessThan(byId(ok, 'peg').overRuns.p50!)
  })
})
