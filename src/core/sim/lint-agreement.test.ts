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

// Cantilever (§6): lint judges s × f ≥ Δ with s the trade at the band edge and f from the block time and
// MIN_BLOCKS; simulate judges the same product against the Δ it measured. Given simulate's Δ, lint says the same.
describe('lint agrees with simulate on stabilizer throughput (cantilever)', () => {
  const kSets: [string, bigint][] = [
    ['k 1 token/bp (s = 11 at the edge)', 1n],
    ['k 20 tokens/bp', 20n],
    ['k 250 tokens/bp (the cap binds)', 250n],
  ]
  for (const [name, k] of kSets) {
    it(name, async () => {
      const stabilizer = { ...DEFAULT_STABILIZER, kPerBps: String(k * U) }
      const params = resolveSimParams({ runs: 8, blocks: 240, drainRate: '0', flashRate: '0' }, stabilizer)
      const sim = await simulate(params)
      const t = sim.targets.find((x) => x.id === 'cantilever')!
      expect(t.verdict).not.toBe('no data')
      const lint = lintProfile(
        'local',
        { ...localPreset(), stabilizer },
        {
          decimals: 6,
          imbalance: String(t.value),
          blockTime: String(params.blockTimeSec),
        },
      )
      expect(lint.params.tradeSize).toBe(String(sim.model.capacity.sizeAtThreshold))
      const lintPasses = !lint.findings.some((f) => f.id === 'cantilever.throughput')
      expect(t.verdict === 'pass', `lint ${lintPasses ? 'passes' : 'fails'}, simulate Δ ${t.value} vs ${t.limit}`).toBe(
        lintPasses,
      )
    }, 60_000)
  }
})

// Rebalance latency (§16, < 5 blocks): lint refuses N ≥ 5 (the rule cannot act sooner) and N = 4 (no block of
// slack: the correcting block's own flow makes a share of episodes N + 1 long); simulate's sustained episodes
// last at least N blocks, so it fails exactly those sets and passes the others on a steady one-sided flow.
describe('lint agrees with simulate on rebalance latency', () => {
  const sets: [number, number, number][] = [
    [2, 1, 1],
    [3, 1, 3],
    [4, 1, 1],
    [5, 1, 1],
    [6, 1, 1],
    [2, 5, 3],
    [3, 5, 3],
    [4, 5, 3],
  ]
  for (const [N, W, minBlocks] of sets) {
    it(`N ${N}, W ${W}, MIN_BLOCKS ${minBlocks}`, async () => {
      const stabilizer = { ...DEFAULT_STABILIZER, sustainBlocks: N, twapWindow: W, minBlocks }
      const lint = lintProfile('local', { ...localPreset(), stabilizer }, { decimals: 6 })
      const lintPasses = !lint.findings.some((f) => f.level === 'error' && f.id.startsWith('latency.'))
      const sim = await simulate(
        resolveSimParams(
          { runs: 8, blocks: 360, drainRate: '0', flashRate: '0', demandRate: '0', imbalance: '0.6' },
          stabilizer,
        ),
      )
      const t = sim.targets.find((x) => x.id === 'rebalanceLatency')!
      expect(t.verdict).not.toBe('no data')
      expect(t.verdict === 'pass', `lint ${lintPasses ? 'passes' : 'fails'}, simulate p95 ${t.value}`).toBe(lintPasses)
    }, 60_000)
  }
})
