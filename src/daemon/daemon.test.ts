import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type AlertPayload, Alerts } from './alerts.js'
import { WindowBudget } from './budget.js'
import { acquireLock } from './lock.js'
import { daemonMetrics, serveMetrics } from './metrics.js'

describe('metrics endpoint', () => {
  it('serves the per-pool series on /metrics and health on /healthz', async () => {
    const m = daemonMetrics()
    m.deviationBps.set({ chain: '138', pool: 'cUSDT/cXAUC' }, -80)
    m.executions.inc({ chain: '138', pool: 'cUSDT/cXAUC' })
    m.skips.inc({ chain: '138', pool: 'cUSDT/cUSDC', reason: 'gas_above_cap' }, 3)
    let ok = true
    const srv = await serveMetrics(m.registry, () => ({ ok, lastBlock: 7 }), { port: 0 })
    try {
      const text = await (await fetch(`http://127.0.0.1:${srv.port}/metrics`)).text()
      expect(text).toContain('vault_pool_deviation_bps{chain="138",pool="cUSDT/cXAUC"} -80')
      expect(text).toContain('vault_executions_total{chain="138",pool="cUSDT/cXAUC"} 1')
      expect(text).toContain('vault_skips_total{chain="138",pool="cUSDT/cUSDC",reason="gas_above_cap"} 3')
      const h = await fetch(`http://127.0.0.1:${srv.port}/healthz`)
      expect(h.status).toBe(200)
      expect(await h.json()).toEqual({ ok: true, lastBlock: 7 })
      ok = false
      expect((await fetch(`http://127.0.0.1:${srv.port}/healthz`)).status).toBe(503)
      expect((await fetch(`http://127.0.0.1:${srv.port}/nope`)).status).toBe(404)
    } finally {
      await srv.close()
    }
  })
})

describe('alert episodes', () => {
  it('posts one alert when a condition starts and one resolve when it ends, to a webhook', async () => {
    const got: AlertPayload[] = []
    const hook = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        got.push(JSON.parse(body))
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
    const port = (hook.address() as { port: number }).port
    try {
      const alerts = new Alerts({ webhook: `http://127.0.0.1:${port}/hook` })
      const labels = { chain: '138', pool: 'cUSDT/cXAUC' }
      for (const firing of [false, true, true, true, false, false])
        await alerts.update('out_of_band', firing, { summary: 'cUSDT/cXAUC out of band', labels })
      expect(got.map((p) => p.status)).toEqual(['firing', 'resolved'])
      expect(got[0]).toMatchObject({ kind: 'out_of_band', labels })
      expect(got[0].text).toContain('out_of_band')
      expect(got[1].endedAt).toBeTypeOf('string')
      expect(alerts.firing).toBe(0)
    } finally {
      await new Promise((r) => hook.close(r))
    }
  })

  it('keeps running when the webhook fails, and reports the failure', async () => {
    const errors: string[] = []
    const alerts = new Alerts({
      webhook: 'http://127.0.0.1:9/closed',
      timeoutMs: 2000,
      onError: (e) => errors.push(e.message),
    })
    await alerts.update('rpc_down', true, { summary: 'RPC down', labels: { chain: '138' } })
    expect(errors).toHaveLength(1)
    expect(alerts.firing).toBe(1)
  })
})

describe('window budget', () => {
  it('allows spending up to the limit within the window and frees it as the window slides', () => {
    const b = new WindowBudget(100n, 3_600_000)
    expect(b.allows(100n, 0)).toBe(true)
    b.record(60n, 0)
    expect(b.allows(41n, 1000)).toBe(false)
    expect(b.left(1000)).toBe(40n)
    b.record(40n, 1000)
    expect(b.allows(1n, 3_599_999)).toBe(false)
    expect(b.allows(60n, 3_600_001)).toBe(true)
    expect(b.left(3_600_001)).toBe(60n)
  })
})

describe('single-instance lock', () => {
  const prev = process.env.VAULT_CONFIG_DIR
  afterEach(() => {
    process.env.VAULT_CONFIG_DIR = prev
  })

  it('refuses a second holder with DAEMON_LOCKED naming the first, and is free after release', async () => {
    process.env.VAULT_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'vault-lock-'))
    const release = await acquireLock('keeper-138-0xabc', 'keeper run')
    await expect(acquireLock('keeper-138-0xabc', 'keeper run')).rejects.toMatchObject({
      code: 'DAEMON_LOCKED',
      data: { pid: process.pid },
    })
    const other = await acquireLock('keeper-651940-0xabc', 'keeper run')
    await other()
    await release()
    const again = await acquireLock('keeper-138-0xabc', 'keeper run')
    await again()
  })
})
