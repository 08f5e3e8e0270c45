import { type Address, erc20Abi } from 'viem'
import type { VaultClient } from '../chain/client.js'
import { readContracts, readFailed } from '../chain/read.js'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'

export interface ContractStatus {
  name: string
  kind: 'contract' | 'token' | 'pool' | 'privatePool'
  address: Address
  hasCode: boolean
  symbol?: string
  decimals?: number
}

export interface ChainStatus {
  chainId: ChainId
  reachable: boolean
  rpcUrls: string[]
  latencyMs?: number
  headBlock?: bigint
  headAgeSec?: number
  gasPrice?: bigint
  multicall?: boolean
  contracts: ContractStatus[]
  error?: { code: string; message: string; details?: string }
}

/** One chain's health: reachability, head, gas, and every configured contract's code (one batched round trip). */
export async function chainStatus(client: VaultClient): Promise<ChainStatus> {
  const { deployment } = client
  const base: ChainStatus = { chainId: client.chainId, reachable: false, rpcUrls: client.rpcUrls, contracts: [] }
  let ready: { multicall: boolean; latencyMs: number }
  try {
    ready = await client.ready()
  } catch (e) {
    if (e instanceof VaultError) return { ...base, error: { code: e.code, message: e.message, details: e.details } }
    throw e
  }
  const entries: Omit<ContractStatus, 'hasCode'>[] = [
    ...Object.entries(deployment.contracts).map(([name, address]) => ({ name, kind: 'contract' as const, address })),
    ...Object.entries(deployment.tokens).map(([name, address]) => ({ name, kind: 'token' as const, address })),
    ...Object.entries(deployment.pools).map(([name, address]) => ({ name, kind: 'pool' as const, address })),
    ...Object.entries(deployment.privatePools).map(([name, address]) => ({
      name: `${name} (private)`,
      kind: 'privatePool' as const,
      address,
    })),
  ]
  const tokens = entries.filter((e) => e.kind === 'token')
  const reads = await Promise.all([
    client.getBlock({ blockTag: 'latest' }),
    client.getGasPrice(),
    Promise.all(entries.map((e) => client.getCode({ address: e.address }))),
    Promise.all(
      tokens.map((t) =>
        readContracts(client, [
          { address: t.address, abi: erc20Abi, functionName: 'symbol' },
          { address: t.address, abi: erc20Abi, functionName: 'decimals' },
        ]),
      ),
    ),
  ]).catch((e) => (e instanceof VaultError ? e : readFailed(client, e)))
  if (reads instanceof VaultError)
    return { ...base, error: { code: reads.code, message: reads.message, details: reads.details } }
  const [block, gasPrice, codes, tokenReads] = reads
  const contracts = entries.map((e, idx) => {
    const out: ContractStatus = { ...e, hasCode: !!codes[idx] && codes[idx] !== '0x' }
    const t = tokens.indexOf(e)
    if (t >= 0) {
      const [sym, dec] = tokenReads[t]
      if (sym.status === 'success') out.symbol = sym.result
      if (dec.status === 'success') out.decimals = dec.result
    }
    return out
  })
  return {
    ...base,
    reachable: true,
    latencyMs: ready.latencyMs,
    multicall: ready.multicall,
    headBlock: block.number,
    headAgeSec: Math.max(0, Math.round(Date.now() / 1000 - Number(block.timestamp))),
    gasPrice,
    contracts,
  }
}
