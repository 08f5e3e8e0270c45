// Parameters of the stress simulation (spec §15 Phase 5): the spec's numbers as defaults, checked on the way in.
import type { StabilizerSettings } from '../../config/schema.js'
import { FLASH_RECOVERY_TARGET_BLOCKS } from '../deviation/flash.js'
import { badInput } from '../errors.js'
import { CROSS_CHAIN_SPREAD_TARGET_BPS } from '../models/bridge.js'
import { maxDrift } from '../models/cantilever.js'
import { parseDecimal } from '../pmm/convert.js'

/** All simulated tokens have 6 decimals, like cUSDT and cUSDC. */
export const SIM_DECIMALS = 6
const UNIT = 10n ** BigInt(SIM_DECIMALS)

/** The spec's numbers (§11, §16, Phase 5) the defaults come from. */
export const SPEC = {
  /** §11: projected external flow, whole tokens per hour. */
  volumePerHour: '50000',
  /** §11: public pool depth, whole tokens. */
  depth: '1000000',
  /** §11: allowed deviation, bps (0.2%): max drift = depth × 0.2% = 2,000. */
  allowedDeviationBps: 20,
  /** Phase 5: stress at 5× the projected volume. */
  multiplier: 5,
  /** §16: peg ±0.10%. */
  pegBandBps: 10,
  /** §16: cross-chain spread < 0.15%. */
  spreadBps: Number(CROSS_CHAIN_SPREAD_TARGET_BPS),
  /** §16: rebalance latency < 5 blocks. */
  rebalanceLatencyBlocks: 5,
  /** §16: flash drain recovery < 3 blocks. */
  flashRecoveryBlocks: FLASH_RECOVERY_TARGET_BLOCKS,
  /** §7: reserve 150,000 (P × T × 3): the stabilizer's starting inventory of each token on each chain. */
  inventory: '150000',
} as const

/** How "peg ±0.10%" is judged: the share of end-of-block prices within the band, in percent. */
export const PEG_SHARE_TARGET_PCT = 99

export const SIM_DEFAULTS = {
  runs: 50,
  /** One hour of 5-second blocks. */
  blocks: 720,
  seed: 1,
  blockTimeSec: 5,
  /** Net directional share of the external flow: 0.2 → 60% of it sells one side, 40% the other. */
  imbalance: 0.2,
  flashRate: 0.01,
  drainRate: 0.002,
  latencyBlocks: 2,
  arbThresholdBps: 10,
} as const

/** The stabilizer rule's parameters (Appendix A), as the contract holds them. */
export interface SimStabilizer {
  thresholdBps: number
  sustainBlocks: number
  twapWindow: number
  minBlocks: number
  /** Base units of the traded token. */
  perBlockCap: bigint
  /** Base units per bp of TWAP deviation. */
  kPerBps: bigint
}

/** A checked, complete parameter set. Amounts are base units (6 decimals). */
export interface SimParams {
  multiplier: number
  runs: number
  blocks: number
  seed: number
  blockTimeSec: number
  /** Projected external volume per hour before the multiplier. */
  volumePerHour: bigint
  /** Base reserve of each public pool (the quote side is seeded as localnet does, mid price on the peg). */
  depth: bigint
  /** Net directional share of the flow on chain 138 and on Alltra (0–1). */
  imbalance: { '138': number; '651940': number }
  /** Probability per block and pool of a flash drain reversed within its block. */
  flashRate: number
  /** Probability per block and pool of a sustained drain (a one-sided trade that stays). */
  drainRate: number
  /** Size of a flash or sustained drain. */
  drainSize: bigint
  /** Blocks between the arbitrage bot seeing a spread and its trades landing (after the next block). */
  latencyBlocks: number
  /** The bot trades when the spread exceeds this. */
  arbThresholdBps: number
  /** Stabilizer's starting inventory of each token on each chain. */
  inventory: bigint
  stabilizer: SimStabilizer
}

/** Raw inputs (flag values); anything left out takes the profile's or the spec's value. */
export interface SimInput {
  multiplier?: string
  runs?: number
  blocks?: number
  seed?: number
  blockTime?: string
  volumePerHour?: string
  depth?: string
  imbalance?: string
  imbalanceAlltra?: string
  flashRate?: string
  drainRate?: string
  drainSize?: string
  latencyBlocks?: number
  arbThresholdBps?: number
  inventory?: string
  thresholdBps?: number
  sustainBlocks?: number
  twapWindow?: number
  minBlocks?: number
  /** Base units, whole number. */
  perBlockCap?: string
  /** Base units per bp, whole number. */
  kPerBps?: string
}

function real(value: string | undefined, fallback: number, flag: string, min: number, max: number, open = false) {
  if (value === undefined) return fallback
  const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isFinite(n) || n < min || n > max || (open && n === min)) {
    throw badInput(
      `--${flag} must be a number ${open ? 'above' : 'from'} ${min}${max < Infinity ? ` to ${max}` : ''}`,
      `Got "${value}".`,
    )
  }
  return n
}

function whole(value: number | undefined, fallback: number, flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  const n = value ?? fallback
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw badInput(
      `--${flag} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`,
      `Got ${n}.`,
    )
  }
  return n
}

function baseUnits(value: string | undefined, fallback: string, flag: string): bigint {
  const v = (value ?? fallback).replaceAll('_', '')
  if (!/^\d+$/.test(v)) throw badInput(`--${flag} must be a whole number of base units`, `Got "${value}".`)
  return BigInt(v)
}

/** The full parameter set: flags first, then the profile's stabilizer settings, then the spec's numbers. */
export function resolveSimParams(input: SimInput, profile: StabilizerSettings): SimParams {
  const stabilizer: SimStabilizer = {
    thresholdBps: whole(input.thresholdBps, profile.thresholdBps, 'threshold-bps', 0, 10_000),
    sustainBlocks: whole(input.sustainBlocks, profile.sustainBlocks, 'sustain-blocks', 1, 1024),
    twapWindow: whole(input.twapWindow, profile.twapWindow, 'twap-window', 1, 1024),
    minBlocks: whole(input.minBlocks, profile.minBlocks, 'min-blocks', 0, 1024),
    perBlockCap: baseUnits(input.perBlockCap, profile.perBlockCap, 'per-block-cap'),
    kPerBps: baseUnits(input.kPerBps, profile.kPerBps, 'k-per-bps'),
  }
  const span = Math.max(stabilizer.twapWindow, stabilizer.sustainBlocks)
  const multiplier = real(input.multiplier, SPEC.multiplier, 'multiplier', 0, 1000, true)
  const depth = parseDecimal(input.depth ?? SPEC.depth, SIM_DECIMALS, '--depth')
  if (depth < 1000n * UNIT) throw badInput('--depth must be at least 1000 tokens', `Got ${input.depth}.`)
  const imbalance = real(input.imbalance, SIM_DEFAULTS.imbalance, 'imbalance', 0, 1)
  const params: SimParams = {
    multiplier,
    runs: whole(input.runs, SIM_DEFAULTS.runs, 'runs', 1, 10_000),
    blocks: whole(input.blocks, SIM_DEFAULTS.blocks, 'blocks', span, 1_000_000),
    seed: whole(input.seed, SIM_DEFAULTS.seed, 'seed', 0, 0xffffffff),
    blockTimeSec: real(input.blockTime, SIM_DEFAULTS.blockTimeSec, 'block-time', 0, 3600, true),
    volumePerHour: parseDecimal(input.volumePerHour ?? SPEC.volumePerHour, SIM_DECIMALS, '--volume-per-hour'),
    depth,
    imbalance: { '138': imbalance, '651940': real(input.imbalanceAlltra, imbalance, 'imbalance-alltra', 0, 1) },
    flashRate: real(input.flashRate, SIM_DEFAULTS.flashRate, 'flash-rate', 0, 1),
    drainRate: real(input.drainRate, SIM_DEFAULTS.drainRate, 'drain-rate', 0, 1),
    drainSize:
      input.drainSize === undefined
        ? defaultDrainSize(depth, multiplier)
        : parseDecimal(input.drainSize, SIM_DECIMALS, '--drain-size'),
    latencyBlocks: whole(input.latencyBlocks, SIM_DEFAULTS.latencyBlocks, 'latency-blocks', 0, 10_000),
    arbThresholdBps: whole(input.arbThresholdBps, SIM_DEFAULTS.arbThresholdBps, 'arb-threshold-bps', 0, 10_000),
    inventory: parseDecimal(input.inventory ?? SPEC.inventory, SIM_DECIMALS, '--inventory'),
    stabilizer,
  }
  if (params.drainSize >= depth) throw badInput('--drain-size must be smaller than the pool depth')
  return params
}

/**
 * The default drain: the spec's max drift (depth × 0.2%, 2,000 on a 1,000,000 pool) scaled by the multiplier
 * (10,000 at 5×), rounded down to a whole token.
 */
export function defaultDrainSize(depth: bigint, multiplier: number): bigint {
  const drift = maxDrift(depth, SPEC.allowedDeviationBps)
  const scaled = (drift * BigInt(Math.round(multiplier * 1e6))) / 1_000_000n
  return (scaled / UNIT) * UNIT
}
