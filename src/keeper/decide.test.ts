import { describe, expect, it } from 'vitest'
import { decideLeg } from './decide.js'
import type { ChainSnapshot, LegSnapshot } from './snapshot.js'

const GWEI = 10n ** 9n
const chain = (over: Partial<ChainSnapshot> = {}): ChainSnapshot => ({
  chainId: 138,
  block: 100n,
  timestamp: 1_000n,
  nextBaseFee: 1n * GWEI,
  paused: false,
  limits: { maxGasPrice: 100n * GWEI, maxOracleAge: 3600n, meshThresholdBps: 10n },
  pools: [],
  legs: [],
  ...over,
})
const leg = (gapBps: bigint): LegSnapshot => ({
  address: '0x00000000000000000000000000000000000000a1',
  pair: 'mesh:cUSDT/cXAUC',
  gap: { gapBps, midPrice: 1n, crossRate: 1n },
})
const ctx = { busy: false, tipWei: GWEI, gasEstimate: 300_000n, gasAllowed: () => true }

describe('decideLeg: one decision per mesh leg per block', () => {
  it('idle within θ (|gap| ≤ meshThresholdBps, either sign); rebalanceMesh beyond it, fees at the cap', () => {
    for (const g of [0n, 10n, -10n]) expect(decideLeg(chain(), leg(g), ctx)).toEqual({ kind: 'idle' })
    expect(decideLeg(chain(), leg(-11n), ctx)).toEqual({
      kind: 'send',
      gapBps: -11n,
      // gasPrice (a --legacy send) is the next base fee + the tip
      fee: { maxFeePerGas: 100n * GWEI, priorityFeePerGas: GWEI, gasPrice: 2n * GWEI },
    })
  })

  it('a leg beyond θ waits for the pause, a transaction in flight, the gas cap and the gas budget', () => {
    const reason = (d: ReturnType<typeof decideLeg>) => (d.kind === 'skip' ? d.reason : d.kind)
    expect(reason(decideLeg(chain({ paused: true }), leg(100n), ctx))).toBe('paused')
    expect(reason(decideLeg(chain(), leg(100n), { ...ctx, busy: true }))).toBe('in_flight')
    expect(reason(decideLeg(chain({ nextBaseFee: 101n * GWEI }), leg(100n), ctx))).toBe('gas_above_cap')
    expect(reason(decideLeg(chain(), leg(100n), { ...ctx, gasAllowed: () => false }))).toBe('gas_budget')
    const unreadable: LegSnapshot = { ...leg(0n), gap: { error: 'NotMeshLeg' } }
    expect(reason(decideLeg(chain(), unreadable, ctx))).toBe('unreadable')
  })
})
