import { describe, expect, it } from 'vitest'
import { exitOf } from '../cli/exit.js'
import { renderCantilever, renderLint, renderReserveSize } from '../cli/render/models.js'
import { localPreset } from '../config/presets.js'
import { VaultError } from '../core/errors.js'
import { lintProfile, lintSpec } from '../core/lint/reserve.js'
import { cantileverReport } from './cantilever.js'
import type { ChainPeak } from './from-chain.js'
import { type BridgeOutEvent, minuteIso, peaksByToken } from './outflow.js'
import { bucketAllocation, parsePolicy, parseWhole, reserveSizeReport, sizeReserve } from './size.js'

const exit = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return e instanceof VaultError ? exitOf(e.code) : -1
  }
  return 0
}

describe('whole-token amounts', () => {
  it('parses decimals exactly and refuses negatives and excess precision', () => {
    expect(parseWhole('10000', 'P')).toBe(10_000n * 10n ** 18n)
    expect(parseWhole('2.5', 'P', 6)).toBe(2_500_000n)
    expect(parseWhole('1e3', 'P', 0)).toBe(1000n)
    expect(exit(() => parseWhole('-1', 'P'))).toBe(3)
    expect(exit(() => parseWhole('0.1234567', 'P', 6))).toBe(3)
    expect(exit(() => parseWhole('2500/3', 'P', 6))).toBe(3)
  })
})

describe('sizeReserve', () => {
  it('gives the spec numbers in whole tokens', () => {
    const r = sizeReserve({ peakOutflowPerMin: parseWhole('10000', 'P'), decimals: 18, windowMin: '5', safety: '3' })
    expect(r).toMatchObject({ base: '50000', required: '150000', recommended: { min: '150000', max: '250000' } })
    expect(r.requiredBaseUnits).toBe(150_000n * 10n ** 18n)
  })

  it('rounds a fractional requirement up to the token unit', () => {
    // 1.000001 × 3 min × 3.3 = 9.9000099 → 9.90001 at 6 decimals (up, never down).
    const r = sizeReserve({ peakOutflowPerMin: 1_000_001n, decimals: 6, windowMin: '3', safety: '3.3' })
    expect(r.required).toBe('9.90001')
    expect(r.requiredBaseUnits).toBe(9_900_010n)
  })

  it('rejects zero, negative and over-a-day windows and a zero safety factor', () => {
    const P = 1n
    expect(exit(() => sizeReserve({ peakOutflowPerMin: P, decimals: 0, windowMin: '0', safety: '3' }))).toBe(3)
    expect(exit(() => sizeReserve({ peakOutflowPerMin: P, decimals: 0, windowMin: '-5', safety: '3' }))).toBe(3)
    expect(exit(() => sizeReserve({ peakOutflowPerMin: P, decimals: 0, windowMin: '1440.5', safety: '3' }))).toBe(3)
    expect(exit(() => sizeReserve({ peakOutflowPerMin: P, decimals: 0, windowMin: '1440', safety: '3' }))).toBe(0)
    expect(exit(() => sizeReserve({ peakOutflowPerMin: P, decimals: 0, windowMin: '5', safety: '0' }))).toBe(3)
  })
})

describe('reserveSizeReport', () => {
  it('needs something to size, and a window when sizing', async () => {
    await expect(reserveSizeReport({ safety: '3' })).rejects.toMatchObject({ code: 'FLAG_MISSING' })
    await expect(reserveSizeReport({ safety: '3', peakOutflow: '1' })).rejects.toMatchObject({
      code: 'FLAG_MISSING',
      field: 'window',
    })
  })

  it('takes P from the chain in the token’s units and keeps the source', async () => {
    const token = { symbol: 'cUSDT', address: '0x00000000000000000000000000000000000000aa' as const, decimals: 6 }
    const peak: ChainPeak = {
      chainId: 138,
      bridgeReserve: '0x00000000000000000000000000000000000000bb',
      fromBlock: 1n,
      toBlock: 100n,
      selected: { ...token, peak: 1_234_567n, minuteStart: 600, minute: minuteIso(600), events: 2 },
      peaks: [],
    }
    const r = await reserveSizeReport({ safety: '3', windowMin: '5', total: '10' }, async () => peak)
    expect(r).toMatchObject({ unit: 'cUSDT', peakOutflowPerMin: '1.234567', base: '6.172835', required: '18.518505' })
    expect(r.requiredBaseUnits).toBe(18_518_505n)
    expect(r.source?.token.minute).toBe('1970-01-01T00:10Z')
    expect(r.buckets?.allocation.map((b) => b.amount)).toEqual(['3', '3', '1', '1.5', '1.5'])
  })
})

describe('bucket policy', () => {
  it('reads percent shares, missing buckets as 0, and insists on 100%', () => {
    expect(parsePolicy('A=40, b=30%,D=29.5,E=0.5')).toEqual({ A: 4000, B: 3000, C: 0, D: 2950, E: 50 })
    expect(parsePolicy(undefined)).toEqual({ A: 3000, B: 3000, C: 1000, D: 1500, E: 1500 })
    expect(exit(() => parsePolicy('A=50,B=49'))).toBe(3)
    expect(exit(() => parsePolicy('A=100.001'))).toBe(3)
    expect(exit(() => parsePolicy('F=100'))).toBe(3)
  })

  it('allocates a total so the buckets sum to it exactly', () => {
    const a = bucketAllocation('0.000003', parsePolicy('A=33.33,B=33.33,C=33.34'), 6)
    // ⌊3 × 3333 / 10000⌋ = 0 for A and B, ⌊3 × 3334 / 10000⌋ = 1 for C; E takes the remaining 2 units.
    expect(a.map((b) => b.amount)).toEqual(['0', '0', '0.000001', '0', '0.000002'])
  })
})

describe('peaksByToken', () => {
  const ev = (token: string, amount: bigint, ts: number, dst = 651940n): BridgeOutEvent => ({
    token: token as `0x${string}`,
    amount,
    dstChainId: dst,
    blockNumber: 1n,
    blockTimestamp: ts,
  })
  it('sums calendar minutes per token, optionally only events bound for one chain', () => {
    const events = [
      ev('0xAA', 5n, 60),
      ev('0xaa', 7n, 119),
      ev('0xaa', 9n, 120),
      ev('0xbb', 1n, 0),
      ev('0xaa', 100n, 60, 1n),
    ]
    const all = peaksByToken(events)
    expect(all.get('0xaa')).toMatchObject({ peak: 112n, minuteStart: 60, events: 4 })
    const toAlltra = peaksByToken(events, { dstChainId: 651940 })
    expect(toAlltra.get('0xaa')).toMatchObject({ peak: 12n, minuteStart: 60, events: 3 })
    expect(toAlltra.get('0xbb')?.peak).toBe(1n)
    expect(minuteIso(null)).toBeNull()
  })
})

describe('cantileverReport', () => {
  it('gives the spec numbers as text and exact fractions', () => {
    expect(cantileverReport({ size: '5', frequency: '33', imbalance: '165' })).toMatchObject({
      throughputPerMin: '165',
      holds: true,
    })
    const r = cantileverReport({ size: '25', frequency: '33', flowPerHour: '50000' })
    expect(r).toMatchObject({
      throughputPerMin: '825',
      imbalancePerMin: '833.333333',
      holds: false,
      minFrequencyPerMin: 34n,
    })
    expect(r.exact.marginPerMin).toBe('-25/3')
    expect(renderCantilever(r)).toMatch(/825 < 833\.333333/)
  })
})

describe('lint reports', () => {
  it('lints the profile’s stabilizer settings, converting perBlockCap to whole tokens', () => {
    const profile = localPreset()
    profile.stabilizer.perBlockCap = '2000000000' // 2,000 tokens at 6 decimals
    const r = lintProfile('local', profile, { decimals: 6, flashDrain: '2500', flowPerHour: '50000', blockTime: '2' })
    expect(r.params.perBlockCap).toBe('2000')
    // f = 60 s / (2 s × MIN_BLOCKS 3) = 10/min; s defaults to the cap: 20,000/min ≥ 833.33/min.
    expect(r.params.frequencyPerMin).toBe('10')
    expect(r.findings.find((f) => f.id === 'cantilever.throughput')).toBeUndefined()
    expect(r.findings.find((f) => f.id === 'cap.flash-drain')?.level).toBe('error')
    expect(r.summary.ok).toBe(false)
    expect(r.sources.perBlockCap).toMatch(/2000000000 base units/)
  })

  it('names the inputs that would run a skipped check, and flags a safety outside 3–5', () => {
    const profile = localPreset()
    profile.reserve.safety = 2
    const r = lintProfile('local', profile, { decimals: 6 })
    const skipped = r.findings.find((f) => f.id === 'reserve.skipped')
    expect(skipped?.data.missing).toBe('reserve,peakOutflowPerMin,windowMin')
    expect(r.findings.find((f) => f.id === 'profile.reserve-safety')?.level).toBe('warning')
    expect(r.findings.map((f) => f.level)).toEqual(
      [...r.findings.map((f) => f.level)].sort(
        (a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b),
      ),
    )
  })

  it('lints the spec with the 825 < 833 finding first among errors', () => {
    const r = lintSpec()
    expect(r.summary.ok).toBe(false)
    expect(r.findings[0].id).toBe('cantilever.throughput')
    expect(renderLint(r)).toMatch(/error Stabilization throughput s × f = 25 × 33 = 825\/min/)
  })
})

describe('renderReserveSize', () => {
  it('prints the requirement and the buckets', async () => {
    const r = await reserveSizeReport({ peakOutflow: '10000', windowMin: '5', safety: '6', total: '1000000' })
    const text = renderReserveSize(r)
    expect(text).toMatch(/× 6 safety\s+300,000/)
    expect(text).toMatch(/outside the spec's 3–5×/)
    expect(text).toMatch(/A Public PMM liquidity\s+300,000\s+30\.00%/)
  })
})
