import type { Abi, ContractFunctionParameters } from 'viem'
import type { ChainClient } from './client.js'
import { unreachable } from './client.js'

export type Call = ContractFunctionParameters & { allowFailure?: boolean }
export type CallResult = { status: 'success'; result: unknown } | { status: 'failure'; error: Error }

/**
 * Read many contract calls in one round trip: Multicall3 `aggregate3` when it has code, a JSON-RPC batch otherwise.
 * Failures of single calls are returned, not thrown (a missing contract is data, not an error).
 */
export async function readMany(
  client: ChainClient,
  calls: readonly Call[],
  opts: { blockNumber?: bigint } = {},
): Promise<CallResult[]> {
  const { multicall } = await client.ready() // even for no calls: an unreachable chain is never "nothing found"
  if (calls.length === 0) return []
  try {
    if (multicall) {
      const res = await client.public.multicall({
        contracts: calls as unknown as ContractFunctionParameters<Abi>[],
        allowFailure: true,
        blockNumber: opts.blockNumber,
        batchSize: 0,
      })
      return res.map((r) =>
        r.status === 'success' ? { status: 'success', result: r.result } : { status: 'failure', error: r.error },
      )
    }
    return await Promise.all(
      calls.map(async (c): Promise<CallResult> => {
        try {
          const result = await client.public.readContract({ ...(c as object), blockNumber: opts.blockNumber } as never)
          return { status: 'success', result }
        } catch (error) {
          if (isTransportError(error)) throw error
          return { status: 'failure', error: error as Error }
        }
      }),
    )
  } catch (e) {
    if (isTransportError(e)) throw unreachable(client, e)
    throw e
  }
}

export function isTransportError(e: unknown): boolean {
  const name = (e as { name?: string })?.name ?? ''
  return (
    ['HttpRequestError', 'TimeoutError', 'WebSocketRequestError', 'RpcRequestError'].includes(name) ||
    /fetch failed|ECONNREFUSED|timed out|socket hang up/i.test(String((e as Error)?.message))
  )
}

/** The value of a successful call, or undefined. */
export const ok = <T>(r: CallResult | undefined): T | undefined =>
  r?.status === 'success' ? (r.result as T) : undefined
