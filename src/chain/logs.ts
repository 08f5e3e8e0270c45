import type { AbiEvent, Address, GetLogsReturnType } from 'viem'
import type { VaultClient } from './client.js'
import { rethrowRead } from './read.js'

const TOO_LARGE = /range|too (large|many|big)|limit|exceed|10,?000|query returned more than/i

export interface LogsQuery<events extends readonly AbiEvent[]> {
  address?: Address | Address[]
  events: events
  fromBlock: bigint
  toBlock: bigint
  /** Largest block span per query (chain 138's public RPC caps eth_getLogs at 10,000 blocks). */
  maxRange?: bigint
  onProgress?: (doneBlocks: bigint, totalBlocks: bigint) => void
}

/**
 * eth_getLogs over any range: pages of at most `maxRange` blocks, run a few at a time,
 * and halves a page whenever the node answers "range too large".
 */
export async function getLogsPaged<const events extends readonly AbiEvent[]>(
  client: VaultClient,
  q: LogsQuery<events>,
): Promise<Logs<events>> {
  await client.ready()
  const maxRange = q.maxRange ?? 10_000n
  const pages: [bigint, bigint][] = []
  for (let from = q.fromBlock; from <= q.toBlock; from += maxRange) {
    const to = from + maxRange - 1n < q.toBlock ? from + maxRange - 1n : q.toBlock
    pages.push([from, to])
  }
  const total = q.toBlock - q.fromBlock + 1n
  let done = 0n
  const fetchRange = async (from: bigint, to: bigint): Promise<Logs<events>> => {
    try {
      return await client.getLogs({ address: q.address, events: q.events, fromBlock: from, toBlock: to, strict: true })
    } catch (e) {
      const msg = `${(e as { details?: string }).details ?? ''} ${(e as Error).message}`
      if (to > from && TOO_LARGE.test(msg)) {
        const mid = from + (to - from) / 2n
        return [...(await fetchRange(from, mid)), ...(await fetchRange(mid + 1n, to))]
      }
      rethrowRead(client, e)
    }
  }
  const out: Logs<events>[] = new Array(pages.length)
  const concurrency = 4
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, pages.length) }, async () => {
      while (next < pages.length) {
        const idx = next++
        const [from, to] = pages[idx]
        out[idx] = await fetchRange(from, to)
        done += to - from + 1n
        q.onProgress?.(done, total)
      }
    }),
  )
  return out.flat()
}

type Logs<events extends readonly AbiEvent[]> = GetLogsReturnType<undefined, events, true, bigint, bigint>
