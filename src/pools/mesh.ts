import type { Address } from 'viem'
import type { VaultClient } from '../chain/client.js'
import { deviationBps, pegPrice } from '../core/deviation/price.js'
import { ANCHOR as REGISTRY_ANCHOR } from '../core/registry.js'
import { type PoolInfo, poolAddresses, readPools } from './read.js'

/** The XAU anchor's symbol in the profile (the registry's). */
export const ANCHOR: string = REGISTRY_ANCHOR

export interface MeshLeg {
  token: string
  pool: Address
  /** Mid price, anchor per token (mid-price units). */
  midPrice: bigint
  /** The oracle cross rate token/XAU (mid-price units), when both have prices. */
  peg?: bigint
  /** The leg's gap from the oracle cross rate, bps (truncated toward zero). */
  pegDeviationBps?: bigint
  /** |gap| ≤ θ; false when out of band or when there is no oracle rate to judge against. */
  withinBand: boolean
}

/** JSON of `vault pools mesh` (show). */
export interface MeshReport {
  chainId: number
  /** θ the legs are judged against (bps). */
  thresholdBps: number
  legs: MeshLeg[]
  parity: MeshParity[]
  /** Tokens of the profile without a private leg. */
  missing: string[]
  /** Every leg within θ of the oracle cross rate. */
  ok: boolean
}

export interface MeshParity {
  pair: string
  /** TokenA → XAU → TokenB, quote per base in mid-price units (1e18 adjusted by decimals). */
  triangulated: bigint
  direct?: { pool: Address; midPrice: bigint }
  peg?: bigint
  /** Triangulated vs the direct public pool, bps (or vs the oracle peg when there is no direct pool). */
  parityGapBps?: bigint
  against: 'direct' | 'peg' | 'none'
}

const WAD = 10n ** 18n

/** A → XAU → B: mid(A/XAU) / mid(B/XAU), rescaled for the decimals of A and B. */
export function triangulate(a: PoolInfo, b: PoolInfo): bigint {
  // mid(X/XAU) = xau per X × 10^(18 − dX + dXAU); the ratio carries 10^(dB − dA), which is B/A's exponent shift
  return (a.midPrice * WAD) / b.midPrice
}

/** The private XAU-anchored mesh: one private pool per token, and triangulated parity for every token pair. */
export async function meshView(client: VaultClient, opts: { thresholdBps: number }) {
  const { pools } = await readPools(client, { addresses: await poolAddresses(client) })
  const legs = pools.filter((p) => p.isPrivate && p.quote.symbol === ANCHOR)
  const publicPools = pools.filter((p) => !p.isPrivate)
  const parity: MeshParity[] = []
  for (const a of legs) {
    for (const b of legs) {
      if (a === b || a.base.symbol >= b.base.symbol) continue
      const [x, y] = publicPools.some((p) => p.base.symbol === b.base.symbol && p.quote.symbol === a.base.symbol)
        ? [b, a]
        : [a, b]
      const triangulated = triangulate(x, y)
      const direct = publicPools.find((p) => p.base.symbol === x.base.symbol && p.quote.symbol === y.base.symbol)
      const peg =
        x.base.usd && y.base.usd
          ? pegPrice({
              baseUsd: x.base.usd.price,
              quoteUsd: y.base.usd.price,
              baseDecimals: x.base.decimals,
              quoteDecimals: y.base.decimals,
            })
          : undefined
      const ref = direct?.midPrice ?? peg
      parity.push({
        pair: `${x.base.symbol}/${y.base.symbol}`,
        triangulated,
        direct: direct ? { pool: direct.address, midPrice: direct.midPrice } : undefined,
        peg,
        parityGapBps: ref ? deviationBps(triangulated, ref) : undefined,
        against: direct ? 'direct' : peg ? 'peg' : 'none',
      })
    }
  }
  const tokens = Object.keys(client.deployment.tokens).filter((s) => s !== ANCHOR && !s.startsWith('cXAU'))
  const missing = tokens.filter((t) => !legs.some((l) => l.base.symbol === t))
  const theta = BigInt(opts.thresholdBps)
  const judged = legs.map(
    (l): MeshLeg => ({
      token: l.base.symbol,
      pool: l.address,
      midPrice: l.midPrice,
      peg: l.pegPrice,
      pegDeviationBps: l.deviationBps,
      withinBand: l.deviationBps !== undefined && (l.deviationBps < 0n ? -l.deviationBps : l.deviationBps) <= theta,
    }),
  )
  return {
    chainId: client.chainId,
    thresholdBps: opts.thresholdBps,
    legs: judged,
    legInfo: legs,
    parity,
    missing,
    ok: judged.every((l) => l.withinBand),
  }
}
