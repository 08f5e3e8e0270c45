import type { PublicClient } from 'viem'

export interface HeadOptions {
  /** Polling interval when the transport is HTTP. */
  intervalMs: number
  signal: AbortSignal
  /** A failed poll or a dropped subscription; the stream goes on. */
  onError?: (e: Error) => void
}

/**
 * New block numbers, as they come: a `newHeads` subscription when the client's transport is a WebSocket, polling
 * otherwise (viem picks by transport). The first value is the current head (read once: a subscription reports only
 * the blocks after it; a head seen twice is for the caller to skip). Blocks skipped between two values
 * are not emitted: the caller counts them (`head - last`) and decides once at the newest head.
 */
export async function* watchHeads(client: PublicClient, opts: HeadOptions): AsyncGenerator<bigint> {
  const queue: bigint[] = []
  let wake: (() => void) | undefined
  const notify = () => {
    wake?.()
    wake = undefined
  }
  const unwatch = client.watchBlockNumber({
    emitOnBegin: true,
    emitMissed: false,
    pollingInterval: opts.intervalMs,
    onBlockNumber: (n) => {
      queue.push(n)
      notify()
    },
    onError: (e) => opts.onError?.(e),
  })
  opts.signal.addEventListener('abort', notify, { once: true })
  // a subscription only reports blocks mined after it: the current head is read once (a duplicate is skipped)
  client
    .getBlockNumber({ cacheTime: 0 })
    .then((n) => {
      if (queue.length === 0) {
        queue.push(n)
        notify()
      }
    })
    .catch((e: Error) => opts.onError?.(e))
  try {
    while (!opts.signal.aborted) {
      if (queue.length === 0) await new Promise<void>((r) => (wake = r))
      // only the newest head matters for a decision
      const n = queue.splice(0).at(-1)
      if (n !== undefined && !opts.signal.aborted) yield n
    }
  } finally {
    unwatch()
    opts.signal.removeEventListener('abort', notify)
  }
}
