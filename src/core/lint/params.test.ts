import { describe, expect, it } from 'vitest'
import { usageError } from '../../../test/helpers/errors.js'
import { type Finding, lintParams, sortFindings, summarizeFindings } from './params.js'
import { specExampleParams } from './spec.js'

const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id)
const ids = (findings: Finding[]) => findings.map((f) => f.id)

/** A configuration that passes every check. */
const good = () => ({
  params: {
    tradeSize: 30n,
    frequencyPerMin: 30n,
    thresholdBps: 8n,
    sustainBlocks: 2,
    twapWindow: 2,
    minBlocks: 0,
    perBlockCap: 2_000n,
  },
  context: {
    flowPerHour: 50_000n,
    flashDrain: 2_000n,
    feeBps: 3n,
    gasCost: 1n,
    typicalTradeSize: 10_000n,
    reserve: 150_000n,
    peakOutflowPerMin: 10_000n,
    windowMin: 5n,
  },
})

describe('lintParams', () => {
  it('passes a configuration that meets every condition', () => {
    const { params, context } = good()
    expect(lintParams(params, context)).toEqual([])
  })

  it('reports the §11 example s = 25, f = 33/min = 825 < 833/min as an error', () => {
    const f = lintParams({ tradeSize: 25, frequencyPerMin: 33 }, { imbalancePerMin: 833 })
    const c = byId(f, 'cantilever.throughput')!
    expect(c.level).toBe('error')
    expect(c.message).toContain('825/min')
    expect(c.message).toContain('833/min')
    expect(c.data).toMatchObject({
      throughputPerMin: '825',
      imbalancePerMin: '833',
      marginPerMin: '-8',
      minFrequencyPerMin: '34',
    })
    expect(c.suggestion).toContain('34/min')
    expect(c.suggestion).toContain('25.25') // 833 / 33 = 25.2424… rounded up
    // with the exact flow 50,000/hr the shortfall is 8.33/min
    const exact = byId(
      lintParams({ tradeSize: 25, frequencyPerMin: 33 }, { flowPerHour: 50_000 }),
      'cantilever.throughput',
    )!
    expect(exact.data.imbalancePerMin).toBe('833.333333')
    expect(exact.data.marginBps).toBe('-100')
    // s = 5, f = 33 covers 165/min exactly: no finding
    expect(
      byId(lintParams({ tradeSize: 5, frequencyPerMin: 33 }, { imbalancePerMin: 165 }), 'cantilever.throughput'),
    ).toBeUndefined()
  })

  it('reports a per-block cap below the flash drain, and below the trade size', () => {
    const f = lintParams({ perBlockCap: 500n, tradeSize: 600n }, { flashDrain: 2_000n })
    const cap = byId(f, 'cap.flash-drain')!
    expect(cap.level).toBe('error')
    expect(cap.data.executions).toBe(4)
    expect(byId(f, 'cap.below-trade-size')!.level).toBe('warning')
    expect(byId(lintParams({ perBlockCap: 2_000n }, { flashDrain: 2_000n }), 'cap.flash-drain')).toBeUndefined()
  })

  it('reports N ≥ 3 against the < 3-block flash recovery target and N ≥ 5 against rebalance latency', () => {
    const three = lintParams({ sustainBlocks: 3, minBlocks: 0 })
    expect(byId(three, 'flash.sustain-exceeds-target')!.level).toBe('error')
    expect(byId(three, 'flash.sustain-exceeds-target')!.data.earliestActionBlock).toBe(3)
    expect(byId(three, 'latency.sustain-exceeds-target')).toBeUndefined()
    expect(byId(lintParams({ sustainBlocks: 4, minBlocks: 0 }), 'latency.no-slack')!.level).toBe('error')
    expect(byId(three, 'latency.no-slack')).toBeUndefined()
    const five = lintParams({ sustainBlocks: 5, minBlocks: 0 })
    expect(byId(five, 'latency.sustain-exceeds-target')!.level).toBe('error')
    expect(byId(lintParams({ sustainBlocks: 2, minBlocks: 0 }), 'flash.sustain-exceeds-target')).toBeUndefined()
    expect(byId(lintParams({ sustainBlocks: 1, minBlocks: 0 }), 'flash.single-block')!.level).toBe('warning')
  })

  it('reports N + MIN_BLOCKS against the target: a warning, an error when the drain needs two executions', () => {
    const warn = byId(
      lintParams({ sustainBlocks: 2, minBlocks: 3, perBlockCap: 2_000n }, { flashDrain: 2_000n }),
      'flash.sustain-plus-delay',
    )!
    expect(warn.level).toBe('warning')
    expect(warn.data).toMatchObject({ recoveryBlocks: 2, worstCaseRecoveryBlocks: 3, executions: 1 })
    const err = byId(
      lintParams({ sustainBlocks: 2, minBlocks: 3, perBlockCap: 1_000n }, { flashDrain: 2_000n }),
      'flash.sustain-plus-delay',
    )!
    expect(err.level).toBe('error')
    expect(err.data).toMatchObject({ recoveryBlocks: 5, executions: 2 })
    // N + MIN_BLOCKS below the target, but the TWAP gate delays the first trade
    const twap = lintParams(
      { sustainBlocks: 1, minBlocks: 1, twapWindow: 6, thresholdBps: 10n },
      { flashDrainDeviationBps: 30 },
    )
    const r = byId(twap, 'flash.recovery-exceeds-target')!
    expect(r.level).toBe('error')
    expect(r.data.recoveryBlocks).toBe(3)
    expect(r.suggestion).toMatch(/TWAP window/)
  })

  it('reports a dead band θ at or below fee + gas (gas as bps of the typical trade)', () => {
    // fee 5 bps + gas 2 / 1,000 = 20 bps → 25 bps ≥ θ = 8
    const f = lintParams({ thresholdBps: 8n }, { feeBps: 5n, gasCost: 2n, typicalTradeSize: 1_000n })
    const d = byId(f, 'deadband.below-costs')!
    expect(d.level).toBe('error')
    expect(d.data).toMatchObject({ costBps: '25', gasCostBps: '20' })
    expect(d.suggestion).toMatch(/no θ satisfies both/) // 25 bps > the ±10 bps peg target
    const edge = byId(lintParams({ thresholdBps: 8n }, { feeBps: 5n, gasCostBps: 3n }), 'deadband.below-costs')!
    expect(edge.suggestion).toMatch(/Raise thresholdBps above 8/)
    expect(
      byId(lintParams({ thresholdBps: '8.5' }, { feeBps: 5n, gasCostBps: 3n }), 'deadband.below-costs'),
    ).toBeUndefined()
    expect(byId(lintParams({ thresholdBps: 20n }), 'deadband.above-peg-target')!.level).toBe('warning')
  })

  it('reports a reserve below P × T × 3', () => {
    const f = lintParams({}, { reserve: 149_999n, peakOutflowPerMin: 10_000n, windowMin: 5n })
    const r = byId(f, 'reserve.below-safety')!
    expect(r.level).toBe('error')
    expect(r.data).toMatchObject({ required: '150000', base: '50000', belowBase: false })
    expect(r.suggestion).toContain('Add 1 ')
    const worse = byId(
      lintParams({}, { reserve: 40_000n, peakOutflowPerMin: 10_000n, windowMin: 5n }),
      'reserve.below-safety',
    )!
    expect(worse.data.belowBase).toBe(true)
    expect(worse.message).toMatch(/even below P × T = 50000/)
    expect(
      byId(lintParams({}, { reserve: 150_000n, peakOutflowPerMin: 10_000n, windowMin: 5n }), 'reserve.below-safety'),
    ).toBeUndefined()
    const five = lintParams({}, { reserve: 150_000n, peakOutflowPerMin: 10_000n, windowMin: 5n, minSafety: 5n })
    expect(byId(five, 'reserve.below-safety')!.data.required).toBe('250000')
  })

  it('marks checks without inputs as skipped info findings', () => {
    const f = lintParams({})
    expect(f.every((x) => x.level === 'info' && x.id.endsWith('.skipped'))).toBe(true)
    expect(ids(f)).toEqual([
      'cantilever.skipped',
      'cap.skipped',
      'flash.skipped',
      'deadband.skipped',
      'reserve.skipped',
    ])
    expect(byId(f, 'cantilever.skipped')!.reason).toMatch(/tradeSize/)
  })

  it('rejects malformed or negative numbers with exit 3', () => {
    for (const [p, c] of [
      [{ tradeSize: 'abc' }, {}],
      [{ tradeSize: -1n }, {}],
      [{ sustainBlocks: 0 }, {}],
      [{ sustainBlocks: 2, minBlocks: -1 }, {}],
      [{}, { reserve: 1n, peakOutflowPerMin: 1n, windowMin: 0n }],
      [{ thresholdBps: 1n }, { feeBps: 1n, gasCost: 1n, typicalTradeSize: 0n }],
    ] as const) {
      usageError(() => lintParams(p, c))
    }
  })
})

describe('specExampleParams: linting the spec itself', () => {
  const spec = specExampleParams()
  const findings = lintParams(spec.params, spec.context)

  it('documents a source for every number', () => {
    for (const key of [...Object.keys(spec.params), ...Object.keys(spec.context)])
      expect(spec.sources[key]).toBeTruthy()
  })

  it('finds the spec’s own tensions', () => {
    const errors = findings.filter((f) => f.level === 'error').map((f) => f.id)
    expect(errors).toContain('cantilever.throughput') // 825 < 833.33
    expect(errors).toContain('cap.flash-drain') // 25 per block vs a 2,000 drift
    expect(errors).toContain('flash.sustain-exceeds-target') // N = 3 vs < 3 blocks
    expect(errors).toContain('flash.sustain-plus-delay') // 3 + 3, and 80 executions
    expect(byId(findings, 'cap.flash-drain')!.data.executions).toBe(80)
    expect(byId(findings, 'cantilever.throughput')!.message).toContain('825/min')
    // reserve 150,000 = 10,000 × 5 × 3 meets the safety factor exactly
    expect(byId(findings, 'reserve.below-safety')).toBeUndefined()
    // the spec gives no fees: the dead-band check is skipped, not passed
    expect(byId(findings, 'deadband.skipped')!.level).toBe('info')
    expect(summarizeFindings(findings)).toMatchObject({ ok: false, errors: errors.length })
  })

  it('sorts errors first, keeping order within a level', () => {
    const sorted = sortFindings(findings)
    const levels = sorted.map((f) => f.level)
    expect(levels).toEqual(
      [...levels].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)),
    )
    expect(sorted.filter((f) => f.level === 'error').map((f) => f.id)).toEqual(
      findings.filter((f) => f.level === 'error').map((f) => f.id),
    )
  })
})
