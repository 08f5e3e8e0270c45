import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { VaultError } from '../core/errors.js'
import { DEFAULT_PROFILE, PRESETS } from './presets.js'
import { type ConfigFile, checkProfileName, type Profile, parseValue, validateProfile } from './schema.js'

/** Where config and localnet state live: $VAULT_CONFIG_DIR, else $XDG_CONFIG_HOME/vault, else ~/.config/vault. */
export function configDir(): string {
  if (process.env.VAULT_CONFIG_DIR) return process.env.VAULT_CONFIG_DIR
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'vault')
}

type Store = { store: ConfigFile; path: string; set(key: string, value: unknown): void }

const invalidFile = (path: string, field: string, what: string) =>
  new VaultError('CONFIG_INVALID', `Config file ${path} is malformed: ${field} ${what}`, {
    details: 'Nothing was read from it and nothing was written to it.',
    hints: [`Fix ${field} in ${path}, or move the file away and run \`vault config init\`.`],
    data: { path, field },
  })

/**
 * The file's shape, checked before the store library reads it (which would otherwise drop or overwrite a
 * wrongly shaped file and fall back to defaults): an object with `activeProfile` a profile name and `profiles` an
 * object of objects keyed by valid profile names.
 */
function checkShape(path: string): Partial<ConfigFile> | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new VaultError('CONFIG_UNREADABLE', `Cannot read config file ${path}`, {
      details: (e as NodeJS.ErrnoException).code,
    })
  }
  if (text.trim() === '') return undefined
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw invalidFile(path, '<file>', `is not valid JSON (${(e as Error).message})`)
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw invalidFile(path, '<file>', `must be a JSON object, found ${kindOfJson(raw)}`)
  const file = raw as Record<string, unknown>
  if ('activeProfile' in file) {
    if (typeof file.activeProfile !== 'string')
      throw invalidFile(path, 'activeProfile', `must be a profile name, found ${kindOfJson(file.activeProfile)}`)
    checkProfileName(file.activeProfile, `activeProfile in ${path}`)
  }
  if ('profiles' in file) {
    const profiles = file.profiles
    if (profiles === null || typeof profiles !== 'object' || Array.isArray(profiles))
      throw invalidFile(path, 'profiles', `must be an object of profiles, found ${kindOfJson(profiles)}`)
    for (const [name, p] of Object.entries(profiles)) {
      checkProfileName(name, `profiles in ${path}`)
      if (p === null || typeof p !== 'object' || Array.isArray(p))
        throw invalidFile(path, `profiles.${name}`, `must be an object, found ${kindOfJson(p)}`)
    }
  }
  return file as Partial<ConfigFile>
}

const kindOfJson = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v)

async function open(): Promise<Store> {
  checkShape(join(configDir(), 'config.json'))
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

/**
 * The file as read. A file that already holds both top-level keys is read directly: the store library would read
 * it the same way and write nothing, and it is slow to load (every command reads the config). Anything else goes
 * through the library, which fills in the defaults.
 */
async function read(): Promise<{ store: ConfigFile; path: string }> {
  const path = resolve(configDir(), 'config.json')
  const file = checkShape(path)
  if (file && Object.hasOwn(file, 'activeProfile') && Object.hasOwn(file, 'profiles'))
    return { store: file as ConfigFile, path }
  return open()
}

export async function readConfig(): Promise<{ file: ConfigFile; path: string }> {
  const s = await read()
  const file = s.store
  for (const [name, p] of Object.entries(file.profiles ?? {})) {
    try {
      validateProfile(name, p)
    } catch (e) {
      if (!(e instanceof VaultError)) throw e
      throw new VaultError(e.code, `${e.shortMessage} in ${s.path}`, { details: e.details, hints: e.hints })
    }
  }
  return { file, path: s.path }
}

/** A preset by name: own properties only (a name like `constructor` is not a preset). */
export const presetOf = (name: string) => (Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined)
const storedOf = (file: ConfigFile, name: string) =>
  file.profiles && Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined

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

/** A config file's effective profile `name`: its built-in preset (if any) overlaid with what the file stores. */
export function effectiveProfile(file: ConfigFile, name: string): Profile | undefined {
  const preset = presetOf(name)
  const stored = storedOf(file, name)
  if (!preset && !stored) return undefined
  const start = preset ? preset() : (presetOf(DEFAULT_PROFILE)?.() as Profile)
  return merge(start, stored ?? {})
}

/** The effective profile the command runs with (see effectiveProfile). */
export async function loadProfile(name?: string): Promise<LoadedProfile> {
  const { file } = await readConfig()
  const chosen = checkProfileName(name || process.env.VAULT_PROFILE || file.activeProfile || DEFAULT_PROFILE)
  const profile = effectiveProfile(file, chosen)
  if (!profile) {
    const names = [...new Set([...Object.keys(PRESETS), ...Object.keys(file.profiles ?? {})])]
    throw new VaultError('PROFILE_UNKNOWN', `Unknown profile "${chosen}"`, {
      hints: [`Known profiles: ${names.join(', ')}`, 'Create one with `vault config init --profile <name>`.'],
    })
  }
  return { name: chosen, profile, known: true }
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
  return key
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' && Object.hasOwn(o, k) ? (o as never)[k] : undefined), obj)
}

/** Validate then store `key = raw` in a profile. Nothing is written when the value is refused. */
export async function setValue(profileName: string, key: string, raw: string): Promise<unknown> {
  checkProfileName(profileName)
  const value = parseValue(key, raw)
  const s = await open()
  const profiles = structuredClone(s.store.profiles ?? {})
  const p = (storedOf({ profiles } as ConfigFile, profileName) ?? {}) as Record<string, unknown>
  setPath(p, key.split('.'), value)
  validateProfile(profileName, p)
  profiles[profileName] = p as Partial<Profile>
  s.set('profiles', profiles)
  return value
}

/** Replace a whole stored profile (used by `config init` and `localnet up`). */
export async function writeProfile(name: string, profile: Partial<Profile>): Promise<string> {
  checkProfileName(name)
  validateProfile(name, profile)
  const s = await open()
  s.set('profiles', { ...(s.store.profiles ?? {}), [name]: profile })
  return s.path
}

export async function setActiveProfile(name: string): Promise<void> {
  checkProfileName(name)
  const s = await open()
  if (!presetOf(name) && !storedOf(s.store, name)) {
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
    preset: presetOf(name) !== undefined,
    stored: storedOf(file, name) !== undefined,
  }))
}
