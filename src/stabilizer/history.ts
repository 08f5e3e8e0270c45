import { type AbiEvent, type Address, decodeEventLog } from 'viem'
import { stabilizerAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { getLogsPaged } from '../chain/logs.js'
import { VaultError } from '../core/errors.js'
import { stabilizerOf } from './check.js'

/** The change events (not executions): registry, params, limits, roles, pause, mesh, inventory, ownership. */
export const CHANGE_EVENTS = [
  'PoolAdded',
  'PoolRemoved',
  'ParamsUpdated',
  'LimitsUpdated',
  'KeeperUpdated',
  'GuardianUpdated',
  'StabilizerPaused',
  'StabilizerUnpaused',
  'MeshUpdated',
  'MeshRebalanced',
  'Withdrawn',
  'OwnershipTransferred',
  'OwnershipTransferStarted',
] as const

export interface HistoryEvent {
  blockNumber: bigint
  logIndex: number
  txHash: `0x${string}`
  event: string
  args: Record<string, unknown>
}

/** JSON of `vault stabilizer history`. */
export interface HistoryResult {
  chainId: number
  stabilizer: Address
  fromBlock: bigint
  toBlock: bigint
  events: HistoryEvent[]
  /** When the page is full: where the next page starts (`--from-block`). */
  nextFromBlock?: bigint
}

/**
 * The Stabilizer's change events over [fromBlock, toBlock] (paged eth_getLogs, ≤ maxRange blocks a query), oldest
 * first, at most `limit` (then `nextFromBlock` says where the next page starts).
 */
export async function stabilizerHistory(
  client: VaultClient,
  opts: { fromBlock?: bigint; toBlock?: bigint; limit: number; only?: string[]; maxRange?: bigint },
): Promise<HistoryResult> {
  const stabilizer = stabilizerOf(client)
  await client.ready()
  const head = await client.getBlockNumber()
  const toBlock = opts.toBlock ?? head
  const fromBlock = opts.fromBlock ?? 0n
  if (fromBlock > toBlock)
    throw new VaultError('BLOCK_RANGE_INVALID', `--from-block ${fromBlock} is after --to-block ${toBlock}`)
  const known = (stabilizerAbi as readonly { type: string; name?: string }[]).filter(
    (x): x is AbiEvent => x.type === 'event' && (CHANGE_EVENTS as readonly string[]).includes(x.name ?? ''),
  )
  const unknown = (opts.only ?? []).filter((n) => !known.some((e) => e.name === n))
  if (unknown.length)
    throw new VaultError('EVENT_UNKNOWN', `Unknown event ${unknown.join(', ')}`, {
      hints: [`Events: ${known.map((e) => e.name).join(', ')}`],
    })
  const events = opts.only?.length ? known.filter((e) => opts.only?.includes(e.name)) : known
  const logs = await getLogsPaged(client, { address: stabilizer, events, fromBlock, toBlock, maxRange: opts.maxRange })
  const decoded = logs
    .map((l): HistoryEvent => {
      const d = decodeEventLog({ abi: stabilizerAbi, data: l.data, topics: l.topics as never })
      return {
        blockNumber: l.blockNumber as bigint,
        logIndex: l.logIndex as number,
        txHash: l.transactionHash as `0x${string}`,
        event: d.eventName,
        args: (d.args ?? {}) as Record<string, unknown>,
      }
    })
    .sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    )
  // a page ends on a block boundary, so the next one (--from-block nextFromBlock) repeats nothing
  let cut = Math.min(opts.limit, decoded.length)
  while (cut > 0 && cut < decoded.length && decoded[cut].blockNumber === decoded[cut - 1].blockNumber) cut++
  const page = decoded.slice(0, cut)
  const full = decoded.length > cut
  return {
    chainId: client.chainId,
    stabilizer,
    fromBlock,
    toBlock,
    events: page,
    ...(full ? { nextFromBlock: decoded[cut].blockNumber } : {}),
  }
}
