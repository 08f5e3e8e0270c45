import { VaultError } from '../errors.js'
import { ceil, type Decimalish, formatDecimal, mul, type Rational, rat, toRational } from './rational.js'

/**
 * Cross-chain synchronization (spec §9): BridgeReserve ≥ PeakBridgeOutflow × Latency, per token,
 * and |Price138 − PriceAlltra| below the arbitrage threshold (§16 target: spread < 0.15% = 15 bps).
 */

/** §16: cross-chain spread must stay below 0.15%. */
export const CROSS_CHAIN_SPREAD_TARGET_BPS = 15n

export interface BridgeBufferInput {
  /** Optional label carried into the result (e.g. the token symbol). */
  token?: string
  /** Bridge reserve held for the token, base units. */
  reserve: bigint
  /** Peak bridge outflow per minute, base units. */
  peakOutflowPerMin: bigint
  /** Bridge latency L in minutes (> 0; decimals allowed). */
  latencyMin: Decimalish
}

/** Result of `bridgeBuffer`. JSON: bigints as decimal strings, `latencyMin` as `{num, den}`. */
export interface BridgeBuffer {
  token?: string
  reserve: bigint
  peakOutflowPerMin: bigint
  latencyMin: Rational
  /** ⌈peakOutflowPerMin × latencyMin⌉. */
  required: bigint
  /** reserve ≥ required. */
  ok: boolean
  /** max(0, required − reserve). */
  shortfall: bigint
  /** reserve / required in bps, rounded down (10000 = exactly covered); null when required is 0. */
  coverageBps: bigint | null
  display: { latencyMin: string }
}

export function bridgeBuffer(input: BridgeBufferInput): BridgeBuffer {
  const label = input.token ? ` for ${input.token}` : ''
  if (input.reserve < 0n)
    throw new VaultError('AMOUNT_INVALID', `Bridge reserve${label} cannot be negative`, {
      details: `Got ${input.reserve}.`,
    })
  if (input.peakOutflowPerMin < 0n) {
    throw new VaultError('AMOUNT_INVALID', `Peak bridge outflow${label} cannot be negative`, {
      details: `Got ${input.peakOutflowPerMin}.`,
    })
  }
  const latencyMin = toRational(input.latencyMin, 'Bridge latency')
  if (latencyMin.num <= 0n) {
    throw new VaultError('PARAM_OUT_OF_RANGE', `Bridge latency${label} must be longer than zero minutes`, {
      details: `Got ${formatDecimal(latencyMin)}.`,
    })
  }
  const required = ceil(mul(rat(input.peakOutflowPerMin), latencyMin))
  const shortfall = required > input.reserve ? required - input.reserve : 0n
  return {
    ...(input.token === undefined ? {} : { token: input.token }),
    reserve: input.reserve,
    peakOutflowPerMin: input.peakOutflowPerMin,
    latencyMin,
    required,
    ok: shortfall === 0n,
    shortfall,
    coverageBps: required === 0n ? null : (input.reserve * 10_000n) / required,
    display: { latencyMin: formatDecimal(latencyMin) },
  }
}

/** `bridgeBuffer` for several tokens; `ok` when every token is covered. */
export function bridgeBuffers(inputs: readonly BridgeBufferInput[]): { tokens: BridgeBuffer[]; ok: boolean } {
  const tokens = inputs.map(bridgeBuffer)
  return { tokens, ok: tokens.every((t) => t.ok) }
}

/**
 * Spread between the two chains' prices of the same pair (same unit, e.g. 1e18 mid prices), in bps:
 * |p138 − pAlltra| × 10000 / min(p138, pAlltra), rounded down.
 * Measured against the lower price, so it is symmetric and the larger of the two one-sided readings (the
 * conservative choice for a "< 15 bps" target). Rounding down is exact for a whole-bps threshold:
 * spread < 15 ⇔ ⌊spread⌋ < 15.
 */
export function crossChainSpreadBps(price138: bigint, priceAlltra: bigint): bigint {
  if (price138 <= 0n || priceAlltra <= 0n) {
    throw new VaultError('PRICE_INVALID', 'Prices must be greater than zero to compare chains', {
      details: `Got ${price138} (138) and ${priceAlltra} (Alltra).`,
    })
  }
  const diff = price138 > priceAlltra ? price138 - priceAlltra : priceAlltra - price138
  const low = price138 < priceAlltra ? price138 : priceAlltra
  return (diff * 10_000n) / low
}

/** Result of `crossChainSpread`. */
export interface SpreadVerdict {
  price138: bigint
  priceAlltra: bigint
  spreadBps: bigint
  thresholdBps: bigint
  /** spreadBps < thresholdBps. */
  ok: boolean
  /** Where the pair is cheaper (where an arbitrageur buys); null when equal. */
  cheaperOn: '138' | '651940' | null
}

/** Spread with a verdict against the threshold (default: the §16 target, 15 bps). */
export function crossChainSpread(
  price138: bigint,
  priceAlltra: bigint,
  thresholdBps: bigint = CROSS_CHAIN_SPREAD_TARGET_BPS,
): SpreadVerdict {
  if (thresholdBps <= 0n)
    throw new VaultError('PARAM_OUT_OF_RANGE', 'Spread threshold must be greater than zero bps', {
      details: `Got ${thresholdBps}.`,
    })
  const spreadBps = crossChainSpreadBps(price138, priceAlltra)
  return {
    price138,
    priceAlltra,
    spreadBps,
    thresholdBps,
    ok: spreadBps < thresholdBps,
    cheaperOn: price138 === priceAlltra ? null : price138 < priceAlltra ? '138' : '651940',
  }
}
