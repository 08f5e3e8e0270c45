// The float64 path against the exact reference: identical verdicts (every end-of-block deviation, spread and
// rule decision) and end-of-block prices within 1e-9 relative, on 100 seeded runs with every kind of event.
import { describe, expect, it } from 'vitest'
import { DEFAULT_STABILIZER } from '../../config/presets.js'
import { exactBackend, floatBackend } from './backend.js'
import { resolveSimParams } from './params.js'
import { buildReport } from './report.js'
import { simulateSystem } from './system.js'

describe('float path vs exact path', () => {
  const params = resolveSimParams(
    {
      runs: 100,
      blocks: 40,
      seed: 7,
      sustainBlocks: 2,
      twapWindow: 3,
      minBlocks: 1,
      drainRate: '0.03',
      flashRate: '0.05',
      demandRate: '0.02',
      gasSpikeRate: '0.02',
      oracleUpdateBlocks: 5,
      xauVolPerDay: '0.05',
      kPerBps: '400000000',
      perBlockCap: '6000000000',
    },
    DEFAULT_STABILIZER,
  )

  it('agree on 100 seeded runs', () => {
    const exact = []
    const float = []
    let worst = 0
    let executions = 0
    for (let i = 0; i < params.runs; i++) {
      const x = simulateSystem(exactBackend, params, i, { trace: true })
      const f = simulateSystem(floatBackend, params, i, { trace: true })
      expect(f.trace!.devs, `run ${i}: end-of-block deviations`).toEqual(x.trace!.devs)
      expect(f.trace!.spreads, `run ${i}: spreads`).toEqual(x.trace!.spreads)
      expect(f.trace!.executions, `run ${i}: executions per block`).toEqual(x.trace!.executions)
      for (const [b, row] of x.trace!.mids.entries()) {
        for (const [k, m] of row.entries()) worst = Math.max(worst, Math.abs(f.trace!.mids[b][k] - m) / m)
      }
      executions += x.executions
      const { trace: _x, ...xr } = x
      const { trace: _f, ...fr } = f
      exact.push(xr)
      float.push(fr)
    }
    expect(worst).toBeLessThan(1e-9)
    expect(executions).toBeGreaterThan(500)
    const a = buildReport(params, exact, 'exact')
    const b = buildReport(params, float, 'float')
    expect(b.targets.map((t) => [t.id, t.verdict, t.value])).toEqual(a.targets.map((t) => [t.id, t.verdict, t.value]))
  }, 300_000)
})
