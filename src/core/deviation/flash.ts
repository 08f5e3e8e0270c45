import { VaultError } from '../errors.js'

/**
 * Flash-drain recovery under the containment rules, in whole blocks.
 *
 * Model: a drain lands in block d (offset 0) and stays: p(d), p(d+1), … all deviate by the same amount
 * beyond θ until the stabilizer trades; blocks before d were in band. (A flash loan repaid in the same
 * transaction never shows in an end-of-block price at all; what §16 calls a flash drain is a drain that
 * persists, e.g. a large sale funded by a flash loan.) The stabilizer can trade in block d + x when:
 * - sustain: the last N completed blocks deviate → x ≥ N;
 * - TWAP (when W, θ and the drain's size in bps are given): |D| × min(x, W) / W > θ, the TWAP of x drained
 *   blocks and W − x blocks at peg, in bps (ignoring the TWAP's one-unit rounding);
 * - block delay (when the last execution is known): x ≥ lastExecutionOffset + MIN_BLOCKS.
 * A drain larger than the per-block cap needs ⌈drain / cap⌉ executions, each at least max(MIN_BLOCKS, 1)
 * blocks after the previous one (assuming the deviation stays beyond θ in between). The peg is back at the
 * end of the last execution's block, so recovery takes that block's offset: the first execution at x = N
 * recovers in N blocks, which meets "< 3 blocks" only for N ≤ 2. Ignoring a single-block excursion needs
 * N ≥ 2 (with N = 1 one deviating block already triggers). N = 2 is the only value that does both.
 */

/** §16: flash drain recovery in fewer than 3 blocks. */
export const FLASH_RECOVERY_TARGET_BLOCKS = 3

export interface FlashRecoveryInput {
  /** Sustain blocks N (≥ 1). */
  N: number
  /** MIN_BLOCKS between executions (≥ 0). */
  minBlocks: number
  /** Recovery must take fewer blocks than this (default 3, §16). */
  targetBlocks?: number
  /** TWAP window W; with thresholdBps and drainDeviationBps it adds the TWAP gate. */
  twapWindow?: number
  thresholdBps?: bigint | number
  /** Deviation the drain leaves, in bps (sign ignored). */
  drainDeviationBps?: bigint | number
  /** With perBlockCap: how many executions the drain needs. Same unit as perBlockCap. */
  drainAmount?: bigint
  perBlockCap?: bigint
  /** Block of the stabilizer's last execution relative to the drain block (0 = the drain block, −1 = before). */
  lastExecutionOffset?: number
}

export type RecoveryConstraint = 'sustain' | 'twap' | 'delay'

/** Recovery figures for one assumption about the last execution. Offsets are blocks after the drain block. */
export interface RecoveryPath {
  /** First block (offset) at which the stabilizer may trade; null when it never may (drain within θ). */
  earliestActionOffset: number | null
  /** The rule that sets it. */
  binding: RecoveryConstraint | null
  /** Offset of the block whose trade restores the peg; null when never. */
  recoveryBlocks: number | null
  meetsTarget: boolean
}

/** Result of `flashRecoveryBlocks`. JSON-stable; all numbers are plain numbers (block counts). */
export interface FlashRecovery extends RecoveryPath {
  N: number
  minBlocks: number
  targetBlocks: number
  /** The offsets each rule allows on its own (null: the rule was not modelled or never allows). */
  offsets: { sustain: number; twap: number | null; delay: number | null }
  /** Executions needed: ⌈drainAmount / perBlockCap⌉, or 1 when not given. */
  executions: number
  /** Blocks between executions: max(MIN_BLOCKS, 1). */
  executionSpacing: number
  /** With the stabilizer having just traded in the drain block itself (the block delay at its worst). */
  worstCase: RecoveryPath
  /** N ≥ 2: one deviating block alone never triggers. */
  ignoresSingleBlockExcursion: boolean
  /** The N values that both ignore a single-block excursion and can meet the target: [2, target − 1]. */
  feasibleN: { min: number; max: number } | null
  /** Plain-language lines that show the trade-off. */
  notes: string[]
}

function whole(value: number, name: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min)
    throw new VaultError('NUMBER_INVALID', `${name} must be a whole number ≥ ${min}`, { details: `Got ${value}.` })
  return value
}

function wholeBps(value: bigint | number, name: string): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new VaultError('NUMBER_INVALID', `${name} must be a whole number`, { details: `Got ${value}.` })
  return BigInt(value)
}

function path(
  offsets: { sustain: number; twap: number | null; delay: number | null },
  twapNever: boolean,
  executions: number,
  spacing: number,
  target: number,
): RecoveryPath {
  if (twapNever) return { earliestActionOffset: null, binding: null, recoveryBlocks: null, meetsTarget: false }
  let earliest = offsets.sustain
  let binding: RecoveryConstraint = 'sustain'
  if (offsets.twap !== null && offsets.twap > earliest) {
    earliest = offsets.twap
    binding = 'twap'
  }
  if (offsets.delay !== null && offsets.delay > earliest) {
    earliest = offsets.delay
    binding = 'delay'
  }
  const recoveryBlocks = earliest + (executions - 1) * spacing
  return { earliestActionOffset: earliest, binding, recoveryBlocks, meetsTarget: recoveryBlocks < target }
}

export function flashRecoveryBlocks(input: FlashRecoveryInput): FlashRecovery {
  const N = whole(input.N, 'Sustain blocks (N)', 1)
  const minBlocks = whole(input.minBlocks, 'MIN_BLOCKS', 0)
  const targetBlocks = whole(input.targetBlocks ?? FLASH_RECOVERY_TARGET_BLOCKS, 'Recovery target (blocks)', 1)
  const spacing = Math.max(minBlocks, 1)

  let executions = 1
  if (input.drainAmount !== undefined && input.perBlockCap !== undefined) {
    if (input.drainAmount < 0n)
      throw new VaultError('AMOUNT_INVALID', 'Drain amount cannot be negative', {
        details: `Got ${input.drainAmount}.`,
      })
    if (input.perBlockCap <= 0n)
      throw new VaultError('AMOUNT_INVALID', 'Per-block cap must be greater than zero', {
        details: `Got ${input.perBlockCap}.`,
      })
    const n = (input.drainAmount + input.perBlockCap - 1n) / input.perBlockCap
    executions = Number(n > 1n ? n : 1n)
  }

  let twapOffset: number | null = null
  let twapNever = false
  if (input.twapWindow !== undefined && input.thresholdBps !== undefined && input.drainDeviationBps !== undefined) {
    const W = BigInt(whole(input.twapWindow, 'TWAP window (W)', 1))
    const theta = wholeBps(input.thresholdBps, 'Threshold (bps)')
    if (theta < 0n)
      throw new VaultError('PARAM_OUT_OF_RANGE', 'Threshold cannot be negative', { details: `Got ${theta}.` })
    const drain = wholeBps(input.drainDeviationBps, 'Drain deviation (bps)')
    const D = drain < 0n ? -drain : drain
    if (D <= theta) twapNever = true
    else twapOffset = Number((theta * W) / D + 1n) // smallest x with D·x > θ·W; ≤ W since D > θ
  }

  if (input.lastExecutionOffset !== undefined && !Number.isSafeInteger(input.lastExecutionOffset)) {
    throw new VaultError('NUMBER_INVALID', 'Last execution offset must be a whole number', {
      details: `Got ${input.lastExecutionOffset}.`,
    })
  }
  const delayOffset = input.lastExecutionOffset === undefined ? null : input.lastExecutionOffset + minBlocks
  const offsets = { sustain: N, twap: twapOffset, delay: delayOffset }
  const main = path(offsets, twapNever, executions, spacing, targetBlocks)
  const worstCase = path({ ...offsets, delay: minBlocks }, twapNever, executions, spacing, targetBlocks)

  const feasibleN = targetBlocks - 1 >= 2 ? { min: 2, max: targetBlocks - 1 } : null
  const notes: string[] = []
  if (twapNever)
    notes.push('The drain stays within the dead band θ: the stabilizer never acts on it and nothing needs recovering.')
  else {
    notes.push(
      `The sustain rule lets the stabilizer trade ${N} block${N === 1 ? '' : 's'} after the drain at the earliest; the target is < ${targetBlocks}.`,
    )
    if (N >= targetBlocks) notes.push(`N = ${N} alone misses the target: N must be ≤ ${targetBlocks - 1}.`)
    if (N < 2) notes.push('N = 1 acts on a single deviating block: a one-block excursion triggers a rebalance.')
    if (offsets.twap !== null && offsets.twap > N) {
      notes.push(`The TWAP over ${input.twapWindow} blocks only passes θ ${offsets.twap} blocks after the drain.`)
    }
    if (executions > 1) {
      notes.push(
        `The drain needs ${executions} executions at the per-block cap, ${spacing} block${spacing === 1 ? '' : 's'} apart (MIN_BLOCKS): recovery takes ${main.recoveryBlocks} blocks.`,
      )
    }
    if (!worstCase.meetsTarget && worstCase.recoveryBlocks !== main.recoveryBlocks) {
      notes.push(
        `If the stabilizer traded in the drain block, MIN_BLOCKS = ${minBlocks} delays recovery to ${worstCase.recoveryBlocks} blocks.`,
      )
    }
  }
  return {
    N,
    minBlocks,
    targetBlocks,
    ...main,
    offsets,
    executions,
    executionSpacing: spacing,
    worstCase,
    ignoresSingleBlockExcursion: N >= 2,
    feasibleN,
    notes,
  }
}
