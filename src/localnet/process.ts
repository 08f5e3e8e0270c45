import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import type { ChainId } from '../config/schema.js'
import { configDir } from '../config/store.js'
import { VaultError } from '../core/errors.js'

export interface LocalChainProc {
  chainId: ChainId
  port: number
  pid: number
  url: string
  /** The process's start time (clock ticks since boot, from /proc; absent where there is no /proc). */
  startTime?: number
}

export interface LocalnetState {
  startedAt: string
  foreground: boolean
  chains: LocalChainProc[]
}

export const statePath = () => join(configDir(), 'localnet.json')

const corrupt = (what: string) =>
  new VaultError('LOCALNET_STATE_INVALID', `The local network's state file ${statePath()} is corrupt: ${what}`, {
    details: 'No process was signalled.',
    hints: ['Stop any anvil you started by hand, then remove the file; `vault localnet up` writes a new one.'],
    data: { path: statePath() },
  })

/** The recorded local network, checked entry by entry (a corrupt file is an error, never "not running"). */
export function readState(): LocalnetState | undefined {
  if (!existsSync(statePath())) return undefined
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(statePath(), 'utf8'))
  } catch (e) {
    throw corrupt(`not JSON (${(e as Error).message})`)
  }
  const s = raw as Partial<LocalnetState> | null
  if (!s || typeof s !== 'object' || !Array.isArray(s.chains)) throw corrupt('"chains" must be a list')
  for (const [i, c] of s.chains.entries()) {
    const ok =
      c &&
      typeof c === 'object' &&
      (c.chainId === 138 || c.chainId === 651940) &&
      Number.isSafeInteger(c.port) &&
      c.port > 0 &&
      c.port < 65536 &&
      Number.isSafeInteger(c.pid) &&
      c.pid > 1 &&
      typeof c.url === 'string' &&
      (c.startTime === undefined || Number.isSafeInteger(c.startTime))
    if (!ok) throw corrupt(`chains[${i}] must have chainId (138 or 651940), port, pid and url`)
  }
  return s as LocalnetState
}

export function writeState(state: LocalnetState) {
  mkdirSync(configDir(), { recursive: true })
  const tmp = `${statePath()}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(state, null, 2))
  renameSync(tmp, statePath())
}

export const clearState = () => rmSync(statePath(), { force: true })

/** A process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or undefined without /proc. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name (field 2) may hold spaces and parentheses: count fields after its closing ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const t = Number(fields[19])
    return Number.isSafeInteger(t) ? t : undefined
  } catch {
    return undefined
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Why a recorded process must not be signalled, or undefined when it is the anvil `localnet up` started. */
export function notOurAnvil(c: Pick<LocalChainProc, 'pid' | 'port' | 'chainId' | 'startTime'>): string | undefined {
  if (!alive(c.pid)) return 'not running'
  let argv: string[]
  try {
    argv = readFileSync(`/proc/${c.pid}/cmdline`, 'utf8').split('\0')
  } catch {
    return undefined // no /proc (macOS): the pid is alive and was recorded by us
  }
  if (!argv[0]?.includes('anvil')) return 'not an anvil process'
  const arg = (name: string) => argv[argv.indexOf(name) + 1]
  if (!argv.includes('--port') || arg('--port') !== String(c.port)) return `not the anvil on port ${c.port}`
  if (!argv.includes('--chain-id') || arg('--chain-id') !== String(c.chainId))
    return `not the anvil of chain ${c.chainId}`
  if (c.startTime !== undefined && processStartTime(c.pid) !== c.startTime) return 'started after it was recorded'
  return undefined
}

/** True when `pid` is alive and is an anvil process (so a recycled pid is never signalled). */
export function isOurAnvil(pid: number): boolean {
  if (!alive(pid)) return false
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('anvil')
  } catch {
    return true // no /proc (macOS): the pid is alive and was recorded by us
  }
}

export function anvilBinary(): string {
  const require = createRequire(import.meta.url)
  const platform = `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`
  try {
    return join(dirname(require.resolve(`@foundry-rs/anvil-${platform}/package.json`)), 'bin', 'anvil')
  } catch {
    throw new VaultError('ANVIL_MISSING', 'anvil is not installed for this platform', {
      hints: ['Reinstall dependencies (`npm ci`); @foundry-rs/anvil ships the binary.'],
    })
  }
}

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
  })
}

async function rpcUp(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    })
    return res.ok
  } catch {
    return false
  }
}

/** Start one anvil; detached (own process group, log file) unless `foreground`. Resolves when it answers RPC. */
export async function startAnvil(
  chainId: ChainId,
  port: number,
  opts: { foreground: boolean; blockTime?: number },
): Promise<{ proc: LocalChainProc; child: ChildProcess }> {
  mkdirSync(configDir(), { recursive: true })
  const log = openSync(join(configDir(), `anvil-${chainId}.log`), 'w')
  // --quiet: anvil's banner lists its development keys, and nothing vault writes holds a key; errors still go to the log
  const args = ['--chain-id', String(chainId), '--port', String(port), '--host', '127.0.0.1', '--quiet']
  if (opts.blockTime) args.push('--block-time', String(opts.blockTime))
  const child = spawn(anvilBinary(), args, {
    detached: !opts.foreground,
    stdio: ['ignore', log, log],
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    if (await rpcUp(url)) {
      if (!opts.foreground) child.unref()
      const pid = child.pid ?? -1
      return { proc: { chainId, port, pid, url, startTime: processStartTime(pid) }, child }
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  if (child.pid) stopPid(child.pid)
  throw new VaultError('LOCALNET_START_FAILED', `anvil for chain ${chainId} did not start on port ${port}`, {
    details: `See ${join(configDir(), `anvil-${chainId}.log`)}`,
  })
}

/** Stop a recorded anvil by pid (SIGTERM, then SIGKILL); returns whether it was running. */
export async function stopPid(pid: number): Promise<boolean> {
  if (!isOurAnvil(pid)) return false
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return false
  }
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 50))
    if (!isOurAnvil(pid)) return true
  }
  try {
    process.kill(pid, 'SIGKILL')
  } catch {}
  return true
}
