import type { Hex } from 'viem'
import type { VaultClient } from '../chain/client.js'
import { VaultError } from '../core/errors.js'
import {
  CHAIN_IDS,
  type ChainDeployment,
  type ChainId,
  type ChainKey,
  type ChainSettings,
  DEFAULT_CHAIN,
  type Profile,
  redactUrl,
} from './schema.js'
import { loadProfile } from './store.js'

export interface ContextOptions {
  profile?: string
  /** `--rpc-url` values: `URL` (for the selected chain, DEFAULT_CHAIN by default) or `<chainId>=URL`. */
  rpcUrl?: string[]
  chain?: ChainId
  /** A single-chain command: without --chain it works on the default chain (or the one ETH_RPC_URL answers). */
  oneChain?: boolean
  /** The command reads a chain (it takes --rpc-url): an ETH_RPC_URL without --chain is used for the chain it answers. */
  readsChain?: boolean
}

export interface Context {
  profileName: string
  profile: Profile
  /** The chain the user selected with --chain (or the only one a command needs), if any. */
  selectedChain?: ChainId
  /** The chain a single-chain command works on: the selected one, else DEFAULT_CHAIN. */
  chainId: ChainId
  /** Effective settings of a chain, with RPC overrides applied (flag > env > profile). */
  chainSettings(id: ChainId): ChainSettings
  /** Chains that have an RPC URL (or the selected one). */
  chains(): ChainId[]
  /** Memoised client per chain (created on first use, checked on first read), carrying the chain's address book. */
  client(id: ChainId): Promise<VaultClient>
  /** The clients of `chains()`, in that order. */
  clients(): Promise<VaultClient[]>
  /** Close the clients' WebSocket connections (the base command does, after the command). */
  close(): Promise<void>
}

export function parseChain(v: string | undefined): ChainId | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!CHAIN_IDS.includes(n as ChainId))
    throw new VaultError('CHAIN_UNKNOWN', `Unknown chain "${v}"`, { details: 'Supported: 138, 651940.' })
  return n as ChainId
}

function rpcOverrides(opts: ContextOptions): Partial<Record<ChainKey, string[]>> {
  const out: Partial<Record<ChainKey, string[]>> = {}
  const env = process.env
  const fromEnv: [ChainKey, string | undefined][] = [
    ['138', env.VAULT_RPC_URL_138],
    ['651940', env.VAULT_RPC_URL_651940 ?? env.VAULT_ALLTRA_RPC_URL],
  ]
  for (const [k, v] of fromEnv) if (v) out[k] = v.split(',').map((s) => s.trim())
  if (opts.chain && (env.VAULT_RPC_URL || env.ETH_RPC_URL)) {
    out[String(opts.chain) as ChainKey] = [(env.VAULT_RPC_URL || env.ETH_RPC_URL) as string]
  }
  const flagged: Partial<Record<ChainKey, string[]>> = {}
  for (const raw of opts.rpcUrl ?? []) {
    const m = /^(\d+)=(.+)$/.exec(raw)
    const key = (m ? m[1] : String(opts.chain ?? DEFAULT_CHAIN)) as ChainKey
    if (!['138', '651940'].includes(key))
      throw new VaultError('RPC_URL_INVALID', `RPC URL override: unknown chain "${key}"`, {
        field: 'rpcUrl',
        details: 'Use 138=URL or 651940=URL.',
      })
    const url = m ? m[2] : raw
    try {
      new URL(url)
    } catch {
      throw new VaultError('RPC_URL_INVALID', `RPC URL override: "${url}" is not a URL`, { field: 'rpcUrl' })
    }
    flagged[key] = [...(flagged[key] ?? []), url]
  }
  return { ...out, ...flagged }
}

/**
 * ETH_RPC_URL (or VAULT_RPC_URL) without --chain or --rpc-url: the chain it answers (eth_chainId), which must be
 * one this profile knows; its URL is then that chain's and that chain the default.
 */
async function envRpcChain(
  opts: ContextOptions,
  profile: Profile,
): Promise<{ chain: ChainId; url: string } | undefined> {
  const url = process.env.VAULT_RPC_URL || process.env.ETH_RPC_URL
  if (!url || !opts.readsChain || opts.chain || opts.rpcUrl?.length) return undefined
  const { probeChainId } = await import('../chain/client.js')
  let id: number
  try {
    id = await probeChainId(url, profile.rpc)
  } catch (e) {
    throw new VaultError('CHAIN_UNREACHABLE', 'Cannot reach the RPC in ETH_RPC_URL', {
      details: `${redactUrl((e as { shortMessage?: string })?.shortMessage ?? String(e)).split('\n')[0]} (tried ${redactUrl(url)})`,
      hints: ['Unset ETH_RPC_URL or pass --chain / --rpc-url to use the profile’s RPC URLs.'],
      cause: e,
    })
  }
  if (!CHAIN_IDS.includes(id as ChainId))
    throw new VaultError('RPC_CHAIN_UNKNOWN', `ETH_RPC_URL answers for chain ${id}, which this profile does not know`, {
      details: `vault works on chains ${CHAIN_IDS.join(' and ')}; ${redactUrl(url)} reports ${id}.`,
      hints: ['Point ETH_RPC_URL at a node of chain 138 or 651940, or unset it.'],
      data: { actual: id },
    })
  return { chain: id as ChainId, url }
}

export async function createContext(opts: ContextOptions): Promise<Context> {
  const { name, profile } = await loadProfile(opts.profile)
  const fromEnv = await envRpcChain(opts, profile)
  const selected = opts.chain ?? (opts.oneChain ? (fromEnv?.chain ?? DEFAULT_CHAIN) : undefined)
  const overrides = { ...rpcOverrides(opts), ...(fromEnv ? { [String(fromEnv.chain)]: [fromEnv.url] } : {}) }
  const clients = new Map<ChainId, Promise<VaultClient>>()
  const chainSettings = (id: ChainId): ChainSettings => {
    const key = String(id) as ChainKey
    const s = profile.chains[key] ?? { rpcUrls: [], contracts: {}, tokens: {}, pools: {}, privatePools: {} }
    return {
      rpcUrls: overrides[key] ?? s.rpcUrls ?? [],
      contracts: s.contracts ?? {},
      tokens: s.tokens ?? {},
      pools: s.pools ?? {},
      privatePools: s.privatePools ?? {},
    }
  }
  const chains = () => (selected ? [selected] : CHAIN_IDS.filter((id) => chainSettings(id).rpcUrls.length > 0))
  const client = (id: ChainId) => {
    let p = clients.get(id)
    if (!p) {
      p = import('../chain/client.js').then(({ createVaultClient }) => {
        const { rpcUrls, ...deployment } = chainSettings(id)
        return createVaultClient({ chainId: id, rpcUrls, deployment, ...profile.rpc })
      })
      clients.set(id, p)
    }
    return p
  }
  return {
    profileName: name,
    profile,
    selectedChain: selected,
    chainId: selected ?? fromEnv?.chain ?? DEFAULT_CHAIN,
    chainSettings,
    chains,
    client,
    clients: () => Promise.all(chains().map(client)),
    async close() {
      for (const p of clients.values()) await (await p.catch(() => undefined))?.close()
    },
  }
}

/** The signing key: --private-key, else VAULT_PRIVATE_KEY. Validated, never printed. */
export function resolveKey(flag: string | undefined): Hex | undefined {
  const k = flag ?? process.env.VAULT_PRIVATE_KEY
  if (!k) return undefined
  const hex = (k.startsWith('0x') ? k : `0x${k}`) as Hex
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex))
    throw new VaultError('KEY_INVALID', 'The private key is malformed (expected 32 bytes of hex)')
  return hex
}

/** A contract address the command cannot work without; exit 3 naming the config key when the profile lacks it. */
export function requireContract({ chainId, deployment }: ChainDeployment, name: string, label = name): `0x${string}` {
  const address = deployment.contracts[name]
  if (!address) {
    throw new VaultError('CONTRACT_MISSING', `No ${label} address for chain ${chainId} in this profile`, {
      data: { contract: name },
      field: `chains.${chainId}.contracts.${name}`,
      hints: [`Set it with \`vault config set chains.${chainId}.contracts.${name} <address>\`.`],
    })
  }
  return address
}
