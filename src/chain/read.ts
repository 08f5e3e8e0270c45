import {
  type Abi,
  type Address,
  BaseError,
  type ContractFunctionArgs,
  type ContractFunctionName,
  erc20Abi,
  type MulticallParameters,
  type MulticallReturnType,
} from 'viem'
import { redactUrl } from '../config/schema.js'
import { VaultError, vaultErrorIn } from '../core/errors.js'
import { chainName } from './chains.js'
import { unreachable, type VaultClient } from './client.js'
import { isRevert } from './revert.js'

/** Connection-level failures (nothing answered): exit 4 as CHAIN_UNREACHABLE. */
export function isTransportError(e: unknown): boolean {
  const name = (e as { name?: string })?.name ?? ''
  return (
    ['HttpRequestError', 'TimeoutError', 'WebSocketRequestError', 'SocketClosedError'].includes(name) ||
    /fetch failed|ECONNREFUSED|ECONNRESET|timed out|socket hang up/i.test(String((e as Error)?.message))
  )
}

/** A read that did not get an answer: the node errored, rate-limited or could not be reached (exit 4). */
export function readFailed(client: Pick<VaultClient, 'chainId' | 'rpcUrls'>, cause: unknown): VaultError {
  const carried = vaultErrorIn(cause)
  if (carried) return carried
  const inner = cause instanceof BaseError ? (cause.walk((x) => !(x as BaseError).cause) ?? cause) : cause
  const status = (inner as { status?: number })?.status
  if (status === undefined && isTransportError(inner)) return unreachable(client, cause)
  const code = (inner as { code?: number })?.code
  const reason = (inner as { shortMessage?: string })?.shortMessage ?? (inner as Error)?.message ?? String(inner)
  return new VaultError(
    'RPC_READ_FAILED',
    `A read from ${chainName(client.chainId)} failed: the RPC did not answer it`,
    {
      details: `${redactUrl(reason).split('\n')[0]}${status ? ` (HTTP ${status})` : code ? ` (JSON-RPC ${code})` : ''}`,
      hints: ['The node may be rate-limiting or overloaded: retry later, or use another RPC URL (--rpc-url).'],
      data: { ...(status ? { httpStatus: status } : {}), ...(code ? { rpcCode: code } : {}) },
      cause,
    },
  )
}

/** Any failure of an RPC call that is not the contract's own answer becomes an exit-4 error; reverts pass through. */
export function rethrowRead(client: Pick<VaultClient, 'chainId' | 'rpcUrls'>, e: unknown): never {
  if (e instanceof VaultError || isRevert(e)) throw e
  throw readFailed(client, e)
}

/**
 * Read many contract calls in one round trip (Multicall3 `aggregate3`, or viem's deployless multicall where
 * Multicall3 has no code), typed per call as viem's multicall is. A call the contract refuses (revert, no code) is
 * returned as a `failure`; a call the RPC did not answer throws RPC_READ_FAILED (exit 4): never "no data".
 */
export async function readContracts<const contracts extends readonly unknown[]>(
  client: VaultClient,
  contracts: MulticallParameters<contracts, true>['contracts'],
  opts: { blockNumber?: bigint } = {},
): Promise<MulticallReturnType<contracts, true>> {
  const { multicall } = await client.ready() // even for no calls: an unreachable chain is never "nothing found"
  let results: MulticallReturnType<contracts, true>
  try {
    results = await client.multicall({
      contracts,
      allowFailure: true,
      blockNumber: opts.blockNumber,
      batchSize: 0,
      deployless: !multicall,
    })
  } catch (e) {
    rethrowRead(client, e)
  }
  for (const r of results as readonly { status: string; error?: unknown }[]) {
    if (r.status === 'failure' && !isRevert(r.error)) throw readFailed(client, r.error)
  }
  return results
}

/**
 * One view function of one contract, called once per argument list, in one batched read (`readContracts`): the
 * results in the order of `args`.
 */
export function readEach<const abi extends Abi, functionName extends ContractFunctionName<abi, 'pure' | 'view'>>(
  client: VaultClient,
  {
    each,
    blockNumber,
    ...call
  }: {
    address: Address
    abi: abi
    functionName: functionName
    /** One argument list per call. */
    each: readonly ContractFunctionArgs<abi, 'pure' | 'view', functionName>[]
    blockNumber?: bigint
  },
) {
  type Call = typeof call & { args: ContractFunctionArgs<abi, 'pure' | 'view', functionName> }
  return readContracts<Call[]>(client, each.map((args) => ({ ...call, args })) as never, { blockNumber })
}

/** `holder`'s balance of each token in one batched read; 0 for a token that refuses the call. */
export async function readBalances(
  client: VaultClient,
  { holder, tokens, blockNumber }: { holder: Address; tokens: readonly Address[]; blockNumber?: bigint },
): Promise<bigint[]> {
  const r = await readContracts(
    client,
    tokens.map((address) => ({ address, abi: erc20Abi, functionName: 'balanceOf' as const, args: [holder] as const })),
    { blockNumber },
  )
  return r.map((x) => resultOf(x) ?? 0n)
}

/** The value of a successful call, or undefined when the contract refused it. */
export const resultOf = <T>(
  r: { status: 'success'; result: T } | { status: 'failure'; error: Error },
): T | undefined => (r.status === 'success' ? r.result : undefined)

/** A result of `readLoose`: a call list built at run time (mixed ABIs and functions) is read untyped. */
export type LooseResult = { status: 'success'; result: unknown } | { status: 'failure'; error: Error }

/** `readContracts` for call lists assembled at run time, whose element types TypeScript cannot follow. */
export const readLoose = (client: VaultClient, calls: readonly unknown[], opts: { blockNumber?: bigint } = {}) =>
  readContracts(client, calls as never, opts) as unknown as Promise<LooseResult[]>

/** The value of a successful loose read, or undefined for a call the contract refused. */
export const loosely = <T>(r: LooseResult | undefined): T | undefined =>
  r?.status === 'success' ? (r.result as T) : undefined
