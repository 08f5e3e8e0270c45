// `vault lint` and `vault simulate` judge the same drain the same way: for each parameter set, lint's flash
// recovery verdict (no error-level flash.* or cap.* finding) equals the simulator's flashRecovery verdict on
// isolated drains of the same size. W counts: the TWAP gate can hold the stabilizer back after N is met.
import { describe, expect, it } from 'vitest'
import { DEFAULT_STABILIZER, localPreset } from '../../config/presets.js'
import type { StabilizerSettings } from '../../config/schema.js'
import { lintProfile } from '../lint/reserve.js'
import { resolveSimParams } from './params.js'
import { simulate } from './report.js'

const U = 10n ** 6n
const sets: [string, Partial<StabilizerSettings>][] = [
  ['N 3 (the sustain rule alone misses)', { sustainBlocks: 3, twapWindow: 5 }],
  ['N 2, W 5', { sustainBlocks: 2, twapWindow: 5 }],
  ['N 2, W 1', { sustainBlocks: 2, twapWindow: 1 }],
  ['N 2, W 16 (the TWAP gate holds past N)', { sustainBlocks: 2, twapWindow: 16 }],
  ['N 2, W 5, θ 25 (the TWAP gate holds past N)', { sustainBlocks: 2, twapWindow: 5, thresholdBps: 25 }],
  ['N 2, cap below the drain', { sustainBlocks: 2, twapWindow: 1, perBlockCap: String(4_000n * U) }],
]

describe('lint agrees with simulate on flash recovery', () => {
  for (const [name, over] of sets) {
    it(name, async () => {
      const stabilizer = { ...DEFAULT_STABILIZER, minBlocks: 3, ...over }
      const profile = { ...localPreset(), stabilizer }
      const lint = lintProfile('local', profile, { flashDrain: '10000', decimals: 6 })
      const lintPasses = !lint.findings.some(
        (f) => f.level === 'error' && (f.id.startsWith('flash.') || f.id.startsWith('cap.')),
      )
      const sim = await simulate(
        resolveSimParams(
          {
            runs: 20,
            blocks: 300,
            volumePerHour: '10000',
            multiplier: '1',
            imbalance: '0',
            flashRate: '0',
            demandRate: '0',
            xauVolPerDay: '0',
            eurVolPerDay: '0',
            drainRate: '0.003',
            drainSize: '10000',
          },
          stabilizer,
        ),
      )
      const t = sim.targets.find((x) => x.id === 'flashRecovery')!
      expect(t.verdict).not.toBe('no data')
      expect(t.verdict === 'pass', `lint ${lintPasses ? 'passes' : 'fails'}, simulate p99 ${t.value}`).toBe(lintPasses)
    }, 60_000)
  }
})
