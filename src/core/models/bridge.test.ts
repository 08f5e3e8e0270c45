import { describe, expect, it } from 'vitest'
import { VaultError } from '../errors.js'
import {
  bridgeBuffer,
  bridgeBuffers,
  CROSS_CHAIN_SPREAD_TARGET_BPS,
  crossChainSpread,
  crossChainSpreadBps,
} from './bridge.js'

const WAD = 10n ** 18n

describe('bridgeBuffer (§9)', () => {
  it('requires PeakBridgeOutflow × Latency', () => {
    const short = bridgeBuffer({ token: 'cUSDT', reserve: 40_000n, peakOutflowPerMin: 10_000n, latencyMin: 5 })
    expect(short).toMatchObject({
      token: 'cUSDT',
      required: 50_000n,
      ok: false,
      shortfall: 10_000n,
      coverageBps: 8_000n,
    })
    const ok = bridgeBuffer({ reserve: 50_000n, peakOutflowPerMin: 10_000n, latencyMin: 5 })
    expect(ok).toMatchObject({ required: 50_000n, ok: true, shortfall: 0n, coverageBps: 10_000n })
    expect('token' in ok).toBe(false)
  })

  it('rounds a fractional latency requirement up', () => {
    const r = bridgeBuffer({ reserve: 0n, peakOutflowPerMin: 3n, latencyMin: '2.5' })
    expect(r.required).toBe(8n) // 7.5 → 8
    expect(r.display.latencyMin).toBe('2.5')
    expect(bridgeBuffer({ reserve: 0n, peakOutflowPerMin: 0n, latencyMin: 1 }).coverageBps).toBeNull()
  })

  it('checks several tokens', () => {
    const r = bridgeBuffers([
      { token: 'cUSDT', reserve: 60n, peakOutflowPerMin: 10n, latencyMin: 5 },
      { token: 'cUSDC', reserve: 40n, peakOutflowPerMin: 10n, latencyMin: 5 },
    ])
    expect(r.ok).toBe(false)
    expect(r.tokens.map((t) => t.ok)).toEqual([true, false])
  })

  it('rejects negative amounts and a zero latency', () => {
    for (const input of [
      { reserve: -1n, peakOutflowPerMin: 1n, latencyMin: 1 },
      { reserve: 1n, peakOutflowPerMin: -1n, latencyMin: 1 },
      { reserve: 1n, peakOutflowPerMin: 1n, latencyMin: 0 },
    ]) {
      expect(() => bridgeBuffer(input)).toThrow(VaultError)
    }
  })
})

describe('cross-chain spread (§9, §16)', () => {
  it('is |p1 − p2| × 10000 / min(p1, p2), symmetric, rounded down', () => {
    expect(crossChainSpreadBps(WAD, WAD)).toBe(0n)
    // 1.0015 vs 1.0000: 15 bps of the lower price
    expect(crossChainSpreadBps((WAD * 10_015n) / 10_000n, WAD)).toBe(15n)
    expect(crossChainSpreadBps(WAD, (WAD * 10_015n) / 10_000n)).toBe(15n)
    // 1.00149999 → 14.9999 bps → 14
    expect(crossChainSpreadBps(1_001_499_990_000_000_000n, WAD)).toBe(14n)
    // measured on the lower price: 2650 vs 2600 → 50 × 10000 / 2600 = 192.3 → 192 (not 188 against 2650)
    expect(crossChainSpreadBps(2650n * WAD, 2600n * WAD)).toBe(192n)
  })

  it('verdict: below 15 bps passes, 15 fails', () => {
    expect(CROSS_CHAIN_SPREAD_TARGET_BPS).toBe(15n)
    const pass = crossChainSpread(1_001_499_990_000_000_000n, WAD)
    expect(pass).toMatchObject({ spreadBps: 14n, thresholdBps: 15n, ok: true, cheaperOn: '651940' })
    const fail = crossChainSpread(WAD, (WAD * 10_015n) / 10_000n)
    expect(fail).toMatchObject({ spreadBps: 15n, ok: false, cheaperOn: '138' })
    expect(crossChainSpread(WAD, WAD).cheaperOn).toBeNull()
    expect(crossChainSpread(WAD, (WAD * 10_015n) / 10_000n, 20n).ok).toBe(true)
  })

  it('rejects zero or negative prices and thresholds', () => {
    expect(() => crossChainSpreadBps(0n, WAD)).toThrow(VaultError)
    expect(() => crossChainSpreadBps(WAD, -1n)).toThrow(VaultError)
    expect(() => crossChainSpread(WAD, WAD, 0n)).toThrow(VaultError)
  })
})
