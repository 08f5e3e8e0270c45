import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { Json } from '../../src/core/format.js'
import { unlistedCode } from './listed-codes.js'
import { assertNoSecrets, findSecrets, scanFiles } from './secret-scan.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = join(root, 'bin/run.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
  /** stdout parsed: `json<PoolsListResult>()` is the command's result as `--json` prints it (bigints as strings). */
  json<T = unknown>(): Json<T>
}

/** The proposal a `--safe` result carries; throws (failing the test) when the command sent instead of proposing. */
export function proposalOf<P>(r: { proposal?: P }): P {
  if (!r.proposal) throw new Error(`expected a proposal in ${JSON.stringify(r)}`)
  return r.proposal
}

/** VAULT_TEST_SPAWN_LOG=<file>: one JSON line per CLI run (test file, test, args, exit, ms), to see where a suite spends its spawns. */
const spawnLog = process.env.VAULT_TEST_SPAWN_LOG

function logSpawn(path: string, args: string[], code: number | null, ms: number) {
  const { testPath, currentTestName } = expect.getState()
  const file = testPath?.slice(root.length) ?? '?'
  appendFileSync(path, `${JSON.stringify({ file, test: currentTestName ?? null, args, code, ms: Math.round(ms) })}\n`)
}

/**
 * Run the built CLI (bin/run.js) in a child process as a user would, with its own config dir. Every run is
 * secret-scanned (see secret-scan.ts): stdout, stderr and every file in the config dir and in `scanDirs`; a hit
 * rejects the promise, so any test that leaks a key or a URL secret fails. A failure's code must be one the
 * command's --help lists (listed-codes.ts).
 */
export function runCli(
  args: string[],
  opts: {
    configDir: string
    env?: Record<string, string>
    input?: string
    timeoutMs?: number
    /** More directories the command may write to (an `--out` folder, a proposals folder elsewhere). */
    scanDirs?: string[]
  },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      VAULT_CONFIG_DIR: opts.configDir,
      NO_COLOR: '1',
      ...opts.env,
    }
    delete env.VAULT_PROFILE
    delete env.VAULT_PRIVATE_KEY
    for (const [k, v] of Object.entries(opts.env ?? {})) env[k] = v
    const started = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 110_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (spawnLog) logSpawn(spawnLog, args, code, performance.now() - started)
      const hits = [
        ...findSecrets(stdout, 'stdout'),
        ...findSecrets(stderr, 'stderr'),
        ...[opts.configDir, ...(opts.scanDirs ?? [])].flatMap((d) => scanFiles(d)),
      ]
      try {
        assertNoSecrets(hits, `vault ${args.map((a) => (a.length > 40 ? `${a.slice(0, 8)}…` : a)).join(' ')}`)
        const unlisted = code ? unlistedCode(args, stdout) : undefined
        if (unlisted) throw new Error(unlisted)
      } catch (e) {
        reject(e)
        return
      }
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        json() {
          try {
            return JSON.parse(stdout)
          } catch {
            throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`)
          }
        },
      })
    })
    child.stdin.end(opts.input ?? '')
  })
}

/** A fresh config directory for one test file; remove it in afterAll. */
export function tempConfigDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'vault-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
