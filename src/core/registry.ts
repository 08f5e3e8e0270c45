// The system's registry: the tokens, the four public pools (§4), the private XAU mesh (§5), the reference oracle
// prices and how a pool is seeded on the peg. Pure data and math: the localnet deployer, `pools create
// --public-set`, the mesh commands and the simulator all read it from here, so they cannot drift apart.
import { pegPrice } from './deviation/price.js'
import { solveIForMidPrice } from './pmm/analytics.js'

/** Multicall3's address, the same on every chain that has it (deployed by the localnet at this address). */
export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11' as const

export const TOKEN_SYMBOLS = ['cUSDT', 'cUSDC', 'cEURT', 'cXAUC'] as const
export type TokenSymbol = (typeof TOKEN_SYMBOLS)[number]
export const TOKEN_NAMES: Record<TokenSymbol, string> = {
  cUSDT: 'Compliant USDT',
  cUSDC: 'Compliant USDC',
  cEURT: 'Compliant EURT',
  cXAUC: 'Compliant XAU',
}
/** Every system token has 6 decimals. */
export const TOKEN_DECIMALS = 6

/** The XAU anchor every private mesh leg quotes against. */
export const ANCHOR: TokenSymbol = 'cXAUC'
/** The spec's four public pools (§4), `BASE/QUOTE`, in creation order. */
export const PUBLIC_POOL_NAMES = ['cUSDT/cUSDC', 'cUSDT/cXAUC', 'cUSDC/cXAUC', 'cEURT/cXAUC'] as const
export type PublicPoolName = (typeof PUBLIC_POOL_NAMES)[number]
/** The public pools as [base, quote] symbols. */
export const PUBLIC_POOL_PAIRS = PUBLIC_POOL_NAMES.map((n) => n.split('/') as [TokenSymbol, TokenSymbol])
/** Tokens with a private leg against the anchor (§5). */
export const MESH_TOKENS = ['cUSDT', 'cUSDC', 'cEURT'] as const
export type MeshToken = (typeof MESH_TOKENS)[number]

/** Reference oracle USD prices (1e18 per whole token): what the localnet's oracle starts at and the simulator's t = 0. */
export const LOCALNET_ORACLE_PRICES: Record<TokenSymbol, bigint> = {
  cUSDT: 10n ** 18n,
  cUSDC: 10n ** 18n,
  cEURT: 108n * 10n ** 16n,
  cXAUC: 2650n * 10n ** 18n,
}

const UNIT = 10n ** BigInt(TOKEN_DECIMALS)
/** Base-side depth of every seeded pool, in base units (1,000,000 tokens). */
export const SEED_BASE_RESERVE = 1_000_000n * UNIT
/** Seeded pools hold quote worth this fraction (1/2) of the base side: a vending machine quotes above q/b. */
export const SEED_QUOTE_VALUE_DIVISOR = 2n
export const SEED_LP_FEE_RATE = 3n * 10n ** 14n // 0.03%
export const SEED_K = 10n ** 17n // 0.1

export interface SeedPlan {
  name: string
  base: TokenSymbol
  quote: TokenSymbol
  lpFeeRate: bigint
  k: bigint
  i: bigint
  peg: bigint
  baseAmount: bigint
  quoteAmount: bigint
}

/** How a (base, quote) pool is seeded so its mid price sits on the oracle peg (within 1 bp). */
export function seedPlan(
  base: TokenSymbol,
  quote: TokenSymbol,
  prices: Record<TokenSymbol, bigint> = LOCALNET_ORACLE_PRICES,
): SeedPlan {
  const peg = pegPrice({
    baseUsd: prices[base],
    quoteUsd: prices[quote],
    baseDecimals: TOKEN_DECIMALS,
    quoteDecimals: TOKEN_DECIMALS,
  })
  const baseAmount = SEED_BASE_RESERVE
  const quoteAmount = (baseAmount * peg) / 10n ** 18n / SEED_QUOTE_VALUE_DIVISOR
  const i = solveIForMidPrice({ baseReserve: baseAmount, quoteReserve: quoteAmount, K: SEED_K, targetMid: peg })
  return {
    name: `${base}/${quote}`,
    base,
    quote,
    lpFeeRate: SEED_LP_FEE_RATE,
    k: SEED_K,
    i,
    peg,
    baseAmount,
    quoteAmount,
  }
}

/**
 * How a private XAU leg is seeded: priced as a DODO private pool, its mid is i while the targets are the reserves
 * (R = ONE), so i is the oracle cross rate itself; the amounts are the public pools' (quote worth half the base).
 */
export function legSeedPlan(token: MeshToken, prices: Record<TokenSymbol, bigint> = LOCALNET_ORACLE_PRICES): SeedPlan {
  const plan = seedPlan(token, ANCHOR, prices)
  return { ...plan, i: plan.peg }
}

/** The four public pools' seed plans, in creation order. */
export function publicPoolPlans(prices: Record<TokenSymbol, bigint> = LOCALNET_ORACLE_PRICES): SeedPlan[] {
  return PUBLIC_POOL_PAIRS.map(([base, quote]) => seedPlan(base, quote, prices))
}
