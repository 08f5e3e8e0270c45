import type { PublicClient } from 'viem'

/** Local-node JSON-RPC methods (anvil_setCode, anvil_mine, evm_mine, evm_setAutomine) that viem's typed `request` does not list. */
export function localRpc(
  client: Pick<PublicClient, 'request'>,
  method: string,
  params: unknown[] = [],
): Promise<unknown> {
  return (client.request as unknown as (args: { method: string; params: unknown[] }) => Promise<unknown>)({
    method,
    params,
  })
}
