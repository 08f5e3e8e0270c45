import type { Address } from 'viem'
import type { VaultClient } from '../chain/client.js'
import { resultOf } from '../chain/read.js'
import { requireContract } from '../config/context.js'
import { VaultError } from '../core/errors.js'
import { readDecimalsAndPrices } from '../oracle/read.js'
import { minuteIso, peaksByToken, readBridgeOutflows } from './outflow.js'

export interface TokenPeak {
  symbol: string
  address: Address
  decimals: number
  /** Peak minute outflow in base units. */
  peak: bigint
  /** Unix seconds of the peak minute's start, and the same as ISO text. */
  minuteStart: number | null
  minute: string | null
  events: number
  /** USD value of the peak (1e18 fixed point) when the oracle prices the token. */
  peakUsd?: bigint
}

export interface ChainPeak {
  chainId: number
  bridgeReserve: Address
  fromBlock: bigint
  toBlock: bigint
  /** The token whose peak sizes the reserve. */
  selected: TokenPeak
  /** Every profile token's peak over the lookback, largest first. */
  peaks: TokenPeak[]
}

/**
 * P from the chain: the peak minute of the bridge reserve's BridgeOut events over the last `lookback` blocks,
 * per profile token. Without `token`, the token with the largest peak in USD (oracle) is selected.
 */
export async function peakFromChain(
  client: VaultClient,
  opts: { token?: string; lookback: bigint },
): Promise<ChainPeak> {
  const bridgeReserve = requireContract(client, 'bridgeReserve', 'bridge reserve')
  let tokens = Object.entries(client.deployment.tokens)
  if (opts.token) {
    const hit = tokens.find(
      ([s, a]) => s.toLowerCase() === opts.token!.toLowerCase() || a.toLowerCase() === opts.token!.toLowerCase(),
    )
    if (!hit)
      throw new VaultError('TOKEN_UNKNOWN', `Unknown token "${opts.token}" on chain ${client.chainId}`, {
        details: `Known: ${tokens.map(([s]) => s).join(', ') || 'none'}.`,
      })
    tokens = [hit]
  }
  if (tokens.length === 0) throw new VaultError('TOKEN_UNKNOWN', `No tokens configured for chain ${client.chainId}`)
  const [[decimalsRead, prices], flows] = await Promise.all([
    readDecimalsAndPrices(
      client,
      tokens.map(([, address]) => address),
    ),
    readBridgeOutflows(client, bridgeReserve, opts),
  ])
  const peaks = peaksByToken(flows.events)
  const rows = tokens.map(([symbol, address], n): TokenPeak => {
    const decimals = resultOf(decimalsRead[n]) ?? 18
    const price = prices ? resultOf(prices[n])?.[0] : undefined
    const p = peaks.get(address.toLowerCase())
    const peak = p?.peak ?? 0n
    return {
      symbol,
      address,
      decimals,
      peak,
      minuteStart: p?.minuteStart ?? null,
      minute: minuteIso(p?.minuteStart ?? null),
      events: p?.events ?? 0,
      peakUsd: price ? (peak * price) / 10n ** BigInt(decimals) : undefined,
    }
  })
  const value = (t: TokenPeak) => t.peakUsd ?? 0n
  rows.sort((a, b) =>
    value(b) > value(a) ? 1 : value(b) < value(a) ? -1 : b.peak > a.peak ? 1 : b.peak < a.peak ? -1 : 0,
  )
  return {
    chainId: client.chainId,
    bridgeReserve,
    fromBlock: flows.fromBlock,
    toBlock: flows.toBlock,
    selected: rows[0],
    peaks: rows,
  }
}
