import { describe, expect, it } from 'vitest'
import { usageError } from '../../../test/helpers/errors.js'
import { FLASH_RECOVERY_TARGET_BLOCKS, flashRecoveryBlocks } from './flash.js'
import { WAD } from './price.js'
import { evaluate } from './window.js'

describe('flashRecoveryBlocks', () => {
  it('acts N blocks after a sustained drain; N ≥ 3 misses the < 3-block target', () => {
    expect(FLASH_RECOVERY_TARGET_BLOCKS).toBe(3)
    for (const N of [1, 2, 3, 4, 5]) {
      const r = flashRecoveryBlocks({ N, minBlocks: 0 })
      expect(r.earliestActionOffset).toBe(N)
      expect(r.binding).toBe('sustain')
      expect(r.recoveryBlocks).toBe(N)
      expect(r.meetsTarget).toBe(N < 3)
    }
    expect(flashRecoveryBlocks({ N: 3, minBlocks: 3 }).notes.join(' ')).toMatch(/N = 3 alone misses the target/)
  })

  it('matches evaluate(): the first block whose last N completed blocks deviate is drain + N', () => {
    const N = 3
    const drainBlock = 200n
    const prices = new Map<bigint, bigint>()
    for (let b = 190n; b < 210n; b++) prices.set(b, b < drainBlock ? WAD : WAD + (WAD * 80n) / 10_000n)
    const firing = [...Array(8).keys()]
      .map((x) => drainBlock + BigInt(x))
      .filter((h) => evaluate({ endOfBlockPrices: prices, peg: WAD, h, W: 2, N, thresholdBps: 10 }).shouldRebalance)
    const model = flashRecoveryBlocks({ N, minBlocks: 3, twapWindow: 2, thresholdBps: 10, drainDeviationBps: 80 })
    expect(firing[0] - drainBlock).toBe(BigInt(model.earliestActionOffset!))
  })

  it('N = 2 is the only N that ignores single-block excursions and meets the target', () => {
    const one = flashRecoveryBlocks({ N: 1, minBlocks: 0 })
    expect(one.ignoresSingleBlockExcursion).toBe(false)
    expect(one.meetsTarget).toBe(true)
    const two = flashRecoveryBlocks({ N: 2, minBlocks: 0 })
    expect(two.ignoresSingleBlockExcursion && two.meetsTarget).toBe(true)
    expect(two.feasibleN).toEqual({ min: 2, max: 2 })
    expect(flashRecoveryBlocks({ N: 2, minBlocks: 0, targetBlocks: 2 }).feasibleN).toBeNull()
  })

  it('a drain larger than the cap needs executions MIN_BLOCKS apart: N + (k − 1) × MIN_BLOCKS', () => {
    const r = flashRecoveryBlocks({ N: 2, minBlocks: 3, drainAmount: 2_000n, perBlockCap: 1_000n })
    expect(r.executions).toBe(2)
    expect(r.executionSpacing).toBe(3)
    expect(r.recoveryBlocks).toBe(5)
    expect(r.meetsTarget).toBe(false)
    // MIN_BLOCKS = 0 still spaces executions a block apart: the cap is per block
    expect(flashRecoveryBlocks({ N: 1, minBlocks: 0, drainAmount: 2_001n, perBlockCap: 1_000n }).recoveryBlocks).toBe(3)
    // a cap covering the drain needs one execution
    expect(flashRecoveryBlocks({ N: 2, minBlocks: 3, drainAmount: 1_000n, perBlockCap: 1_000n }).recoveryBlocks).toBe(2)
  })

  it('shows the block delay: a drain right after an execution waits MIN_BLOCKS', () => {
    const r = flashRecoveryBlocks({ N: 2, minBlocks: 3, lastExecutionOffset: 0 })
    expect(r.offsets.delay).toBe(3)
    expect(r.binding).toBe('delay')
    expect(r.recoveryBlocks).toBe(3)
    expect(r.meetsTarget).toBe(false)
    const free = flashRecoveryBlocks({ N: 2, minBlocks: 3 })
    expect(free.meetsTarget).toBe(true)
    expect(free.worstCase).toMatchObject({ recoveryBlocks: 3, meetsTarget: false, binding: 'delay' })
    expect(flashRecoveryBlocks({ N: 2, minBlocks: 3, lastExecutionOffset: -5 }).binding).toBe('sustain')
  })

  it('models the TWAP gate: |D| × x / W > θ', () => {
    // D = 30, θ = 10, W = 6: x > 2 → 3
    const r = flashRecoveryBlocks({ N: 2, minBlocks: 0, twapWindow: 6, thresholdBps: 10, drainDeviationBps: -30 })
    expect(r.offsets.twap).toBe(3)
    expect(r.binding).toBe('twap')
    expect(r.recoveryBlocks).toBe(3)
    // θ × W / D exactly an integer: D = 20, θ = 10, W = 4 → x > 2 → 3
    expect(
      flashRecoveryBlocks({ N: 1, minBlocks: 0, twapWindow: 4, thresholdBps: 10, drainDeviationBps: 20 }).offsets.twap,
    ).toBe(3)
    // the model agrees with evaluate() on when the TWAP passes θ
    const prices = new Map<bigint, bigint>()
    for (let b = 0n; b < 30n; b++) prices.set(b, b < 20n ? WAD : WAD - (WAD * 30n) / 10_000n)
    const firstFire = [...Array(8).keys()].find(
      (x) =>
        evaluate({ endOfBlockPrices: prices, peg: WAD, h: 20n + BigInt(x), W: 6, N: 2, thresholdBps: 10 })
          .shouldRebalance,
    )
    expect(firstFire).toBe(r.earliestActionOffset)
  })

  it('a drain inside the dead band is never acted on', () => {
    const r = flashRecoveryBlocks({ N: 2, minBlocks: 0, twapWindow: 3, thresholdBps: 10, drainDeviationBps: 10 })
    expect(r.earliestActionOffset).toBeNull()
    expect(r.recoveryBlocks).toBeNull()
    expect(r.notes[0]).toMatch(/dead band/)
  })

  it('rejects bad counts', () => {
    for (const input of [
      { N: 0, minBlocks: 0 },
      { N: 1.5, minBlocks: 0 },
      { N: 2, minBlocks: -1 },
      { N: 2, minBlocks: 0, targetBlocks: 0 },
      { N: 2, minBlocks: 0, drainAmount: 1n, perBlockCap: 0n },
      { N: 2, minBlocks: 0, twapWindow: 3, thresholdBps: 1.5, drainDeviationBps: 10 },
    ]) {
      usageError(
        () => flashRecoveryBlocks(input),
        JSON.stringify(input, (_, v) => (typeof v === 'bigint' ? `${v}` : v)),
      )
    }
  })
})
