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
}

export interface LocalnetState {
  startedAt: string
  foreground: boolean
  chains: LocalChainProc[]
}

export const statePath = () => join(configDir(), 'localnet.json')

export function readState(): LocalnetState | undefined {
  if (!existsSync(statePath())) return undefined
  try {
    return JSON.parse(readFileSync(statePath(), 'utf8')) as LocalnetState
  } catch {
    return undefined
  }
}

export function writeState(state: LocalnetState) {
  mkdirSync(configDir(), { recursive: true })
  const tmp = `${statePath()}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(state, null, 2))
  renameSync(tmp, statePath())
}

export const clearState = () => rmSync(statePath(), { force: true })

/** True when `pid` is alive and is an anvil process (so a recycled pid is never signalled). */
export function isOurAnvil(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
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
  const args = ['--chain-id', String(chainId), '--port', String(port), '--host', '127.0.0.1']
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
      return { proc: { chainId, port, pid: child.pid ?? -1, url }, child }
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
