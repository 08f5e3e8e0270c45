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
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { ChainId } from '../config/schema.js'
import { redactUrl } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { CHAINS, chainName, MULTICALL3 } from './chains.js'

export interface RpcOptions {
  timeoutMs: number
  retries: number
  retryDelayMs: number
}

export interface VaultClientOptions extends RpcOptions {
  chainId: ChainId
  rpcUrls: string[]
}

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
  /** Checks eth_chainId against the profile and whether Multicall3 has code (one batched round trip). Memoised. */
  ready(): Promise<Readiness>
  /** A wallet client for a key or an account (a Ledger) on the same transport (the key is never logged). */
  wallet(signer: Hex | Account): WalletClient<Transport, Chain, Account>
}

/** A viem public client for one of our chains, extended with the project's actions. */
export type VaultClient = PublicClient<Transport, Chain> & VaultActions

/** Wrap transport-level failures (unreachable, timeout) as exit-4 errors, with URL credentials stripped. */
export function unreachable(opts: { chainId: ChainId; rpcUrls: string[] }, cause: unknown): VaultError {
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

function vaultActions(opts: VaultClientOptions, transport: Transport, chain: Chain) {
  return (client: PublicClient<Transport, Chain>): VaultActions => {
    let readyP: Promise<Readiness> | undefined
    return {
      chainId: opts.chainId,
      rpcUrls: opts.rpcUrls,
      ready() {
        readyP ??= (async () => {
          const t0 = performance.now()
          let id: number
          let code: Hex | undefined
          try {
            ;[id, code] = await Promise.all([client.getChainId(), client.getCode({ address: MULTICALL3 })])
          } catch (e) {
            readyP = undefined
            throw unreachable(opts, e)
          }
          const latencyMs = Math.round(performance.now() - t0)
          if (id !== opts.chainId) {
            throw new VaultError(
              'CHAIN_MISMATCH',
              `Wrong chain: the RPC reports chain id ${id}, the profile expects ${opts.chainId}`,
              {
                details: `RPC ${opts.rpcUrls.map(redactUrl).join(', ')}`,
                hints: ['Point --rpc-url or the profile at a node of the right chain.'],
                data: { expected: opts.chainId, actual: id },
              },
            )
          }
          return { multicall: !!code && code !== '0x', latencyMs }
        })()
        return readyP
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
  const transports = opts.rpcUrls.map((url) =>
    http(url, { timeout: opts.timeoutMs, retryCount: opts.retries, retryDelay: opts.retryDelayMs, batch: true }),
  )
  const transport = transports.length === 1 ? transports[0] : fallback(transports, { retryCount: opts.retries })
  const chain: Chain = { ...CHAINS[opts.chainId], rpcUrls: { default: { http: opts.rpcUrls } } }
  // no block-number cache: a CLI run is short, and --watch and multi-step flows must see every new block
  const base: PublicClient<Transport, Chain> = createPublicClient({
    chain,
    transport,
    cacheTime: 0,
    pollingInterval: 250,
  })
  return base.extend(vaultActions(opts, transport, chain))
}
