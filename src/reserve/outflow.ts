import { type Address, getAbiItem } from 'viem'
import { bridgeReserveAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { getLogsPaged } from '../chain/logs.js'
import { rethrowRead } from '../chain/read.js'
import { VaultError } from '../core/errors.js'
import { type PeakMinute, peakMinuteOutflow } from '../core/models/reserve.js'

/** One BridgeOut: tokens locked on this chain, to be paid out of the destination chain's reserve. */
export interface BridgeOutEvent {
  token: Address
  amount: bigint
  dstChainId: bigint
  blockNumber: bigint
  blockTimestamp: number
}

export interface BridgeOutflows {
  chainId: number
  bridgeReserve: Address
  fromBlock: bigint
  toBlock: bigint
  events: BridgeOutEvent[]
}

const BRIDGE_OUT = getAbiItem({ abi: bridgeReserveAbi, name: 'BridgeOut' })

/**
 * BridgeOut events of a bridge reserve over the last `lookback` blocks (paged eth_getLogs), each with its
 * block's timestamp (one batched request for all distinct blocks).
 */
export async function readBridgeOutflows(
  client: VaultClient,
  bridgeReserve: Address,
  opts: { lookback: bigint; onProgress?: (done: bigint, total: bigint) => void },
): Promise<BridgeOutflows> {
  if (opts.lookback <= 0n)
    throw new VaultError('PARAM_OUT_OF_RANGE', 'The lookback must be at least one block', {
      field: 'lookback',
      details: `Got ${opts.lookback}.`,
    })
  try {
    await client.ready()
    const toBlock = await client.getBlockNumber()
    const fromBlock = toBlock + 1n > opts.lookback ? toBlock + 1n - opts.lookback : 0n
    const logs = await getLogsPaged(client, {
      address: bridgeReserve,
      events: [BRIDGE_OUT],
      fromBlock,
      toBlock,
      onProgress: opts.onProgress,
    })
    const blocks = [...new Set(logs.map((l) => l.blockNumber))]
    const stamps = new Map<bigint, number>()
    const fetched = await Promise.all(blocks.map((blockNumber) => client.getBlock({ blockNumber })))
    for (const b of fetched) stamps.set(b.number, Number(b.timestamp))
    const events = logs.map((l) => ({
      token: l.args.token,
      amount: l.args.amount,
      dstChainId: l.args.dstChainId,
      blockNumber: l.blockNumber,
      blockTimestamp: stamps.get(l.blockNumber) ?? 0,
    }))
    return { chainId: client.chainId, bridgeReserve, fromBlock, toBlock, events }
  } catch (e) {
    rethrowRead(client, e)
  }
}

/** Peak minute per token (address lower-cased), optionally only the events bound for one chain. */
export function peaksByToken(
  events: readonly BridgeOutEvent[],
  opts: { dstChainId?: number } = {},
): Map<string, PeakMinute> {
  const byToken = new Map<string, BridgeOutEvent[]>()
  for (const e of events) {
    if (opts.dstChainId !== undefined && e.dstChainId !== BigInt(opts.dstChainId)) continue
    const k = e.token.toLowerCase()
    byToken.set(k, [...(byToken.get(k) ?? []), e])
  }
  return new Map([...byToken].map(([k, list]) => [k, peakMinuteOutflow(list)]))
}

/** ISO text of a minute start (unix seconds), or null. */
export const minuteIso = (s: number | null) =>
  s === null ? null : new Date(s * 1000).toISOString().slice(0, 16).concat('Z')
