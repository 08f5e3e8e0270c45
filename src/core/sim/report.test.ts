import { describe, expect, it } from 'vitest'
import { renderSimulation } from '../../cli/render/sim.js'
import { DEFAULT_STABILIZER } from '../../config/presets.js'
import { resolveSimParams, type SimInput } from './params.js'
import { simulate } from './report.js'
import { acrossRuns, percentile, summarize } from './stats.js'

const params = (input: SimInput) => resolveSimParams(input, DEFAULT_STABILIZER)
const byId = (r: Awaited<ReturnType<typeof simulate>>, id: string) => r.targets.find((t) => t.id === id)!

describe('percentiles', () => {
  it('use the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i) // 100..1
    expect(percentile(xs, 50)).toBe(50)
    expect(percentile(xs, 95)).toBe(95)
    expect(percentile([], 50)).toBeNull()
    expect(summarize([3, 1, 2])).toEqual({ count: 3, p50: 2, p95: 3, p99: 3, max: 3 })
    // higher is better: the 5th percentile is what 95% of runs reach
    expect(acrossRuns([...xs, null], true)).toEqual({ runs: 100, p50: 50, p95: 5, worst: 1 })
    expect(acrossRuns([null])).toEqual({ runs: 0, p50: null, p95: null, worst: null })
  })
})

describe('simulate', () => {
  it('gives an identical report for the same seed, and a different one for another seed', async () => {
    const p = params({ runs: 3, blocks: 150 })
    const a = await simulate(p)
    const b = await simulate(p)
    expect(b).toEqual(a)
    const c = await simulate(params({ runs: 3, blocks: 150, seed: 2 }))
    expect(c.runs.map((r) => r.seed)).not.toEqual(a.runs.map((r) => r.seed))
    expect(c.runs).not.toEqual(a.runs)
    let calls = 0
    await simulate(params({ runs: 2, blocks: 20 }), { onRun: () => void calls++ })
    expect(calls).toBe(2)
  })

  // drains on quiet pools, rare enough that two seldom meet: the sustain rule and the TWAP decide how fast a
  // drain is undone (a drain right after a stabilizer trade also waits out MIN_BLOCKS)
  const drains: SimInput = {
    runs: 8,
    blocks: 300,
    volumePerHour: '10000',
    multiplier: '1',
    imbalance: '0',
    drainRate: '0.004',
    flashRate: '0',
    drainSize: '10000',
  }

  it('with N = 3 the < 3-block flash recovery target fails, and says why', async () => {
    const r = await simulate(params({ ...drains, sustainBlocks: 3 }))
    const t = byId(r, 'flashRecovery')
    expect(t.verdict).toBe('fail')
    expect(r.pooled.flashRecovery.count).toBeGreaterThan(5)
    expect(r.pooled.flashRecovery.p50).toBeGreaterThanOrEqual(3)
    expect(r.tension).toMatchObject({
      N: 3,
      earliestRecoveryBlocks: 3,
      meetsTarget: false,
      feasibleN: { min: 2, max: 2 },
    })
    expect(r.ok).toBe(false)
    const text = await renderSimulation(r)
    expect(text).toMatch(/Flash drain recovery.*FAIL/)
    expect(text).toMatch(/N = 3 alone misses the target/)
  })

  it('with N = 2 the same drains recover in under 3 blocks', async () => {
    const r = await simulate(params({ ...drains, sustainBlocks: 2 }))
    const t = byId(r, 'flashRecovery')
    expect(t.verdict).toBe('pass')
    expect(t.overRuns.p95).toBeLessThan(3)
    expect(r.pooled.flashRecovery.max).toBeLessThan(3)
    expect(r.tension).toMatchObject({ N: 2, earliestRecoveryBlocks: 2, meetsTarget: true })
  })

  it('judges the cantilever target against s × f at the dead band', async () => {
    // k = 100 tokens/bp: s = 100 × 11 = 1,100 per trade, f = 12 / 3 = 4 per minute → 4,400/min
    const ok = await simulate(params({ runs: 2, blocks: 120, kPerBps: String(100n * 10n ** 6n) }))
    expect(ok.model.capacity).toEqual({ sizeAtThreshold: 1100, tradesPerMin: 4, perMin: 4400 })
    expect(byId(ok, 'cantilever').verdict).toBe('pass')
    // k = 1 token/bp: 11 × 4 = 44/min cannot offset ~833/min of net flow
    const short = await simulate(params({ runs: 2, blocks: 120, kPerBps: String(10n ** 6n) }))
    expect(short.model.capacity.perMin).toBe(44)
    expect(byId(short, 'cantilever').verdict).toBe('fail')
    expect(short.targets.find((t) => t.id === 'peg')!.overRuns.p50!).toBeLessThan(
      ok.targets.find((t) => t.id === 'peg')!.overRuns.p50!,
    )
  })
})
