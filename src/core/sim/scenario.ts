// Scenario files: a simulation's inputs as JSON, checked field by field; every error names the field's path
// (`scenario.drains.rate`). The ranges are checked by resolveSimParams, under the same path.
import { VaultError } from '../errors.js'
import type { InputLabels, SimInput } from './params.js'

type Kind = 'int' | 'number' | 'tokens' | 'units'
type Leaf = [keyof SimInput, Kind, string]
type Shape = { [field: string]: Leaf | Shape }

/** The scenario's fields: each maps to one simulation input. */
export const SCENARIO_SHAPE: Shape = {
  runs: ['runs', 'int', 'number of runs'],
  blocks: ['blocks', 'int', 'blocks per run'],
  seed: ['seed', 'int', 'base seed'],
  multiplier: ['multiplier', 'number', 'volume multiplier'],
  blockTime: ['blockTime', 'number', 'seconds per block'],
  verdictPercentile: ['verdictPercentile', 'number', 'targets judged at this percentile over runs'],
  flow: {
    volumePerHour: ['volumePerHour', 'tokens', 'projected volume per pool, tokens/hour'],
    imbalance: ['imbalance', 'number', 'net directional share, 0–1'],
    imbalanceAlltra: ['imbalanceAlltra', 'number', 'same on Alltra'],
    correlation: ['correlation', 'number', "share of trades following the block's common direction, 0–1"],
  },
  pools: {
    depth: ['depth', 'tokens', 'public pool depth, tokens'],
    legDepth: ['legDepth', 'tokens', 'private leg depth, tokens'],
  },
  drains: {
    flashRate: ['flashRate', 'number', 'flash drains per block and pool'],
    rate: ['drainRate', 'number', 'sustained drains per block and pool'],
    size: ['drainSize', 'tokens', 'drain size, tokens'],
  },
  demand: {
    rate: ['demandRate', 'number', 'genuine demand episodes per block and pool'],
    blocks: ['demandBlocks', 'int', 'blocks an episode lasts'],
    size: ['demandSize', 'tokens', 'one-sided flow per block, tokens'],
  },
  oracle: {
    xauVolPerDay: ['xauVolPerDay', 'number', 'XAU daily volatility'],
    eurVolPerDay: ['eurVolPerDay', 'number', 'EUR daily volatility'],
    updateBlocks: ['oracleUpdateBlocks', 'int', 'blocks between oracle updates'],
    maxAgeBlocks: ['oracleMaxAgeBlocks', 'int', 'oldest price the stabilizer accepts, blocks'],
    outageRate: ['oracleOutageRate', 'number', 'oracle outages per block'],
    outageBlocks: ['oracleOutageBlocks', 'int', 'blocks an outage lasts'],
  },
  gas: {
    spikeRate: ['gasSpikeRate', 'number', 'gas spikes above the cap per block and chain'],
    spikeBlocks: ['gasSpikeBlocks', 'int', 'blocks a spike lasts'],
  },
  bridge: {
    latencyBlocks: ['bridgeLatencyBlocks', 'int', 'blocks a bridge transfer takes'],
    outageRate: ['bridgeOutageRate', 'number', 'bridge outages per block'],
    outageBlocks: ['bridgeOutageBlocks', 'int', 'blocks an outage lasts'],
  },
  bot: {
    latencyBlocks: ['latencyBlocks', 'int', "bot's latency L, blocks"],
    thresholdBps: ['arbThresholdBps', 'int', 'spread above which the bot trades, bps'],
    inventory: ['botInventory', 'tokens', "bot's inventory per token and chain, USD"],
  },
  stabilizer: {
    thresholdBps: ['thresholdBps', 'int', 'θ, bps'],
    sustainBlocks: ['sustainBlocks', 'int', 'N'],
    twapWindow: ['twapWindow', 'int', 'W, blocks'],
    minBlocks: ['minBlocks', 'int', 'MIN_BLOCKS'],
    perBlockCap: ['perBlockCap', 'units', 'per-block cap, base units'],
    kPerBps: ['kPerBps', 'units', 'k, base units per bp'],
    inventory: ['inventory', 'tokens', 'inventory per token and chain, USD'],
  },
}

const isLeaf = (v: Leaf | Shape): v is Leaf => Array.isArray(v)

/** Reads a parsed scenario: the inputs it sets, and each one's path for error messages. */
export function parseScenario(value: unknown, root = 'scenario'): { input: SimInput; labels: InputLabels } {
  const input: Record<string, unknown> = {}
  const labels: InputLabels = {}
  const walk = (v: unknown, shape: Shape, path: string) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new VaultError('PARAM_OUT_OF_RANGE', `${path} must be an object`)
    for (const [field, x] of Object.entries(v)) {
      const at = `${path}.${field}`
      const spec = shape[field]
      if (spec === undefined) {
        throw new VaultError('PARAM_OUT_OF_RANGE', `${at} is not a scenario field`, {
          details: `Known here: ${Object.keys(shape).join(', ')}.`,
        })
      }
      if (!isLeaf(spec)) {
        walk(x, spec, at)
        continue
      }
      const [key, kind, what] = spec
      input[key] = leaf(x, kind, at, what)
      labels[key] = at
    }
  }
  walk(value, SCENARIO_SHAPE, root)
  return { input: input as SimInput, labels }
}

function leaf(x: unknown, kind: Kind, at: string, what: string): number | string {
  if (kind === 'int') {
    if (typeof x !== 'number' || !Number.isSafeInteger(x))
      throw new VaultError('NUMBER_INVALID', `${at} must be a whole number (${what})`)
    return x
  }
  if (typeof x === 'number' && Number.isFinite(x)) return String(x)
  if (typeof x === 'string' && x.trim() !== '') return x
  throw new VaultError(
    'PARAM_OUT_OF_RANGE',
    `${at} must be a ${kind === 'number' ? 'number' : 'number or a decimal string'} (${what})`,
  )
}

/** Scenario inputs under flags: a flag given on the command line wins. */
export function withScenario(flags: SimInput, scenario?: { input: SimInput; labels: InputLabels }) {
  if (!scenario) return { input: flags, labels: {} }
  const input: Record<string, unknown> = { ...scenario.input }
  const labels: InputLabels = { ...scenario.labels }
  for (const [k, v] of Object.entries(flags)) {
    if (v === undefined) continue
    input[k] = v
    delete labels[k as keyof SimInput]
  }
  return { input: input as SimInput, labels }
}
