import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

let listed: { commands: Map<string, Set<string>>; common: Set<string> } | undefined
/** The build's per-command ERROR CODES (oclif.manifest.json) and the common codes (scripts/error-codes.mjs). */
function load() {
  if (listed) return listed
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, { errorCodes?: string[] }>
  }
  const common = JSON.parse(readFileSync(join(root, 'build/common-error-codes.json'), 'utf8')) as string[]
  listed = {
    commands: new Map(Object.entries(manifest.commands).map(([id, c]) => [id, new Set(c.errorCodes ?? [])])),
    common: new Set(common),
  }
  return listed
}

/**
 * Every code a CLI test sees a command end with must be one its `--help` lists under ERROR CODES (or a common
 * one): the lists are derived from the code, and this keeps the derivation honest on every path a test drives.
 * Returns the problem, if any.
 */
export function unlistedCode(args: string[], stdout: string): string | undefined {
  let code: unknown
  try {
    code = (JSON.parse(stdout) as { error?: { code?: unknown } })?.error?.code
  } catch {
    return undefined
  }
  if (typeof code !== 'string') return undefined
  const { commands, common } = load()
  if (common.has(code)) return undefined
  const words = args.filter((a) => !a.startsWith('-'))
  for (let n = Math.min(words.length, 3); n > 0; n--) {
    const codes = commands.get(words.slice(0, n).join(':'))
    if (!codes) continue
    if (codes.has(code)) return undefined
    return `vault ${words.slice(0, n).join(' ')} ended with ${code}, which its --help does not list under ERROR CODES (scripts/error-codes.mjs)`
  }
  return undefined
}
