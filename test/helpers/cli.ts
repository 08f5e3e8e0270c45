import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { Json } from '../../src/core/format.js'
import { hostUsable, runInHost } from './cli-host.js'
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
 * The environment a user's shell gives vault: the worker's as it was when the tests started (never one a run in the
 * worker has swapped in), without the test runner's markers (NODE_ENV=test, VITEST…: oclif reads NODE_ENV=test as
 * "not production") and without the developer's own profile, key or forced colours.
 */
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k, v]) => v !== undefined && !/^(NODE_ENV|TEST|VITEST.*|VAULT_PROFILE|VAULT_PRIVATE_KEY|FORCE_COLOR)$/.test(k),
  ),
) as Record<string, string>

/** VAULT_TEST_SPAWN=1: every run in a child process (by default, only those that need one; see `needsProcess`). */
const spawnAll = process.env.VAULT_TEST_SPAWN === '1'

/**
 * What only a child process shows: bin/run.js's own paths (`--version`, `-v`), and commands that outlive their
 * answer or wait for a signal (chains started by `localnet`/`demo`, the daemons and `stress`, which runs them,
 * `--watch`). The command's words come first on the command line (oclif takes them so).
 */
export function needsProcess(args: string[]): boolean {
  const words = args.filter((a) => !a.startsWith('-'))
  const [topic, verb] = words
  return (
    args.some((a) => a === '--version' || a === '-v' || a === '--watch') ||
    topic === 'localnet' ||
    topic === 'demo' ||
    topic === 'stress' ||
    (topic === 'keeper' && verb === 'run') ||
    (topic === 'bridge' && verb === 'arb')
  )
}

/**
 * Run the built CLI with its own config dir, as a user would: in a child process (bin/run.js) when the run needs
 * one (`needsProcess`), otherwise the same built entry in this worker (cli-host.ts). Every run is
 * secret-scanned (see secret-scan.ts): stdout, stderr and every file in the config dir and in `scanDirs`; a hit
 * rejects the promise, so any test that leaks a key or a URL secret fails. A failure's code must be one the
 * command's --help lists (listed-codes.ts).
 */
export function runCli(
  args: string[],
  opts: {
    configDir: string
    env?: Record<string, string>
    /** A run still going after this long fails: a child process is killed, a run in the worker abandoned. */
    timeoutMs?: number
    /** More directories the command may write to (an `--out` folder, a proposals folder elsewhere). */
    scanDirs?: string[]
    /** true: in a child process, false: in this worker, whatever the command (cli-host.test.ts compares the two). */
    process?: boolean
  },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { ...userEnv, VAULT_CONFIG_DIR: opts.configDir, NO_COLOR: '1', ...opts.env }
    const started = performance.now()
    const timeoutMs = opts.timeoutMs ?? 110_000
    const done = (code: number | null, stdout: string, stderr: string) => {
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
    }
    const inHost = opts.process === false || (!opts.process && !spawnAll && !needsProcess(args) && hostUsable())
    if (inHost) {
      runInHost(BIN, args, { env, timeoutMs }).then((r) => done(r.code, r.stdout, r.stderr), reject)
      return
    }
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      done(code, stdout, stderr)
    })
    child.stdin.end()
  })
}

/** A fresh config directory for one test file; remove it in afterAll. */
export function tempConfigDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'vault-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
