import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { DemoResult } from '../../src/commands/demo.js'
import type { LocalnetDownResult } from '../../src/commands/localnet/down.js'
import type { LocalnetStatusResult } from '../../src/commands/localnet/status.js'
import type { StatusResult } from '../../src/commands/status.js'
import { freePort } from '../helpers/anvil.js'
import { runCli, tempConfigDir } from '../helpers/cli.js'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('anvil')
  } catch {
    return false
  }
}

describe('vault localnet and vault demo', () => {
  const cfg = tempConfigDir()
  const run = (args: string[]) => runCli(args, { configDir: cfg.dir })
  let ports: [number, number]
  let pids: number[] = []

  beforeAll(async () => {
    ports = [await freePort(), await freePort()]
  })
  afterAll(async () => {
    await run(['localnet', 'down'])
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL')
    cfg.cleanup()
  })

  it('demo starts the network and every runbook step passes', async () => {
    const r = await run(['demo', '--port-138', String(ports[0]), '--port-651940', String(ports[1]), '--json'])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const body = r.json<DemoResult>()
    expect(body.ok).toBe(true)
    expect(body.startedLocalnet).toBe(true)
    expect(body.steps.map((s) => s.title)).toEqual([
      'Local network',
      'Status',
      'Pools',
      'Deviation after a large trade',
      'Stabilizer check',
      'Reserve sizing',
      'Bridge check',
      'Stabilizer swap through the Safe',
      'Deviation back in band',
      'Mesh at parity',
    ])
    for (const s of body.steps) expect(s.ok, s.summary).toBe(true)
    const state = JSON.parse(readFileSync(join(cfg.dir, 'localnet.json'), 'utf8'))
    pids = state.chains.map((c: { pid: number }) => c.pid)
    expect(pids.every(alive)).toBe(true)
  })

  it('status --profile local shows every contract present on both chains', async () => {
    const r = await run(['status', '--profile', 'local', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const chains = r.json<StatusResult>().chains
    expect(chains.map((c) => c.chainId).sort()).toEqual([138, 651940])
    for (const c of chains) {
      expect(c.contracts.length).toBeGreaterThanOrEqual(15)
      for (const k of c.contracts) expect(k.hasCode, `${c.chainId} ${k.name}`).toBe(true)
      expect(
        c.contracts
          .filter((k) => k.kind === 'token')
          .map((k) => k.symbol)
          .sort(),
      ).toEqual(['cEURT', 'cUSDC', 'cUSDT', 'cXAUC'])
    }
  })

  it('a second `localnet up` is a clear "already running" (exit 3), a running demo reuses the network', async () => {
    const r = await run(['localnet', 'up', '--port-138', String(ports[0]), '--port-651940', String(ports[1]), '--json'])
    expect(r.code).toBe(3)
    expect(r.json<ErrorEnvelope>().error.code).toBe('LOCALNET_RUNNING')
    const again = await run(['demo', '--json'])
    expect(again.code, again.stdout).toBe(0)
    expect(again.json<DemoResult>().startedLocalnet).toBe(false)
    const st = await run(['localnet', 'status', '--json'])
    expect(st.code).toBe(0)
    expect(st.json<LocalnetStatusResult>().running).toBe(true)
  })

  it('down stops exactly what up started, and is idempotent', async () => {
    const r = await run(['localnet', 'down', '--json'])
    expect(r.code).toBe(0)
    expect(
      r
        .json<LocalnetDownResult>()
        .stopped.map((c) => c.pid)
        .sort(),
    ).toEqual([...pids].sort())
    for (const pid of pids) expect(alive(pid)).toBe(false)
    const again = await run(['localnet', 'down', '--json'])
    expect(again.code).toBe(0)
    expect(again.json<LocalnetDownResult>().wasRunning).toBe(false)
    expect((await run(['localnet', 'status'])).code).toBe(4)
  })

  it('a busy port is a clear error naming the port, and nothing is left running', async () => {
    const port = await freePort()
    const blocker: Server = createServer()
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()))
    try {
      const other = await freePort()
      const r = await run(['localnet', 'up', '--port-138', String(other), '--port-651940', String(port), '--json'])
      expect(r.code).toBe(3)
      expect(r.json<ErrorEnvelope>().error.code).toBe('PORT_BUSY')
      expect(r.json<ErrorEnvelope>().error.message).toContain(String(port))
      expect((await run(['localnet', 'status', '--json'])).json<LocalnetStatusResult>().chains).toEqual([])
    } finally {
      blocker.close()
    }
  })
})
