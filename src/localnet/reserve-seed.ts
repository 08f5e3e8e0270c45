// How much the local system's holders (stabilizer, flash liquidity, bridge reserve, Safe) are given so that a fresh
// localnet matches the default capital bucket policy: bucket A (the public pools' seeds) fixes the total, every
// other bucket gets its policy share of it. `vault reserve check` on a fresh localnet passes because of this.
import { DEFAULT_RESERVE_POLICY } from '../config/presets.js'
import type { ReservePolicy } from '../config/schema.js'
import { TOKEN_SYMBOLS, type TokenSymbol } from '../core/registry.js'

type SeedToken = TokenSymbol
export type SeedHolder = 'stabilizer' | 'flashLiquidity' | 'bridgeReserve' | 'safe'

/** USD (1e18) of a seeded pool: base and quote amounts (6 decimals) at the oracle prices. */
export function poolUsd(
  p: { base: SeedToken; quote: SeedToken; baseAmount: bigint; quoteAmount: bigint },
  prices: Record<SeedToken, bigint>,
  decimals = 6,
): bigint {
  const unit = 10n ** BigInt(decimals)
  return (p.baseAmount * prices[p.base] + p.quoteAmount * prices[p.quote]) / unit
}

/**
 * Token amounts (base units, 6 decimals) per holder. Total T = A / share(A); B's share less the private pools goes
 * to the stabilizer, C to flash liquidity, D to the bridge reserve, E to the Safe; each holder's USD is split
 * evenly across the four tokens.
 */
export function reserveSeed(opts: {
  publicUsd: bigint
  privateUsd: bigint
  prices: Record<SeedToken, bigint>
  policy?: ReservePolicy
  decimals?: number
}): Record<SeedHolder, Record<SeedToken, bigint>> {
  const policy = opts.policy ?? DEFAULT_RESERVE_POLICY
  if (policy.A <= 0) throw new Error('reserveSeed: bucket A needs a share to size the others from')
  const total = (opts.publicUsd * 10_000n) / BigInt(policy.A)
  const share = (bps: number) => (total * BigInt(bps)) / 10_000n
  const stabilizerUsd = share(policy.B) > opts.privateUsd ? share(policy.B) - opts.privateUsd : 0n
  const unit = 10n ** BigInt(opts.decimals ?? 6)
  const tokens: readonly SeedToken[] = TOKEN_SYMBOLS
  const split = (usd: bigint) =>
    Object.fromEntries(tokens.map((t) => [t, (usd * unit) / BigInt(tokens.length) / opts.prices[t]])) as Record<
      SeedToken,
      bigint
    >
  return {
    stabilizer: split(stabilizerUsd),
    flashLiquidity: split(share(policy.C)),
    bridgeReserve: split(share(policy.D)),
    safe: split(share(policy.E)),
  }
}
