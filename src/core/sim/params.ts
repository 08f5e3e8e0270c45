// Parameters of the stress simulation (spec §15 Phase 5): the spec's numbers as defaults, checked on the way in.
// Over 300 lines on purpose: every parameter with its default and its bound, in one place.
import type { StabilizerSettings } from '../../config/schema.js'
import { FLASH_RECOVERY_TARGET_BLOCKS } from '../deviation/flash.js'
import { VaultError } from '../errors.js'
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
  /** Targets are judged at this percentile over runs (p99: held in 99% of runs). */
  verdictPercentile: 99,
  /** Share of a chain's trades in a block that follow the block's common direction (correlated flow). */
  correlation: 0.5,
  demandRate: 0.001,
  demandBlocks: 6,
  xauVolPerDay: 0.01,
  eurVolPerDay: 0.005,
  oracleUpdateBlocks: 12,
  /** The Stabilizer refuses a price older than this (oracle sanity), blocks. */
  oracleMaxAgeBlocks: 120,
  /** Outages and gas spikes are off unless a scenario turns them on (no parameter set outlasts a long outage). */
  oracleOutageRate: 0,
  oracleOutageBlocks: 240,
  gasSpikeRate: 0,
  gasSpikeBlocks: 4,
  bridgeLatencyBlocks: 60,
  bridgeOutageRate: 0,
  bridgeOutageBlocks: 360,
  /** The bot's starting inventory of each token on each chain, USD value. */
  botInventory: '200000',
  /** Depth of each private XAU leg (base side). */
  legDepth: '1000000',
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
  /** A private leg further than this from the oracle cross rate is reset (the contract's rebalanceMesh bound). */
  meshThresholdBps: number
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
  verdictPercentile: number
  correlation: number
  /** Genuine fast demand: per block and pool, a one-sided flow of `size` per block for `blocks` blocks. */
  demand: { rate: number; blocks: number; size: bigint }
  /** USD prices: EURT and XAU walk (daily volatility); each chain's oracle copies them every `updateBlocks`. */
  oracle: {
    xauVolPerDay: number
    eurVolPerDay: number
    updateBlocks: number
    maxAgeBlocks: number
    outageRate: number
    outageBlocks: number
  }
  /** Gas above the Stabilizer's cap: per block and chain, a spike of `blocks` blocks with no execution. */
  gas: { spikeRate: number; spikeBlocks: number }
  /** The bot's cross-chain refills: latency, and outages with no transfer. */
  bridge: { latencyBlocks: number; outageRate: number; outageBlocks: number }
  botInventory: bigint
  legDepth: bigint
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
  meshThresholdBps?: number
  verdictPercentile?: string
  correlation?: string
  demandRate?: string
  demandBlocks?: number
  demandSize?: string
  xauVolPerDay?: string
  eurVolPerDay?: string
  oracleUpdateBlocks?: number
  oracleMaxAgeBlocks?: number
  oracleOutageRate?: string
  oracleOutageBlocks?: number
  gasSpikeRate?: string
  gasSpikeBlocks?: number
  bridgeLatencyBlocks?: number
  bridgeOutageRate?: string
  bridgeOutageBlocks?: number
  botInventory?: string
  legDepth?: string
}

/** What to call each input in an error: a flag (`--drain-rate`) or a scenario field (`scenario.drains.rate`). */
export type InputLabels = Partial<Record<keyof SimInput, string>>

let labels: InputLabels = {}
const keyOf = (name: string) => name.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase()) as keyof SimInput
/** An input's name in messages: its label (a scenario path) or the parameter name. */
const label = (name: string) => labels[keyOf(name)] ?? keyOf(name)
/** The parameter an error is about, when it came from a parameter (the CLI renders it as its flag). */
const fieldOf = (name: string) => (labels[keyOf(name)] ? undefined : keyOf(name))

function real(value: string | undefined, fallback: number, flag: string, min: number, max: number, open = false) {
  if (value === undefined) return fallback
  const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isFinite(n) || n < min || n > max || (open && n === min)) {
    throw new VaultError(
      'NUMBER_INVALID',
      `${label(flag)} must be a number ${open ? 'above' : 'from'} ${min}${max < Infinity ? ` to ${max}` : ''}`,
      { details: `Got "${value}".`, field: fieldOf(flag) },
    )
  }
  return n
}

function whole(value: number | undefined, fallback: number, flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  const n = value ?? fallback
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new VaultError(
      'NUMBER_INVALID',
      `${label(flag)} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`,
      { details: `Got ${n}.`, field: fieldOf(flag) },
    )
  }
  return n
}

function baseUnits(value: string | undefined, fallback: string, flag: string): bigint {
  const v = (value ?? fallback).replaceAll('_', '')
  if (!/^\d+$/.test(v))
    throw new VaultError('NUMBER_INVALID', `${label(flag)} must be a whole number of base units`, {
      details: `Got "${value}".`,
      field: fieldOf(flag),
    })
  return BigInt(v)
}

/** The full parameter set: flags first, then the profile's stabilizer settings, then the spec's numbers. */
export function resolveSimParams(input: SimInput, profile: StabilizerSettings, names: InputLabels = {}): SimParams {
  labels = names
  try {
    return resolve(input, profile)
  } finally {
    labels = {}
  }
}

const tokensOf = (value: string | undefined, fallback: string, flag: string) =>
  parseDecimal(value ?? fallback, SIM_DECIMALS, label(flag))

function resolve(input: SimInput, profile: StabilizerSettings): SimParams {
  const d = SIM_DEFAULTS
  const stabilizer: SimStabilizer = {
    thresholdBps: whole(input.thresholdBps, profile.thresholdBps, 'threshold-bps', 0, 10_000),
    sustainBlocks: whole(input.sustainBlocks, profile.sustainBlocks, 'sustain-blocks', 1, 1024),
    twapWindow: whole(input.twapWindow, profile.twapWindow, 'twap-window', 1, 1024),
    minBlocks: whole(input.minBlocks, profile.minBlocks, 'min-blocks', 0, 1024),
    perBlockCap: baseUnits(input.perBlockCap, profile.perBlockCap, 'per-block-cap'),
    kPerBps: baseUnits(input.kPerBps, profile.kPerBps, 'k-per-bps'),
    meshThresholdBps: whole(input.meshThresholdBps, profile.meshThresholdBps, 'mesh-threshold-bps', 0, 10_000),
  }
  const span = Math.max(stabilizer.twapWindow, stabilizer.sustainBlocks)
  const multiplier = real(input.multiplier, SPEC.multiplier, 'multiplier', 0, 1000, true)
  const depth = tokensOf(input.depth, SPEC.depth, 'depth')
  if (depth < 1000n * UNIT)
    throw new VaultError('AMOUNT_INVALID', `${label('depth')} must be at least 1000 tokens`, {
      details: `Got ${input.depth}.`,
      field: fieldOf('depth'),
    })
  const imbalance = real(input.imbalance, SIM_DEFAULTS.imbalance, 'imbalance', 0, 1)
  const params: SimParams = {
    multiplier,
    runs: whole(input.runs, SIM_DEFAULTS.runs, 'runs', 1, 10_000),
    blocks: whole(input.blocks, SIM_DEFAULTS.blocks, 'blocks', span, 1_000_000),
    seed: whole(input.seed, SIM_DEFAULTS.seed, 'seed', 0, 0xffffffff),
    blockTimeSec: real(input.blockTime, SIM_DEFAULTS.blockTimeSec, 'block-time', 0, 3600, true),
    volumePerHour: tokensOf(input.volumePerHour, SPEC.volumePerHour, 'volume-per-hour'),
    depth,
    imbalance: { '138': imbalance, '651940': real(input.imbalanceAlltra, imbalance, 'imbalance-alltra', 0, 1) },
    flashRate: real(input.flashRate, SIM_DEFAULTS.flashRate, 'flash-rate', 0, 1),
    drainRate: real(input.drainRate, SIM_DEFAULTS.drainRate, 'drain-rate', 0, 1),
    drainSize:
      input.drainSize === undefined
        ? defaultDrainSize(depth, multiplier)
        : tokensOf(input.drainSize, '0', 'drain-size'),
    latencyBlocks: whole(input.latencyBlocks, SIM_DEFAULTS.latencyBlocks, 'latency-blocks', 0, 10_000),
    arbThresholdBps: whole(input.arbThresholdBps, SIM_DEFAULTS.arbThresholdBps, 'arb-threshold-bps', 0, 10_000),
    inventory: tokensOf(input.inventory, SPEC.inventory, 'inventory'),
    stabilizer,
    verdictPercentile: real(input.verdictPercentile, d.verdictPercentile, 'verdict-percentile', 50, 100),
    correlation: real(input.correlation, d.correlation, 'correlation', 0, 1),
    demand: {
      rate: real(input.demandRate, d.demandRate, 'demand-rate', 0, 1),
      blocks: whole(input.demandBlocks, d.demandBlocks, 'demand-blocks', 1, 10_000),
      size:
        input.demandSize === undefined
          ? defaultDrainSize(depth, multiplier) / 4n
          : tokensOf(input.demandSize, '0', 'demand-size'),
    },
    oracle: {
      xauVolPerDay: real(input.xauVolPerDay, d.xauVolPerDay, 'xau-vol-per-day', 0, 1),
      eurVolPerDay: real(input.eurVolPerDay, d.eurVolPerDay, 'eur-vol-per-day', 0, 1),
      updateBlocks: whole(input.oracleUpdateBlocks, d.oracleUpdateBlocks, 'oracle-update-blocks', 1, 100_000),
      maxAgeBlocks: whole(input.oracleMaxAgeBlocks, d.oracleMaxAgeBlocks, 'oracle-max-age-blocks', 1, 1_000_000),
      outageRate: real(input.oracleOutageRate, d.oracleOutageRate, 'oracle-outage-rate', 0, 1),
      outageBlocks: whole(input.oracleOutageBlocks, d.oracleOutageBlocks, 'oracle-outage-blocks', 1, 1_000_000),
    },
    gas: {
      spikeRate: real(input.gasSpikeRate, d.gasSpikeRate, 'gas-spike-rate', 0, 1),
      spikeBlocks: whole(input.gasSpikeBlocks, d.gasSpikeBlocks, 'gas-spike-blocks', 1, 1_000_000),
    },
    bridge: {
      latencyBlocks: whole(input.bridgeLatencyBlocks, d.bridgeLatencyBlocks, 'bridge-latency-blocks', 0, 1_000_000),
      outageRate: real(input.bridgeOutageRate, d.bridgeOutageRate, 'bridge-outage-rate', 0, 1),
      outageBlocks: whole(input.bridgeOutageBlocks, d.bridgeOutageBlocks, 'bridge-outage-blocks', 1, 1_000_000),
    },
    botInventory: tokensOf(input.botInventory, d.botInventory, 'bot-inventory'),
    legDepth: tokensOf(input.legDepth, d.legDepth, 'leg-depth'),
  }
  if (params.drainSize >= depth)
    throw new VaultError('AMOUNT_INVALID', `${label('drain-size')} must be smaller than the pool depth`, {
      field: fieldOf('drain-size'),
    })
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
