import { type Address, erc20Abi, getAddress, isAddress, zeroAddress } from 'viem'
import { vaultPMMIntegrationAbi, vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, readEach, resultOf } from '../chain/read.js'
import type { Deployment } from '../config/schema.js'
import { deviationBps, pegPrice } from '../core/deviation/price.js'
import { VaultError } from '../core/errors.js'
import { type PMMState, rState } from '../core/pmm/pricing.js'
import { readOraclePrices } from '../oracle/read.js'

export interface TokenInfo {
  address: Address
  symbol: string
  decimals: number
  /** Oracle USD price (1e18 per whole token) and its update time, when an oracle is configured. */
  usd?: { price: bigint; updatedAt: bigint }
}

export interface PoolInfo {
  address: Address
  pair: string
  base: TokenInfo
  quote: TokenInfo
  isPrivate: boolean
  /** Capital bucket (spec §13): A public PMM liquidity, B private stabilization. */
  bucket: 'A' | 'B'
  state: PMMState
  midPrice: bigint
  lpFeeRate: bigint
  mtFeeRate: bigint
  isOpenTWAP: boolean
  /** Mid price (quote per base, 1e18 fixed, decimal-adjusted); 0 for an empty pool. */
  /** Peg from the oracle in mid-price units, and the mid price's deviation from it. */
  pegPrice?: bigint
  deviationBps?: bigint
}

/** Every pool the integration knows (registry read), or the profile's known pools when there is no registry. */
export async function poolAddresses(client: VaultClient): Promise<Address[]> {
  const { deployment } = client
  const known = [...Object.values(deployment.pools), ...Object.values(deployment.privatePools)]
  const integration = deployment.contracts.integration
  if (!integration) return known
  const [listed] = await readContracts(client, [
    { address: integration, abi: vaultPMMIntegrationAbi, functionName: 'getAllPools' },
  ])
  return [...new Set([...(resultOf(listed) ?? []), ...known])]
}

/** Token metadata (+ oracle prices) for a set of addresses: one batched read. */
export async function readTokens(
  client: VaultClient,
  { addresses }: { addresses: Address[] },
): Promise<Map<string, TokenInfo>> {
  const { deployment } = client
  const uniq = [...new Set(addresses.map((a) => a.toLowerCase()))].map((a) => getAddress(a))
  const oracle = deployment.contracts.oracle
  const [meta, prices] = await Promise.all([
    Promise.all(
      uniq.map((address) =>
        readContracts(client, [
          { address, abi: erc20Abi, functionName: 'symbol' },
          { address, abi: erc20Abi, functionName: 'decimals' },
        ]),
      ),
    ),
    oracle ? readOraclePrices(client, { oracle, tokens: uniq }) : undefined,
  ])
  const out = new Map<string, TokenInfo>()
  uniq.forEach((address, n) => {
    const [sym, dec] = meta[n]
    if (sym.status !== 'success' || dec.status !== 'success') return
    const usd = prices ? resultOf(prices[n]) : undefined
    out.set(address.toLowerCase(), {
      address: symbolAddress(deployment, address),
      symbol: sym.result,
      decimals: dec.result,
      usd: usd && usd[0] > 0n ? { price: usd[0], updatedAt: usd[1] } : undefined,
    })
  })
  return out
}

const symbolAddress = (deployment: Deployment, address: Address): Address =>
  Object.values(deployment.tokens).find((a) => a.toLowerCase() === address.toLowerCase()) ?? address

/** One pool's reads (a typed tuple): tokens, PMM state, mid price, fees, TWAP flag. */
const poolCalls = (address: Address) =>
  [
    { address, abi: vaultPMMPoolAbi, functionName: '_BASE_TOKEN_' },
    { address, abi: vaultPMMPoolAbi, functionName: '_QUOTE_TOKEN_' },
    { address, abi: vaultPMMPoolAbi, functionName: 'getPMMStateForCall' },
    { address, abi: vaultPMMPoolAbi, functionName: 'getMidPrice' },
    { address, abi: vaultPMMPoolAbi, functionName: '_LP_FEE_RATE_' },
    { address, abi: vaultPMMPoolAbi, functionName: '_IS_OPEN_TWAP_' },
    { address, abi: vaultPMMPoolAbi, functionName: 'getUserFeeRate', args: [zeroAddress] },
  ] as const

/** The integration's `isPrivatePool` for each pool, in one batched read; undefined when the chain has no integration. */
export function readIsPrivate(client: VaultClient, { pools, blockNumber }: { pools: Address[]; blockNumber?: bigint }) {
  const integration = client.deployment.contracts.integration
  if (!integration) return Promise.resolve(undefined)
  const each = pools.map((p) => [p] as const)
  return readEach(client, {
    address: integration,
    abi: vaultPMMIntegrationAbi,
    functionName: 'isPrivatePool',
    each,
    blockNumber,
  })
}

/**
 * Full state of many pools in a constant number of round trips: one multicall per pool (sent together as one
 * JSON-RPC batch), then one for the tokens and oracle prices. Addresses that are not DVM pools are in `notPools`.
 */
export async function readPools(
  client: VaultClient,
  { addresses, blockNumber }: { addresses: Address[]; blockNumber?: bigint },
): Promise<{ pools: PoolInfo[]; notPools: Address[] }> {
  const { deployment } = client
  const opts = { blockNumber }
  await client.ready() // even with no pool to read: an unreachable chain is never "no pools"
  const [raw, registry] = await Promise.all([
    Promise.all(addresses.map((address) => readContracts(client, poolCalls(address), opts))),
    readIsPrivate(client, { pools: addresses, blockNumber }),
  ])
  const notPools: Address[] = []
  const good: { address: Address; n: number; base: Address; quote: Address; state: PMMStateTuple }[] = []
  addresses.forEach((address, n) => {
    const [base, quote, state] = raw[n]
    if (base.status === 'success' && quote.status === 'success' && state.status === 'success')
      good.push({ address, n, base: base.result, quote: quote.result, state: state.result })
    else notPools.push(address)
  })
  const tokens = await readTokens(client, { addresses: good.flatMap((g) => [g.base, g.quote]) })
  const privateSet = new Set(Object.values(deployment.privatePools).map((a) => a.toLowerCase()))
  const pools = good.map(({ address, n, ...g }): PoolInfo => {
    const [, , , mid, lpFee, twap, fees] = raw[n]
    const base = tokens.get(g.base.toLowerCase()) ?? unknownToken(g.base)
    const quote = tokens.get(g.quote.toLowerCase()) ?? unknownToken(g.quote)
    const [i, K, B, Q, B0, Q0, R] = g.state
    // an empty pool has no mid price (the curve divides by its reserve): 0 means "no price yet"
    const midPrice = resultOf(mid) ?? 0n
    const userFees = resultOf(fees)
    const isPrivate = (registry ? resultOf(registry[n]) : undefined) ?? privateSet.has(address.toLowerCase())
    const peg =
      base.usd && quote.usd
        ? pegPrice({
            baseUsd: base.usd.price,
            quoteUsd: quote.usd.price,
            baseDecimals: base.decimals,
            quoteDecimals: quote.decimals,
          })
        : undefined
    return {
      address,
      pair: `${base.symbol}/${quote.symbol}`,
      base,
      quote,
      isPrivate,
      bucket: isPrivate ? 'B' : 'A',
      state: { i, K, B, Q, B0, Q0, R: rState(R) },
      midPrice,
      lpFeeRate: resultOf(lpFee) ?? userFees?.[0] ?? 0n,
      mtFeeRate: userFees?.[1] ?? 0n,
      isOpenTWAP: resultOf(twap) ?? false,
      pegPrice: peg,
      deviationBps: peg && midPrice > 0n ? deviationBps(midPrice, peg) : undefined,
    }
  })
  return { pools, notPools }
}

type PMMStateTuple = readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint]

const unknownToken = (address: Address): TokenInfo => ({ address, symbol: `${address.slice(0, 6)}…`, decimals: 18 })

/** `pool|BASE/QUOTE` → one pool's full state; exit 3 when it is not a pool or the pair is unknown. */
export async function readPool(
  client: VaultClient,
  { pool, blockNumber }: { pool: string; blockNumber?: bigint },
): Promise<PoolInfo> {
  const address = await resolvePoolRef(client, { pool })
  const { pools } = await readPools(client, { addresses: [address], blockNumber })
  if (!pools.length) {
    throw new VaultError('NOT_A_POOL', `${address} is not a DODO PMM pool`, {
      details: 'It does not answer getPMMStateForCall / _BASE_TOKEN_ as a DVM pool does.',
      hints: ['`vault pools list` shows the known pools.'],
    })
  }
  return pools[0]
}

/** `pool|BASE/QUOTE` → the pool's address: a known pair of the profile, else the integration's registry. */
export async function resolvePoolRef(client: VaultClient, { pool: ref }: { pool: string }): Promise<Address> {
  const { deployment } = client
  if (isAddress(ref, { strict: false })) return getAddress(ref)
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(ref)
  if (!m) throw new VaultError('POOL_REF_INVALID', `"${ref}" is neither a pool address nor a BASE/QUOTE pair`)
  const known =
    deployment.pools[ref] ?? Object.entries(deployment.pools).find(([k]) => k.toLowerCase() === ref.toLowerCase())?.[1]
  if (known) return known
  const { resolveToken } = await import('./tokens.js')
  const [base, quote] = await Promise.all([
    resolveToken(client, { token: m[1] }),
    resolveToken(client, { token: m[2] }),
  ])
  const integration = deployment.contracts.integration
  if (integration) {
    const [r] = await readContracts(client, [
      {
        address: integration,
        abi: vaultPMMIntegrationAbi,
        functionName: 'getPool',
        args: [base.address, quote.address],
      },
    ])
    const pool = resultOf(r)
    if (pool && pool !== zeroAddress) return pool
  }
  throw new VaultError('POOL_UNKNOWN', `No pool for ${ref}`, {
    hints: [`Create it with \`vault pools create --base ${m[1]} --quote ${m[2]} …\`, or pass the pool address.`],
  })
}
