import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { LocalnetRefreshResult } from '../../src/commands/localnet/refresh.js'
import { DEFAULT_STABILIZER } from '../../src/config/presets.js'
import type { OracleShowResult } from '../../src/oracle/read.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { startRpcProxy } from '../helpers/rpc-proxy.js'

const CHAINS = ['138', '651940'] as const
const AGE = DEFAULT_STABILIZER.maxOracleAge

describe('the localnet keeps its oracle fresh against a realistic maxOracleAge', { timeout: 600_000 }, () => {
  let net: TestLocalnet
  let urls: Record<string, string>
  beforeAll(async () => {
    net = await sharedLocalnet()
    const p = await net.profile()
    urls = Object.fromEntries(CHAINS.map((id) => [id, p.chains[id].rpcUrls[0] as string]))
  })
  afterAll(async () => {
    await net?.stop()
  })
  const advance = async (seconds: number) => {
    for (const id of CHAINS) {
      await rpc(urls[id], 'evm_increaseTime', [seconds])
      await rpc(urls[id], 'anvil_mine', ['0x1'])
    }
  }
  const show = async () => {
    const r = await net.run(['oracle', 'show', '--json'])
    return { code: r.code, body: r.json<OracleShowResult>() }
  }
  const refresh = async (...extra: string[]) => {
    const r = await net.run(['localnet', 'refresh', ...extra, '--json'])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    return r.json<LocalnetRefreshResult>()
  }

  it('the profile and the chains use one hour; a fresh localnet is fresh and has nothing to re-post', async () => {
    expect((await net.profile()).stabilizer.maxOracleAge).toBe(3600)
    const s = await show()
    expect(s.code).toBe(0)
    expect(s.body.maxOracleAge).toBe(String(AGE))
    const r = await refresh()
    expect(r.chains.map((c) => c.refreshed)).toEqual([[], []])
  })

  it('prices past half the age are re-posted through the local Safe; past the age oracle show exits 2 until refreshed', async () => {
    await advance(AGE / 2 + 1)
    expect((await show()).code).toBe(0) // older, not stale yet
    const r = await refresh()
    for (const c of r.chains) {
      expect(c.refreshed.sort()).toEqual(['cEURT', 'cUSDC', 'cUSDT', 'cXAUC'])
      expect(BigInt(c.oldestAgeSec)).toBeGreaterThan(BigInt(AGE / 2))
    }
    const after = await show()
    expect(after.code).toBe(0)
    for (const c of after.body.chains) for (const p of c.prices) expect(BigInt(p.ageSec!)).toBeLessThan(BigInt(AGE / 2))

    await advance(AGE + 1)
    const stale = await show()
    expect(stale.code).toBe(2)
    expect(stale.body.stale).toBe(true)
    await refresh()
    const back = await show()
    expect(back.code).toBe(0)
    expect(back.body.stale).toBe(false)
    // the prices themselves did not move
    for (const [n, c] of back.body.chains.entries())
      expect(c.prices.map((p) => p.price)).toEqual(stale.body.chains[n].prices.map((p) => p.price))
  })

  it('refuses a node that does not say it is anvil (LOCALNET_ONLY, exit 3): nothing is sent on either chain', async () => {
    await advance(AGE) // every price is due
    const safe = (await net.profile()).safe.address
    const nonces = await Promise.all(CHAINS.map((id) => rpc(urls[id], 'eth_getTransactionCount', [safe, 'latest'])))
    // chain 138 behind a node that answers web3_clientVersion as another client would not (an error)
    const proxy = await startRpcProxy(urls['138'], (c) =>
      c.method === 'web3_clientVersion' ? { error: { code: -32601, message: 'the method does not exist' } } : undefined,
    )
    try {
      const r = await net.run(['localnet', 'refresh', '--json'], { VAULT_RPC_URL_138: proxy.url })
      expect(r.code, r.stdout + r.stderr).toBe(3)
      expect(r.json<ErrorEnvelope>().error.code).toBe('LOCALNET_ONLY')
    } finally {
      await proxy.close()
    }
    expect(await Promise.all(CHAINS.map((id) => rpc(urls[id], 'eth_getTransactionCount', [safe, 'latest'])))).toEqual(
      nonces,
    )
  })
})
