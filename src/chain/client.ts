import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  fallback,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
  webSocket,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { ChainId, Deployment } from '../config/schema.js'
import { redactUrl } from '../config/schema.js'
import { VaultError, vaultErrorIn } from '../core/errors.js'
import { CHAINS, chainName, MULTICALL3 } from './chains.js'

export interface RpcOptions {
  timeoutMs: number
  retries: number
  retryDelayMs: number
}

export interface VaultClientOptions extends RpcOptions {
  chainId: ChainId
  rpcUrls: string[]
  /** The chain's address book from the profile (none: an empty book, e.g. a bare RPC client). */
  deployment?: Deployment
}

const EMPTY_DEPLOYMENT: Deployment = { contracts: {}, tokens: {}, pools: {}, privatePools: {} }

export interface Readiness {
  /** Multicall3 has code at its canonical address (else reads use viem's deployless multicall). */
  multicall: boolean
  latencyMs: number
}

/** The project's actions on top of viem's public actions. */
export type VaultActions = {
  /** The chain the profile expects (checked against eth_chainId by `ready`). */
  chainId: ChainId
  rpcUrls: string[]
  /** The chain's address book from the profile: contracts, tokens, public and private pools. Domain actions read it here. */
  deployment: Deployment
  /** Checks eth_chainId against the profile and whether Multicall3 has code (one batched round trip). Memoised. */
  ready(): Promise<Readiness>
  /** Close WebSocket connections (a ws:// RPC), so the process can end; http needs nothing. */
  close(): Promise<void>
  /** A wallet client for a key or an account (a Ledger) on the same transport (the key is never logged). */
  wallet(signer: Hex | Account): WalletClient<Transport, Chain, Account>
}

/**
 * A viem public client for one of our chains, extended with the project's actions. Domain actions
 * (src/pools, stabilizer, oracle, reserve, bridge, keeper, status, deviation) are `action(client, params)`: they read
 * the chain's addresses from `client.deployment`, never from a separate settings argument. A pure helper that needs
 * only the address book takes a `ChainDeployment` (a client is one); an action over both chains takes
 * `ChainClients` (made on first use) or the `VaultClient[]` to read.
 */
export type VaultClient = PublicClient<Transport, Chain> & VaultActions

/** A client per chain, made on first use (a Context is one): what actions that span both chains take. */
export interface ChainClients {
  client(id: ChainId): Promise<VaultClient>
}

/** Wrap transport-level failures (unreachable, timeout) as exit-4 errors, with URL credentials stripped. */
export function unreachable(opts: { chainId: ChainId; rpcUrls: string[] }, cause: unknown): VaultError {
  const carried = vaultErrorIn(cause) // e.g. CHAIN_MISMATCH from the chain-id guard, under viem's wrapping
  if (carried) return carried
  const urls = opts.rpcUrls.map(redactUrl).join(', ')
  const reason = (cause as { shortMessage?: string })?.shortMessage ?? (cause as Error)?.message ?? String(cause)
  return new VaultError('CHAIN_UNREACHABLE', `Cannot reach ${chainName(opts.chainId)} RPC`, {
    details: `${redactUrl(reason).split('\n')[0]} (tried ${urls || 'no URL'})`,
    hints: [
      opts.chainId === 651940 && opts.rpcUrls.length === 0
        ? 'Set Alltra RPC with VAULT_ALLTRA_RPC_URL or `vault config set chains.651940.rpcUrls <url>`.'
        : 'Check --rpc-url / the profile RPC URLs; for the local profile run `vault localnet up`.',
    ],
    cause,
  })
}

const wrongChain = (opts: VaultClientOptions, id: number) =>
  new VaultError('CHAIN_MISMATCH', `Wrong chain: the RPC reports chain id ${id}, the profile expects ${opts.chainId}`, {
    details: `RPC ${opts.rpcUrls.map(redactUrl).join(', ')}`,
    hints: ['Point --rpc-url or the profile at a node of the right chain.'],
    data: { expected: opts.chainId, actual: id },
  })

/**
 * The transport with the chain id checked before the first request of any other method: no read, simulation or
 * send reaches a node of another chain, whichever action makes it (the check is one eth_chainId, memoised).
 */
function chainChecked(
  opts: VaultClientOptions,
  inner: Transport,
): { transport: Transport; checked(): Promise<void>; used(): boolean } {
  let used = false
  let request: ((args: { method: string; params?: unknown }) => Promise<unknown>) | undefined
  let checkP: Promise<void> | undefined
  const checked = () => {
    checkP ??= (async () => {
      if (!request) throw new Error('transport not created')
      const id = Number(await request({ method: 'eth_chainId' }))
      if (id !== opts.chainId) throw wrongChain(opts, id)
    })().catch((e) => {
      if (!vaultErrorIn(e)) checkP = undefined // a transport failure is retried on the next request; a mismatch stays
      throw e
    })
    return checkP
  }
  const transport = ((params: Parameters<Transport>[0]) => {
    const t = inner(params)
    request = t.request as typeof request
    return {
      ...t,
      request: (async (args: { method: string }, o?: unknown) => {
        used = true
        const send = () => (t.request as (a: unknown, o?: unknown) => Promise<unknown>)(args, o)
        if (args.method === 'eth_chainId') return send()
        // a transaction waits for the check; a read goes out beside it (same batch) and counts only if it passes
        if (SENDS.has(args.method)) {
          await checked()
          return send()
        }
        const [check, result] = await Promise.allSettled([checked(), send()])
        if (check.status === 'rejected') throw check.reason
        if (result.status === 'rejected') throw result.reason
        return result.value
      }) as typeof t.request,
    }
  }) as Transport
  return { transport, checked, used: () => used }
}

const SENDS = new Set(['eth_sendRawTransaction', 'eth_sendTransaction'])

function vaultActions(
  opts: VaultClientOptions,
  transport: Transport,
  chain: Chain,
  guard: { checked(): Promise<void>; used(): boolean },
  sockets: Transport[],
) {
  const { checked } = guard
  return (client: PublicClient<Transport, Chain>): VaultActions => {
    let readyP: Promise<Readiness> | undefined
    return {
      chainId: opts.chainId,
      rpcUrls: opts.rpcUrls,
      deployment: opts.deployment ?? EMPTY_DEPLOYMENT,
      ready() {
        readyP ??= (async () => {
          const t0 = performance.now()
          let code: Hex | undefined
          try {
            ;[, code] = await Promise.all([checked(), client.getCode({ address: MULTICALL3 })])
          } catch (e) {
            readyP = undefined
            throw unreachable(opts, e)
          }
          return { multicall: !!code && code !== '0x', latencyMs: Math.round(performance.now() - t0) }
        })()
        return readyP
      },
      async close() {
        if (!guard.used()) return // no socket was opened
        for (const t of sockets) {
          const value = (t({ chain, retryCount: 0 }) as { value?: { getRpcClient?: () => Promise<{ close(): void }> } })
            .value
          await value
            ?.getRpcClient?.()
            .then((c) => c.close())
            .catch(() => {})
        }
      },
      wallet(signer: Hex | Account) {
        const account = typeof signer === 'string' ? privateKeyToAccount(signer) : signer
        return createWalletClient({ account, chain, transport })
      },
    }
  }
}

export function createVaultClient(opts: VaultClientOptions): VaultClient {
  if (opts.rpcUrls.length === 0) {
    throw unreachable(opts, new Error('no RPC URL configured'))
  }
  const transports = opts.rpcUrls.map((url) => transportFor(url, opts))
  const sockets = transports.filter((_, n) => isWebSocketUrl(opts.rpcUrls[n]))
  const any = transports.length === 1 ? transports[0] : fallback(transports, { retryCount: opts.retries })
  const guard = chainChecked(opts, any)
  const { transport } = guard
  const http_ = opts.rpcUrls.filter((u) => !isWebSocketUrl(u))
  const ws = opts.rpcUrls.filter(isWebSocketUrl)
  const chain: Chain = {
    ...CHAINS[opts.chainId],
    rpcUrls: { default: { http: http_, ...(ws.length ? { webSocket: ws } : {}) } },
  }
  // no block-number cache: a CLI run is short, and --watch and multi-step flows must see every new block
  const base: PublicClient<Transport, Chain> = createPublicClient({
    chain,
    transport,
    cacheTime: 0,
    pollingInterval: 250,
  })
  return base.extend(vaultActions(opts, transport, chain, guard, sockets))
}

export const isWebSocketUrl = (url: string) => /^wss?:\/\//i.test(url)

/** ws:// and wss:// URLs over a WebSocket (one connection, closed by `close()`); anything else over HTTP. */
function transportFor(url: string, opts: RpcOptions): Transport {
  if (isWebSocketUrl(url))
    return webSocket(url, {
      timeout: opts.timeoutMs,
      retryCount: opts.retries,
      retryDelay: opts.retryDelayMs,
      keepAlive: false,
      reconnect: false,
    })
  return http(url, { timeout: opts.timeoutMs, retryCount: opts.retries, retryDelay: opts.retryDelayMs, batch: true })
}

/** The chain id an RPC URL answers (for ETH_RPC_URL without --chain), over the transport its scheme names. */
export async function probeChainId(url: string, opts: RpcOptions): Promise<number> {
  const t = transportFor(url, { ...opts, retries: 0 })({ retryCount: 0 })
  try {
    return Number(await t.request({ method: 'eth_chainId' }))
  } finally {
    if (isWebSocketUrl(url))
      await (t.value as { getRpcClient?: () => Promise<{ close(): void }> } | undefined)
        ?.getRpcClient?.()
        .then((c) => c.close())
        .catch(() => {})
  }
}
