// The profile's types and its key schema: which keys exist, what kind of value each takes, its bounds, and the
// validation of a value typed on the command line or read from disk. Over 300 lines on purpose: the schema is one
// table and its checks; splitting the types from it would put each key in two places.
import { VaultError } from '../core/errors.js'
import { SAFETY_ALLOWED } from '../core/models/reserve.js'

export type Address = `0x${string}`
export const CHAIN_IDS = [138, 651940] as const
export type ChainId = (typeof CHAIN_IDS)[number]
/** The chain a single-chain command works on when none is selected. */
export const DEFAULT_CHAIN: ChainId = 138
export type ChainKey = '138' | '651940'

/** A chain's address book in the profile: what is deployed there and which pools are ours. */
export interface Deployment {
  /** Named contracts: integration, provider, multicall3, oracle, stabilizer, bridgeReserve, flashBorrower… */
  contracts: Record<string, Address>
  /** Token symbol → address. */
  tokens: Record<string, Address>
  /** Known public pools, 'BASE/QUOTE' → address. */
  pools: Record<string, Address>
  /** Private mesh pools, token symbol → its XAU-anchored pool. */
  privatePools: Record<string, Address>
}

export interface ChainSettings extends Deployment {
  rpcUrls: string[]
}

/** A chain and its address book: what actions that read only the profile need (a VaultClient is one). */
export interface ChainDeployment {
  chainId: ChainId
  deployment: Deployment
}

export interface StabilizerSettings {
  thresholdBps: number
  sustainBlocks: number
  twapWindow: number
  minBlocks: number
  /** Base units of the traded token, as a decimal string (bigint). */
  perBlockCap: string
  /** Base units allowed per bp of deviation, decimal string (bigint). */
  kPerBps: string
  maxSlippageBps: number
  maxGasPriceGwei: number
  /** Seconds an oracle price may age before the Stabilizer refuses it (and `oracle show` calls it stale). */
  maxOracleAge: number
  /** A private mesh leg further than this from the oracle cross rate is due a rebalance (chain-wide limit). */
  meshThresholdBps: number
}

/** Capital bucket shares (spec §13 names A–E and gives no shares): bps per bucket, summing to 10,000. */
export interface ReservePolicy {
  A: number
  B: number
  C: number
  D: number
  E: number
}

export interface ReserveSettings {
  safety: number
  /** The bucket policy `reserve check` and `reserve rebalance` judge against. */
  policy: ReservePolicy
  /** How far (bps of its target) a bucket may fall below target before it counts as short. */
  toleranceBps: number
}

export interface BridgeSettings {
  /** Minutes a transfer takes between chains: bridge buffers hold peak outflow × this. */
  latencyMin: number
  /** `bridge arb` trades when a pair's spread between 138 and Alltra reaches this (bps); `simulate tune` sets it. */
  arbThresholdBps: number
}

export interface OracleSettings {
  /** `oracle set`/`sync` refuse a price that moves more than this from the current one (bps), unless forced. */
  maxMoveBps: number
  /** `oracle sync` updates Alltra only where its price differs from 138's by more than this (bps). */
  syncToleranceBps: number
}

export interface Profile {
  chains: Partial<Record<ChainKey, ChainSettings>>
  safe: { address?: Address; txServiceUrl?: string; proposalsDir?: string }
  rpc: { timeoutMs: number; retries: number; retryDelayMs: number }
  stabilizer: StabilizerSettings
  bridge: BridgeSettings
  reserve: ReserveSettings
  oracle: OracleSettings
  localnet?: { ports: Partial<Record<ChainKey, number>> }
}

export interface ConfigFile {
  activeProfile: string
  profiles: Record<string, Partial<Profile>>
}

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/
const SECRET_RE = /(private.?key|secret|password|mnemonic|seed)/i

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/
/** Names that would collide with an object's built-in properties. */
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype))

/** A profile name: letters, digits, `_ . -`, up to 64 characters, and not a built-in property name. */
export function checkProfileName(name: string, where?: string): string {
  if (PROFILE_NAME.test(name) && !RESERVED.has(name)) return name
  throw new VaultError('PROFILE_NAME', `Invalid profile name "${name.slice(0, 64)}"${where ? ` (${where})` : ''}`, {
    details:
      'Profile names are letters, digits, "_", "." and "-" (up to 64), and not a reserved word such as "constructor".',
  })
}

export const isAddress = (v: unknown): v is Address => typeof v === 'string' && ADDRESS_RE.test(v)
export const isSecretKey = (key: string) => SECRET_RE.test(key)

export function isUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false
  try {
    const u = new URL(v)
    return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && u.hostname.length > 0
  } catch {
    return false
  }
}

type Kind = 'address' | 'url' | 'urls' | 'int' | 'bps' | 'number' | 'bigint' | 'string' | 'addressMap'
/** The schema: a key pattern (one path segment per dot; `*` matches any) → the kind of value. */
const FIELDS: [string, Kind][] = [
  ['chains.*.rpcUrls', 'urls'],
  ['chains.*.contracts.*', 'address'],
  ['chains.*.tokens.*', 'address'],
  ['chains.*.pools.*', 'address'],
  ['chains.*.privatePools.*', 'address'],
  ['safe.address', 'address'],
  ['safe.txServiceUrl', 'url'],
  ['safe.proposalsDir', 'string'],
  ['rpc.timeoutMs', 'int'],
  ['rpc.retries', 'int'],
  ['rpc.retryDelayMs', 'int'],
  ['stabilizer.thresholdBps', 'int'],
  ['stabilizer.sustainBlocks', 'int'],
  ['stabilizer.twapWindow', 'int'],
  ['stabilizer.minBlocks', 'int'],
  ['stabilizer.perBlockCap', 'bigint'],
  ['stabilizer.kPerBps', 'bigint'],
  ['stabilizer.maxSlippageBps', 'int'],
  ['stabilizer.maxGasPriceGwei', 'number'],
  ['stabilizer.maxOracleAge', 'int'],
  ['stabilizer.meshThresholdBps', 'int'],
  ['bridge.latencyMin', 'number'],
  ['bridge.arbThresholdBps', 'int'],
  ['reserve.safety', 'number'],
  ['reserve.policy.*', 'bps'],
  ['reserve.toleranceBps', 'bps'],
  ['oracle.maxMoveBps', 'bps'],
  ['oracle.syncToleranceBps', 'bps'],
  ['localnet.ports.*', 'int'],
]

/** The contract's MAX_WINDOW: TWAP window and sustain count are capped at 1024 blocks (stabilizer/params.ts). */
const MAX_WINDOW = 1024
/**
 * Bounds of numeric keys: the values the commands accept. Checked on `config set`, on every read of the config file
 * and for presets, so a stored value is one the commands take (a 0 ms timeout, a zero cap or a 1000× safety factor
 * are refused when typed, not when used). `gt0`: strictly greater than zero.
 */
const RANGES: Record<string, { min?: number; max?: number; gt0?: boolean }> = {
  'rpc.timeoutMs': { min: 100, max: 600_000 },
  'rpc.retries': { min: 0, max: 10 },
  'rpc.retryDelayMs': { min: 0, max: 60_000 },
  'stabilizer.thresholdBps': { min: 1, max: 10_000 },
  'stabilizer.sustainBlocks': { min: 1, max: MAX_WINDOW },
  'stabilizer.twapWindow': { min: 1, max: MAX_WINDOW },
  'stabilizer.minBlocks': { min: 1 },
  'stabilizer.perBlockCap': { min: 1 },
  'stabilizer.maxSlippageBps': { min: 0, max: 10_000 },
  'stabilizer.maxGasPriceGwei': { gt0: true },
  'stabilizer.maxOracleAge': { min: 1 },
  'bridge.arbThresholdBps': { min: 1, max: 10_000 },
  'reserve.safety': { min: SAFETY_ALLOWED.min, max: SAFETY_ALLOWED.max },
  'localnet.ports.*': { min: 1, max: 65_535 },
}

function rangeOf(key: string) {
  const path = key.split('.')
  for (const [pattern, r] of Object.entries(RANGES)) {
    const parts = pattern.split('.')
    if (parts.length === path.length && parts.every((p, i) => p === '*' || p === path[i])) return r
  }
  return undefined
}

/** Refuse a number outside its key's bounds (bigint strings included; every integer must fit a uint256). */
function checkRange(key: string, value: unknown, fail: (what: string) => never) {
  if (typeof value === 'string' && /^\d+$/.test(value) && BigInt(value) >= 2n ** 256n)
    fail('expected a value below 2^256')
  const r = rangeOf(key)
  if (!r) return
  const n = typeof value === 'string' ? Number(BigInt(value)) : (value as number)
  const span = r.max === undefined ? `at least ${r.min}` : `${r.min} to ${r.max}`
  if (r.gt0 && !(n > 0)) fail('expected a number greater than 0')
  if (r.min !== undefined && n < r.min) fail(`expected ${span}`)
  if (r.max !== undefined && n > r.max) fail(`expected ${span}`)
}

function kindOf(path: string[]): Kind | undefined {
  for (const [pattern, kind] of FIELDS) {
    const parts = pattern.split('.')
    if (parts.length !== path.length) continue
    if (parts.every((p, i) => p === '*' || p === path[i])) {
      if (path[0] === 'chains' && !['138', '651940'].includes(path[1])) return undefined
      if (path[0] === 'reserve' && path[1] === 'policy' && !['A', 'B', 'C', 'D', 'E'].includes(path[2]))
        return undefined
      return kind
    }
  }
  return undefined
}

/** Keys a user may set, for error hints. */
export const settableKeys = () =>
  FIELDS.map(([k]) => k.replaceAll('*', '<name>').replace('chains.<name>', 'chains.<138|651940>'))

/** Parse a string from the command line into a typed config value, or throw a clear error naming the key. */
export function parseValue(key: string, raw: string): unknown {
  const path = key.split('.')
  if (path.some(isSecretKey)) {
    throw new VaultError('CONFIG_SECRET', `Refusing to store "${key}": secrets never go into config`, {
      details:
        'Private keys and passwords are read from --private-key, the VAULT_PRIVATE_KEY environment variable or an encrypted keystore.',
      hints: ['Use --keystore <file> or export VAULT_PRIVATE_KEY in the shell that runs the command.'],
    })
  }
  const kind = kindOf(path)
  if (!kind)
    throw new VaultError('CONFIG_KEY_UNKNOWN', `Unknown config key "${key}"`, {
      hints: [`Settable keys: ${settableKeys().join(', ')}`],
    })
  const value = kind === 'urls' ? raw.split(',').map((s) => s.trim()) : coerce(kind, raw)
  validateValue(key, kind, value)
  return value
}

function coerce(kind: Kind, raw: string): unknown {
  if (kind === 'int' || kind === 'number' || kind === 'bps') return raw.trim() === '' ? Number.NaN : Number(raw)
  return raw
}

function validateValue(key: string, kind: Kind, value: unknown) {
  const fail = (what: string): never => {
    throw new VaultError('CONFIG_INVALID', `Invalid value for config key "${key}": ${what}`, {
      details:
        'The value is not repeated here (it may be a secret typed in the wrong place); the config file is unchanged.',
    })
  }
  switch (kind) {
    case 'address':
      if (!isAddress(value)) fail('expected a 0x-prefixed 20-byte hex address')
      break
    case 'url':
      if (!isUrl(value)) fail('expected an http(s) or ws(s) URL')
      break
    case 'urls':
      // an empty list is "no RPC URL yet" (e.g. Alltra in the mainnet preset): commands that need one say so
      if (!Array.isArray(value) || !value.every(isUrl)) fail('expected comma-separated http(s) or ws(s) URLs')
      break
    case 'bps':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 10_000)
        fail('expected a whole number of bps between 0 and 10000')
      break
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        fail('expected a non-negative integer')
      break
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail('expected a non-negative number')
      break
    case 'bigint':
      if (typeof value !== 'string' || !/^\d+$/.test(value)) fail('expected a non-negative integer in base units')
      break
    case 'string':
      if (typeof value !== 'string' || value.length === 0) fail('expected a non-empty string')
      break
  }
  checkRange(key, value, fail)
}

/** Validate a whole (partial) profile as read from disk: every leaf must match its key's kind. */
export function validateProfile(name: string, profile: unknown, prefix: string[] = []): void {
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) {
    throw new VaultError('CONFIG_INVALID', `Config profile "${name}" is malformed at "${prefix.join('.') || '<root>'}"`)
  }
  for (const [k, v] of Object.entries(profile as Record<string, unknown>)) {
    const path = [...prefix, k]
    const key = path.join('.')
    if (isSecretKey(k)) continue // masked on display, never used
    const kind = kindOf(path)
    if (kind) {
      try {
        validateValue(key, kind, v)
      } catch (e) {
        const err = e as VaultError
        throw new VaultError(err.code, `${err.shortMessage} (profile "${name}")`, { details: err.details })
      }
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      validateProfile(name, v, path)
    } else {
      throw new VaultError('CONFIG_KEY_UNKNOWN', `Unknown config key "${key}" in profile "${name}"`)
    }
  }
}

/** A copy safe to print: secret-looking keys masked, credentials in URLs redacted. */
export function maskSecrets<T>(value: T, key = ''): T {
  if (isSecretKey(key) && value !== undefined) return '********' as T
  if (typeof value === 'string') return redactUrl(value) as T
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v)) as T
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, k)])) as T
  return value
}

/** The one URL redaction lives in core/redact. */
import { redactUrl } from '../core/redact.js'

export { redactUrl }
