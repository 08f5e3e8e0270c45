import type { Address } from 'viem'
import { dvmAbi } from '../chain/abi/dvm.js'
import { erc20Abi } from '../chain/abi/erc20.js'
import { feeModelAbi, integrationAbi, oracleAbi } from '../chain/abi/integration.js'
import type { ChainClient } from '../chain/client.js'
import { type Call, ok, readMany } from '../chain/read.js'
import type { ChainSettings } from '../config/schema.js'
import { deviationBps, pegPrice } from '../core/deviation/price.js'
import { VaultError } from '../core/errors.js'
import type { PMMState, RState } from '../core/pmm/pricing.js'

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

const ZERO = '0x0000000000000000000000000000000000000000' as const

/** Every pool the integration knows (registry read), or the profile's known pools when there is no registry. */
export async function poolAddresses(client: ChainClient, settings: ChainSettings): Promise<Address[]> {
  const known = [...Object.values(settings.pools), ...Object.values(settings.privatePools)]
  const integration = settings.contracts.integration
  if (!integration) return known
  const [all] = await readMany(client, [{ address: integration, abi: integrationAbi, functionName: 'getAllPools' }])
  const listed = ok<readonly Address[]>(all)
  return [...new Set([...(listed ?? []), ...known].map((a) => a as Address))]
}

/** Token metadata (+ oracle prices) for a set of addresses: one batched read. */
export async function readTokens(
  client: ChainClient,
  settings: ChainSettings,
  addresses: Address[],
): Promise<Map<string, TokenInfo>> {
  const uniq = [...new Set(addresses.map((a) => a.toLowerCase()))] as Address[]
  const oracle = settings.contracts.oracle
  const calls: Call[] = uniq.flatMap((address) => [
    { address, abi: erc20Abi, functionName: 'symbol' },
    { address, abi: erc20Abi, functionName: 'decimals' },
    ...(oracle ? [{ address: oracle, abi: oracleAbi, functionName: 'getPrice', args: [address] } as Call] : []),
  ])
  const res = await readMany(client, calls)
  const per = oracle ? 3 : 2
  const out = new Map<string, TokenInfo>()
  uniq.forEach((address, n) => {
    const symbol = ok<string>(res[n * per])
    const decimals = ok<number>(res[n * per + 1])
    if (symbol === undefined || decimals === undefined) return
    const usd = oracle ? ok<readonly [bigint, bigint]>(res[n * per + 2]) : undefined
    out.set(address, {
      address: symbolAddress(settings, address),
      symbol,
      decimals: Number(decimals),
      usd: usd && usd[0] > 0n ? { price: usd[0], updatedAt: usd[1] } : undefined,
    })
  })
  return out
}

const symbolAddress = (settings: ChainSettings, lower: string): Address =>
  (Object.values(settings.tokens).find((a) => a.toLowerCase() === lower) ?? lower) as Address

const POOL_CALLS = [
  '_BASE_TOKEN_',
  '_QUOTE_TOKEN_',
  'getPMMStateForCall',
  'getMidPrice',
  '_LP_FEE_RATE_',
  '_IS_OPEN_TWAP_',
] as const

/**
 * Full state of many pools in a constant number of round trips: one multicall for all pool reads,
 * one for the tokens and oracle prices. Addresses that are not DVM pools are reported in `notPools`.
 */
export async function readPools(
  client: ChainClient,
  settings: ChainSettings,
  addresses: Address[],
  opts: { blockNumber?: bigint } = {},
): Promise<{ pools: PoolInfo[]; notPools: Address[] }> {
  const integration = settings.contracts.integration
  const per = POOL_CALLS.length + 1 + (integration ? 1 : 0)
  const calls: Call[] = addresses.flatMap((address) => [
    ...POOL_CALLS.map((functionName) => ({ address, abi: dvmAbi, functionName }) as Call),
    { address, abi: feeModelAbi, functionName: 'getUserFeeRate', args: [ZERO] } as Call,
    ...(integration
      ? [{ address: integration, abi: integrationAbi, functionName: 'isPrivatePool', args: [address] } as Call]
      : []),
  ])
  const res = await readMany(client, calls, opts)
  const raw: { address: Address; r: typeof res }[] = addresses.map((address, n) => ({
    address,
    r: res.slice(n * per, (n + 1) * per),
  }))
  const notPools = raw.filter(({ r }) => r.slice(0, 3).some((x) => x.status !== 'success')).map((x) => x.address)
  const good = raw.filter(({ address }) => !notPools.includes(address))
  const tokens = await readTokens(
    client,
    settings,
    good.flatMap(({ r }) => [ok<Address>(r[0])!, ok<Address>(r[1])!]),
  )
  const privateSet = new Set(Object.values(settings.privatePools).map((a) => a.toLowerCase()))
  const pools = good.map(({ address, r }): PoolInfo => {
    const base = tokens.get(ok<Address>(r[0])!.toLowerCase()) ?? unknownToken(ok<Address>(r[0])!)
    const quote = tokens.get(ok<Address>(r[1])!.toLowerCase()) ?? unknownToken(ok<Address>(r[1])!)
    const [i, K, B, Q, B0, Q0, R] = ok<readonly bigint[]>(r[2])!
    // an empty pool has no mid price (the curve divides by its reserve): 0 means "no price yet"
    const midPrice = ok<bigint>(r[3]) ?? 0n
    const fees = ok<readonly [bigint, bigint]>(r[6])
    const isPrivate = (integration ? ok<boolean>(r[7]) : undefined) ?? privateSet.has(address.toLowerCase())
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
      state: { i, K, B, Q, B0, Q0, R: Number(R) as RState },
      midPrice,
      lpFeeRate: ok<bigint>(r[4]) ?? fees?.[0] ?? 0n,
      mtFeeRate: fees?.[1] ?? 0n,
      isOpenTWAP: ok<boolean>(r[5]) ?? false,
      pegPrice: peg,
      deviationBps: peg && midPrice > 0n ? deviationBps(midPrice, peg) : undefined,
    }
  })
  return { pools, notPools }
}

const unknownToken = (address: Address): TokenInfo => ({ address, symbol: `${address.slice(0, 6)}…`, decimals: 18 })

/** `pool|BASE/QUOTE` → one pool's full state; exit 3 when it is not a pool or the pair is unknown. */
export async function readPool(
  client: ChainClient,
  settings: ChainSettings,
  ref: string,
  opts: { blockNumber?: bigint } = {},
): Promise<PoolInfo> {
  const address = await resolvePoolRef(client, settings, ref)
  const { pools } = await readPools(client, settings, [address], opts)
  if (!pools.length) {
    throw new VaultError('NOT_A_POOL', `${address} is not a DODO PMM pool`, {
      details: 'It does not answer getPMMStateForCall / _BASE_TOKEN_ as a DVM pool does.',
      hints: ['`vault pools list` shows the known pools.'],
    })
  }
  return pools[0]
}

export async function resolvePoolRef(client: ChainClient, settings: ChainSettings, ref: string): Promise<Address> {
  if (/^0x[0-9a-fA-F]{40}$/.test(ref)) return ref as Address
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(ref)
  if (!m) throw new VaultError('POOL_REF_INVALID', `"${ref}" is neither a pool address nor a BASE/QUOTE pair`)
  const known =
    settings.pools[ref] ?? Object.entries(settings.pools).find(([k]) => k.toLowerCase() === ref.toLowerCase())?.[1]
  if (known) return known
  const { resolveToken } = await import('./tokens.js')
  const [base, quote] = await Promise.all([resolveToken(client, settings, m[1]), resolveToken(client, settings, m[2])])
  const integration = settings.contracts.integration
  if (integration) {
    const [r] = await readMany(client, [
      { address: integration, abi: integrationAbi, functionName: 'getPool', args: [base.address, quote.address] },
    ])
    const pool = ok<Address>(r)
    if (pool && pool !== ZERO) return pool
  }
  throw new VaultError('POOL_UNKNOWN', `No pool for ${ref}`, {
    hints: [`Create it with \`vault pools create --base ${m[1]} --quote ${m[2]} …\`, or pass the pool address.`],
  })
}
