import type { Hex } from 'viem'
import type { VaultClient } from '../chain/client.js'
import { VaultError } from '../core/errors.js'
import { CHAIN_IDS, type ChainId, type ChainKey, type ChainSettings, DEFAULT_CHAIN, type Profile } from './schema.js'
import { loadProfile } from './store.js'

export interface ContextOptions {
  profile?: string
  /** `--rpc-url` values: `URL` (for the selected chain, DEFAULT_CHAIN by default) or `<chainId>=URL`. */
  rpcUrl?: string[]
  chain?: ChainId
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
  /** Memoised client per chain (created on first use, checked on first read). */
  client(id: ChainId): Promise<VaultClient>
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

export async function createContext(opts: ContextOptions): Promise<Context> {
  const { name, profile } = await loadProfile(opts.profile)
  const overrides = rpcOverrides(opts)
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
  return {
    profileName: name,
    profile,
    selectedChain: opts.chain,
    chainId: opts.chain ?? DEFAULT_CHAIN,
    chainSettings,
    chains: () => (opts.chain ? [opts.chain] : CHAIN_IDS.filter((id) => chainSettings(id).rpcUrls.length > 0)),
    client(id) {
      let p = clients.get(id)
      if (!p) {
        p = import('../chain/client.js').then(({ createVaultClient }) =>
          createVaultClient({ chainId: id, rpcUrls: chainSettings(id).rpcUrls, ...profile.rpc }),
        )
        clients.set(id, p)
      }
      return p
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
export function requireContract(settings: ChainSettings, chainId: ChainId, name: string, label = name): `0x${string}` {
  const address = settings.contracts[name]
  if (!address) {
    throw new VaultError('CONTRACT_MISSING', `No ${label} address for chain ${chainId} in this profile`, {
      data: { contract: name },
      field: `chains.${chainId}.contracts.${name}`,
      hints: [`Set it with \`vault config set chains.${chainId}.contracts.${name} <address>\`.`],
    })
  }
  return address
}
