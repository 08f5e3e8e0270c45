import { describe, expect, it } from 'vitest'
import { DEFAULT_STABILIZER } from '../../config/presets.js'
import { VaultError } from '../errors.js'
import { resolveSimParams } from './params.js'
import { parseScenario, withScenario } from './scenario.js'

const load = (json: unknown, flags = {}) => {
  const { input, labels } = withScenario(flags, parseScenario(json))
  return resolveSimParams(input, DEFAULT_STABILIZER, labels)
}
const failure = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(VaultError)
    return (e as VaultError).message
  }
  throw new Error('expected a failure')
}

describe('scenario files', () => {
  it('set every group of inputs; flags win', () => {
    const p = load(
      {
        runs: 12,
        flow: { imbalance: 0.3, correlation: 0.9 },
        drains: { rate: 0.01, size: '5000' },
        gas: { spikeRate: 0.1, spikeBlocks: 3 },
        bridge: { outageRate: 0.001 },
        oracle: { updateBlocks: 30 },
        stabilizer: { sustainBlocks: 2, perBlockCap: '20000000000' },
      },
      { runs: 4 },
    )
    expect(p.runs).toBe(4)
    expect(p.imbalance).toEqual({ '138': 0.3, '651940': 0.3 })
    expect(p.correlation).toBe(0.9)
    expect([p.drainRate, p.drainSize]).toEqual([0.01, 5_000_000_000n])
    expect(p.gas).toEqual({ spikeRate: 0.1, spikeBlocks: 3 })
    expect(p.bridge.outageRate).toBe(0.001)
    expect(p.oracle.updateBlocks).toBe(30)
    expect(p.stabilizer).toMatchObject({ sustainBlocks: 2, perBlockCap: 20_000_000_000n })
  })

  it('name the field path in every error', () => {
    expect(failure(() => load({ drains: { rate: 2 } }))).toMatch(/^scenario\.drains\.rate must be a number from 0 to 1/)
    expect(failure(() => load({ drains: { rat: 0.1 } }))).toMatch(/^scenario\.drains\.rat is not a scenario field/)
    expect(failure(() => load({ stabilizer: { sustainBlocks: 1.5 } }))).toMatch(
      /^scenario\.stabilizer\.sustainBlocks must be a whole number/,
    )
    expect(failure(() => load({ gas: 3 }))).toMatch(/^scenario\.gas must be an object/)
    expect(failure(() => load({ pools: { depth: 'deep' } }))).toMatch(/scenario\.pools\.depth/)
    expect(failure(() => load({ flow: { imbalance: true } }))).toMatch(/^scenario\.flow\.imbalance must be a number/)
    expect(failure(() => load([]))).toMatch(/^scenario must be an object/)
    // a flag's value is named by its parameter (the CLI shows the flag); a scenario's by its path
    try {
      load({}, { drainRate: '7' })
      expect.unreachable()
    } catch (e) {
      expect(e).toMatchObject({ code: 'NUMBER_INVALID', field: 'drainRate' })
    }
    try {
      load({ drains: { rate: 2 } })
      expect.unreachable()
    } catch (e) {
      expect((e as VaultError).field).toBeUndefined()
    }
  })
})
