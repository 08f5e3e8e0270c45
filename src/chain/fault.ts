/**
 * What kind of failure an error is, by the names along its cause chain. No viem import: the base command classifies
 * every error with this, and a command that never touches a chain should not load viem to do it.
 */

/** The `name` of the error and of each cause under it (at most 10 deep). */
export const errorNames = (e: unknown): string[] => {
  const out: string[] = []
  let cur = e as { name?: string; cause?: unknown } | undefined
  for (let n = 0; cur && n < 10; n++) {
    out.push(cur.name ?? '')
    cur = cur.cause as typeof cur
  }
  return out
}

/** The request failed on its way (unreachable, timeout, rate limit): the node may or may not have acted on it. */
export const isTransportFault = (e: unknown): boolean =>
  errorNames(e).some((n) =>
    /HttpRequestError|TimeoutError|WebSocketRequestError|SocketClosedError|LimitExceededRpcError/.test(n),
  )
