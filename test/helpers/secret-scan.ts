import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { LOCAL_KEYS } from '../../src/localnet/up.js'

/**
 * The secret scan every integration test gets through `runCli`: no test key and no URL secret may appear in any
 * stdout, stderr, `--json` output, log or written file. Tests that use other secrets (a password, an API key in an
 * RPC URL) add them with `addTestSecret` before running the CLI.
 */
const named = new Map<string, string>()

function add(name: string, value: string) {
  const v = value.toLowerCase()
  named.set(v, name)
  if (v.startsWith('0x')) named.set(v.slice(2), name)
}

add('LOCAL_KEYS.deployer', LOCAL_KEYS.deployer)
for (const [i, k] of LOCAL_KEYS.owners.entries()) add(`LOCAL_KEYS.owners[${i}]`, k)
add('LOCAL_KEYS.outsider', LOCAL_KEYS.outsider)

/** Scan for this value too from now on (e.g. an API key in a test RPC URL, a keystore password). */
export function addTestSecret(value: string, name = 'test secret'): void {
  if (value.length < 4) throw new Error('addTestSecret: a value this short would match by chance')
  add(name, value)
}

/** Shapes of a URL secret, whatever its value: credentials in a URL, an API key in a query. */
const URL_SECRET_SHAPES: [string, RegExp][] = [
  ['URL credentials', /\b[a-z][a-z0-9+.-]*:\/\/[^\s/@"'*]+:[^\s/@"'*]+@/i],
  ['API key in a URL query', /[?&](?:api[-_]?key|apikey|key|token|access[-_]?token|secret)=(?!\*\*\*)[^\s&"'*]{4,}/i],
]

export interface SecretHit {
  secret: string
  where: string
  /** A few characters around the hit, with the secret itself masked. */
  context: string
}

/**
 * Every occurrence of a test secret or a URL secret shape in `text` (`where` names the stream or file). `shapes:
 * false` checks the known secrets only: for the config file, which holds the RPC URLs the user chose to store.
 */
export function findSecrets(text: string, where: string, shapes = true): SecretHit[] {
  const hits: SecretHit[] = []
  const lower = text.toLowerCase()
  for (const [value, name] of named) {
    const i = lower.indexOf(value)
    if (i >= 0)
      hits.push({
        secret: name,
        where,
        context: `${text.slice(Math.max(0, i - 40), i)}<${name}>${text.slice(i + value.length, i + value.length + 40)}`,
      })
  }
  for (const [name, re] of shapes ? URL_SECRET_SHAPES : []) {
    const m = text.match(re)
    if (m?.index !== undefined)
      hits.push({ secret: name, where, context: `${text.slice(Math.max(0, m.index - 40), m.index)}<${name}>` })
  }
  return hits
}

/** Every file under `dir` (recursively, files up to 4 MB) scanned; a missing directory has no hits. */
export function scanFiles(dir: string): SecretHit[] {
  const hits: SecretHit[] = []
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return hits
  }
  for (const name of entries) {
    const path = join(dir, name)
    let st: ReturnType<typeof statSync>
    try {
      st = statSync(path)
    } catch {
      continue
    }
    if (st.isDirectory()) hits.push(...scanFiles(path))
    else if (st.isFile() && st.size <= 4 * 1024 * 1024)
      hits.push(...findSecrets(readFileSync(path, 'utf8'), path, name !== 'config.json'))
  }
  return hits
}

/** Every known secret in `text` replaced by its name (so a report of a hit shows no secret). */
function maskKnown(text: string): string {
  let out = text
  for (const [value, name] of named)
    out = out.replace(new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), `<${name}>`)
  return out
}

/** Throw when anything leaked: the message names the secret and where, never the secret itself. */
export function assertNoSecrets(hits: SecretHit[], what: string): void {
  if (!hits.length) return
  const list = hits.map((h) => `  ${h.secret} in ${h.where}: …${maskKnown(h.context)}…`).join('\n')
  throw new Error(`secret scan: ${hits.length} hit(s) after ${what}\n${list}`)
}
