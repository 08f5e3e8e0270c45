import { homedir } from 'node:os'
import { join } from 'node:path'
import { VaultError } from '../core/errors.js'
import { DEFAULT_PROFILE, PRESETS } from './presets.js'
import { type ConfigFile, type Profile, parseValue, validateProfile } from './schema.js'

/** Where config and localnet state live: $VAULT_CONFIG_DIR, else $XDG_CONFIG_HOME/vault, else ~/.config/vault. */
export function configDir(): string {
  if (process.env.VAULT_CONFIG_DIR) return process.env.VAULT_CONFIG_DIR
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'vault')
}

type Store = { store: ConfigFile; path: string; set(key: string, value: unknown): void }

async function open(): Promise<Store> {
  const { default: Conf } = await import('conf')
  try {
    return new Conf<ConfigFile>({
      cwd: configDir(),
      configName: 'config',
      defaults: { activeProfile: DEFAULT_PROFILE, profiles: {} },
      clearInvalidConfig: false,
    }) as unknown as Store
  } catch (e) {
    throw new VaultError('CONFIG_INVALID', 'Config file is not valid JSON', {
      details: (e as Error).message,
      hints: [`Fix or remove ${join(configDir(), 'config.json')}`],
    })
  }
}

export async function readConfig(): Promise<{ file: ConfigFile; path: string }> {
  const s = await open()
  const file = s.store
  for (const [name, p] of Object.entries(file.profiles ?? {})) validateProfile(name, p)
  return { file, path: s.path }
}

function merge<T>(a: T, b: unknown): T {
  if (b === undefined) return a
  if (a && typeof a === 'object' && !Array.isArray(a) && b && typeof b === 'object' && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) }
    for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v)
    return out as T
  }
  return b as T
}

export interface LoadedProfile {
  name: string
  profile: Profile
  /** Whether the profile exists (as a preset or in the config file). */
  known: boolean
}

/** The effective profile: built-in preset (if any) overlaid with what the config file stores. */
export async function loadProfile(name?: string): Promise<LoadedProfile> {
  const { file } = await readConfig()
  const chosen = name || process.env.VAULT_PROFILE || file.activeProfile || DEFAULT_PROFILE
  const preset = PRESETS[chosen]
  const stored = file.profiles?.[chosen]
  if (!preset && !stored) {
    const names = [...new Set([...Object.keys(PRESETS), ...Object.keys(file.profiles ?? {})])]
    throw new VaultError('PROFILE_UNKNOWN', `Unknown profile "${chosen}"`, {
      hints: [`Known profiles: ${names.join(', ')}`, 'Create one with `vault config init --profile <name>`.'],
    })
  }
  const start = preset ? preset() : (PRESETS[DEFAULT_PROFILE]() as Profile)
  return { name: chosen, profile: merge(start, stored ?? {}), known: true }
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown) {
  let cur = obj
  for (const p of path.slice(0, -1)) {
    if (!cur[p] || typeof cur[p] !== 'object') cur[p] = {}
    cur = cur[p] as Record<string, unknown>
  }
  cur[path.at(-1)!] = value
}

export function getPath(obj: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as never)[k] : undefined), obj)
}

/** Validate then store `key = raw` in a profile. Nothing is written when the value is refused. */
export async function setValue(profileName: string, key: string, raw: string): Promise<unknown> {
  const value = parseValue(key, raw)
  const s = await open()
  const profiles = structuredClone(s.store.profiles ?? {})
  const p = (profiles[profileName] ?? {}) as Record<string, unknown>
  setPath(p, key.split('.'), value)
  validateProfile(profileName, p)
  profiles[profileName] = p as Partial<Profile>
  s.set('profiles', profiles)
  return value
}

/** Replace a whole stored profile (used by `config init` and `localnet up`). */
export async function writeProfile(name: string, profile: Partial<Profile>): Promise<string> {
  validateProfile(name, profile)
  const s = await open()
  s.set('profiles', { ...(s.store.profiles ?? {}), [name]: profile })
  return s.path
}

export async function setActiveProfile(name: string): Promise<void> {
  const s = await open()
  if (!PRESETS[name] && !s.store.profiles?.[name]) {
    throw new VaultError('PROFILE_UNKNOWN', `Unknown profile "${name}"`)
  }
  s.set('activeProfile', name)
}

export async function listProfiles(): Promise<{ name: string; active: boolean; preset: boolean; stored: boolean }[]> {
  const { file } = await readConfig()
  const names = [...new Set([...Object.keys(PRESETS), ...Object.keys(file.profiles ?? {})])]
  return names.map((name) => ({
    name,
    active: name === (file.activeProfile || DEFAULT_PROFILE),
    preset: name in PRESETS,
    stored: name in (file.profiles ?? {}),
  }))
}
