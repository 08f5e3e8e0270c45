import { type Address, erc20Abi, getAddress } from 'viem'
import { vaultPMMIntegrationAbi, vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf } from '../chain/read.js'
import type { ChainId, Deployment } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { allocateBuckets, BUCKET_IDS, type BucketId, type BucketPolicy, checkBuckets } from '../core/models/buckets.js'
import { reserveSize } from '../core/models/reserve.js'
import { readDecimalsAndPrices } from '../oracle/read.js'
import { readIsPrivate } from '../pools/read.js'

/**
 * `vault reserve check`: what each capital bucket (spec §13) holds on chain, valued in USD by the oracle, against
 * what it should hold.
 *
 * What counts where:
 * - A Public PMM liquidity: the reserves (B and Q) of every public pool (the integration's registry plus the
 *   profile's pools).
 * - B Private stabilization: the reserves of the private mesh pools plus the stabilizer contract's token balances.
 * - C Flash-loan liquidity: token balances of contracts named `flashLiquidity…` in the profile. A DODO pool lends
 *   its own reserves, which already count in A; C is capital set aside for flash lending only, so nothing
 *   counts here until such a holder is configured.
 * - D Cross-chain buffer: the bridge reserve's token balances.
 * - E Long-term vault reserves: the Safe's token balances (profile `safe.address`).
 *
 * What each must hold: its policy share of the total capital (the sum of all buckets, or `totalUsd` when given)
 * is its target; the bucket is short below target × (1 − tolerance). Against the sum held the shares are
 * zero-sum (one bucket's excess is another's gap), so some tolerance is what makes "in policy" reachable.
 * B must also hold P × T × safety when a stabilization peak outflow is given, without tolerance (the safety
 * factor is the margin); the larger of the two applies.
 * USD amounts are 1e18 fixed point. Tokens without an oracle price are listed and left out of the sums.
 */

export interface Holding {
  chainId: ChainId
  bucket: BucketId
  /** `pool cUSDT/cUSDC`, `stabilizer`, `bridgeReserve`, `safe`, or the profile's contract name. */
  holder: string
  holderAddress: Address
  token: string
  tokenAddress: Address
  /** Base units. */
  amount: bigint
  decimals: number
  /** USD value, 1e18 fixed point; absent when the token has no oracle price. */
  usd?: bigint
}

export interface BucketRow {
  id: BucketId
  name: string
  /** USD held, the policy target, the least accepted (1e18), and the shortfall below that. */
  haveUsd: bigint
  targetUsd: bigint
  needUsd: bigint
  shortUsd: bigint
  ok: boolean
  /** Share of the total held, and the policy's share (bps). */
  shareBps: bigint
  policyBps: number
  /** Where the requirement comes from: the policy share or the P × T × safety model (B only). */
  basis: 'policy' | 'model'
}

export interface ReserveCheckReport {
  chains: ChainId[]
  /** Total the policy shares apply to (1e18 USD), and whether it is what the buckets hold or a given total. */
  totalUsd: bigint
  totalBasis: 'held' | 'given'
  heldUsd: bigint
  policy: BucketPolicy
  toleranceBps: number
  /** B's P × T × safety requirement in USD, when asked for. */
  stabilizationRequiredUsd?: bigint
  buckets: BucketRow[]
  holdings: Holding[]
  /** Holdings with a balance but no oracle price (not in the sums). */
  unpriced: Holding[]
  ok: boolean
  totalShortUsd: bigint
}

export interface ReserveCheckOptions {
  /** The Safe, whose balances are bucket E. */
  safe?: Address
  policy: BucketPolicy
  /** A bucket may fall this far below its policy target (bps of the target) before it counts as short. */
  toleranceBps: number
  /** Planned total capital, USD 1e18. */
  totalUsd?: bigint
  /** B's model requirement: P in USD 1e18 per minute, T minutes, safety. */
  stabilization?: { peakOutflowUsdPerMin: bigint; windowMin: string; safety: string }
}

interface Holder {
  bucket: BucketId
  name: string
  address: Address
}

function holdersOf(deployment: Deployment, safe?: Address): Holder[] {
  const c = deployment.contracts
  const out: Holder[] = []
  if (c.stabilizer) out.push({ bucket: 'B', name: 'stabilizer', address: c.stabilizer })
  for (const [name, address] of Object.entries(c))
    if (/^flashLiquidity/i.test(name)) out.push({ bucket: 'C', name, address })
  if (c.bridgeReserve) out.push({ bucket: 'D', name: 'bridgeReserve', address: c.bridgeReserve })
  if (safe) out.push({ bucket: 'E', name: 'safe', address: safe })
  return out
}

/** One chain's holdings in two batched reads: registry, token prices and holder balances; then pool states. */
export async function readChainHoldings(client: VaultClient, { safe }: { safe?: Address }): Promise<Holding[]> {
  const { deployment } = client
  const tokens = Object.entries(deployment.tokens)
  const holders = holdersOf(deployment, safe)
  const { integration } = deployment.contracts
  const [listed, [decimals, prices], balances] = await Promise.all([
    integration
      ? readContracts(client, [{ address: integration, abi: vaultPMMIntegrationAbi, functionName: 'getAllPools' }])
      : undefined,
    readDecimalsAndPrices(
      client,
      tokens.map(([, address]) => address),
    ),
    Promise.all(
      holders.map((h) =>
        readContracts(
          client,
          tokens.map(([, address]) => ({
            address,
            abi: erc20Abi,
            functionName: 'balanceOf' as const,
            args: [h.address] as const,
          })),
        ),
      ),
    ),
  ])
  const meta = new Map<string, { symbol: string; address: Address; decimals: number; price?: bigint }>()
  tokens.forEach(([symbol, address], n) => {
    const price = prices ? resultOf(prices[n])?.[0] : undefined
    meta.set(address.toLowerCase(), {
      symbol,
      address,
      decimals: resultOf(decimals[n]) ?? 18,
      price: price && price > 0n ? price : undefined,
    })
  })
  const holding = (
    bucket: BucketId,
    holder: string,
    holderAddress: Address,
    token: Address,
    amount: bigint,
  ): Holding => {
    const m = meta.get(token.toLowerCase())
    const decimals = m?.decimals ?? 18
    return {
      chainId: client.chainId,
      bucket,
      holder,
      holderAddress,
      token: m?.symbol ?? `${token.slice(0, 8)}…`,
      tokenAddress: token,
      amount,
      decimals,
      ...(m?.price ? { usd: (amount * m.price) / 10n ** BigInt(decimals) } : {}),
    }
  }
  const out: Holding[] = []
  holders.forEach((h, k) => {
    tokens.forEach(([, address], n) => {
      const bal = resultOf(balances[k][n]) ?? 0n
      if (bal > 0n) out.push(holding(h.bucket, h.name, h.address, address, bal))
    })
  })

  const names = new Map<string, string>()
  for (const [n, a] of Object.entries(deployment.pools)) names.set(a.toLowerCase(), n)
  for (const [n, a] of Object.entries(deployment.privatePools)) names.set(a.toLowerCase(), `${n} (private)`)
  const privateSet = new Set(Object.values(deployment.privatePools).map((a) => a.toLowerCase()))
  const registered = (listed && resultOf(listed[0])) ?? []
  const pools = [
    ...new Set(
      [...registered, ...Object.values(deployment.pools), ...Object.values(deployment.privatePools)].map((a) =>
        a.toLowerCase(),
      ),
    ),
  ].map((a) => getAddress(a))
  const [states, registry] = await Promise.all([
    Promise.all(
      pools.map((address) =>
        readContracts(client, [
          { address, abi: vaultPMMPoolAbi, functionName: '_BASE_TOKEN_' },
          { address, abi: vaultPMMPoolAbi, functionName: '_QUOTE_TOKEN_' },
          { address, abi: vaultPMMPoolAbi, functionName: 'getPMMStateForCall' },
        ]),
      ),
    ),
    readIsPrivate(client, { pools }),
  ])
  pools.forEach((address, n) => {
    const [b, q, st] = states[n]
    const priv = registry?.[n]
    const base = resultOf(b)
    const quote = resultOf(q)
    const state = resultOf(st)
    if (!base || !quote || !state) return
    const isPrivate = (priv ? resultOf(priv) : undefined) || privateSet.has(address.toLowerCase())
    const label = `pool ${names.get(address.toLowerCase()) ?? `${meta.get(base.toLowerCase())?.symbol ?? base.slice(0, 8)}/${meta.get(quote.toLowerCase())?.symbol ?? quote.slice(0, 8)}`}`
    const bucket: BucketId = isPrivate ? 'B' : 'A'
    if (state[2] > 0n) out.push(holding(bucket, label, address, base, state[2]))
    if (state[3] > 0n) out.push(holding(bucket, label, address, quote, state[3]))
  })
  return out
}

/** Reads every chain (in parallel) and compares the buckets with their requirements. */
export async function reserveCheck(clients: VaultClient[], opts: ReserveCheckOptions): Promise<ReserveCheckReport> {
  const perChain = await Promise.all(clients.map((client) => readChainHoldings(client, opts)))
  const holdings = perChain.flat()
  const have = Object.fromEntries(BUCKET_IDS.map((id) => [id, 0n])) as Record<BucketId, bigint>
  for (const h of holdings) if (h.usd !== undefined) have[h.bucket] += h.usd
  const heldUsd = BUCKET_IDS.reduce((s, id) => s + have[id], 0n)
  const totalUsd = opts.totalUsd ?? heldUsd
  if (!Number.isSafeInteger(opts.toleranceBps) || opts.toleranceBps < 0 || opts.toleranceBps > 10_000) {
    throw new VaultError('PARAM_OUT_OF_RANGE', 'Tolerance must be between 0% and 100%', {
      details: `Got ${opts.toleranceBps} bps.`,
    })
  }
  const target = allocateBuckets(totalUsd, opts.policy)
  const need = Object.fromEntries(
    BUCKET_IDS.map((id) => [id, (target[id] * BigInt(10_000 - opts.toleranceBps) + 9_999n) / 10_000n]),
  ) as Record<BucketId, bigint>
  const basis = Object.fromEntries(BUCKET_IDS.map((id) => [id, 'policy'])) as Record<BucketId, BucketRow['basis']>
  let stabilizationRequiredUsd: bigint | undefined
  if (opts.stabilization) {
    const s = opts.stabilization
    stabilizationRequiredUsd = reserveSize({
      peakOutflowPerMin: s.peakOutflowUsdPerMin,
      windowMin: s.windowMin,
      safety: s.safety,
    }).required
    if (stabilizationRequiredUsd > need.B) {
      need.B = stabilizationRequiredUsd
      basis.B = 'model'
    }
  }
  const check = checkBuckets(have, need)
  return {
    chains: clients.map((c) => c.chainId),
    totalUsd,
    totalBasis: opts.totalUsd === undefined ? 'held' : 'given',
    heldUsd,
    policy: opts.policy,
    toleranceBps: opts.toleranceBps,
    stabilizationRequiredUsd,
    buckets: check.buckets.map((b) => ({
      id: b.id,
      name: b.name,
      haveUsd: b.have,
      targetUsd: basis[b.id] === 'model' ? b.need : target[b.id],
      needUsd: b.need,
      shortUsd: b.short,
      ok: b.ok,
      shareBps: heldUsd > 0n ? (b.have * 10_000n) / heldUsd : 0n,
      policyBps: opts.policy[b.id],
      basis: basis[b.id],
    })),
    holdings: holdings.filter((h) => h.usd !== undefined),
    unpriced: holdings.filter((h) => h.usd === undefined),
    ok: check.ok,
    totalShortUsd: check.totalShort,
  }
}
