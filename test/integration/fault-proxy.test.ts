import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Anvil, startAnvil } from '../helpers/anvil.js'
import { rpc } from '../helpers/localnet.js'
import { type RpcProxy, startRpcProxy } from '../helpers/rpc-proxy.js'

/** The fault proxy itself: each fault looks on the wire the way a failing provider does. */
describe('fault-injection RPC proxy', () => {
  let anvil: Anvil
  let proxy: RpcProxy
  const post = (body: unknown, signal?: AbortSignal) =>
    fetch(proxy.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    })
  /** A raw JSON-RPC answer (a batch answers with an array of these). */
  type Reply = { result?: string; error?: { code: number; message: string } }
  const json = async <T = Reply>(res: Response): Promise<T> => res.json() as Promise<T>
  const call = (method: string, params: unknown[] = []) => ({ jsonrpc: '2.0', id: 1, method, params })

  beforeAll(async () => {
    anvil = await startAnvil(138)
    proxy = await startRpcProxy(anvil.url)
  })
  afterAll(async () => {
    await proxy?.close()
    await anvil?.stop()
  })

  it('passes eth_chainId and fails what follows with HTTP 429', async () => {
    proxy.inject({ kind: 'status', status: 429 })
    expect((await json(await post(call('eth_chainId')))).result).toBe('0x8a')
    const res = await post(call('eth_blockNumber'))
    expect(res.status).toBe(429)
    proxy.clear()
    expect((await post(call('eth_blockNumber'))).status).toBe(200)
  })

  it('answers with an HTML page', async () => {
    proxy.inject({ kind: 'html' })
    const res = await post(call('eth_blockNumber'))
    expect(res.headers.get('content-type')).toContain('text/html')
    await expect(res.json()).rejects.toThrow()
    proxy.clear()
  })

  it('cuts the JSON in half', async () => {
    proxy.inject({ kind: 'truncated' })
    const text = await (await post(call('eth_blockNumber'))).text()
    expect(() => JSON.parse(text)).toThrow()
    proxy.clear()
  })

  it('resets the connection', async () => {
    proxy.inject({ kind: 'reset' })
    await expect(post(call('eth_blockNumber'))).rejects.toThrow()
    proxy.clear()
  })

  it('answers JSON-RPC rate-limit errors per call, batch members included', async () => {
    proxy.inject({ kind: 'rpc-error', match: (c) => c.method === 'eth_call' })
    const res = await json<Reply[]>(
      await post([call('eth_blockNumber'), { ...call('eth_call', [{ to: anvil.url }]), id: 2 }]),
    )
    expect(res[0].result).toMatch(/^0x/)
    expect(res[1].error?.code).toBe(-32005)
    proxy.clear()
  })

  it('forwards a sent transaction and drops the reply, once', async () => {
    const [from] = (await rpc(anvil.url, 'eth_accounts')) as string[]
    const before = BigInt(await rpc(anvil.url, 'eth_getTransactionCount', [from, 'latest']))
    proxy.inject({ kind: 'lost-reply' })
    const tx = { from, to: from, value: '0x1' }
    await expect(post(call('eth_sendTransaction', [tx]))).rejects.toThrow()
    // the node has it (in its pool, if not yet in a block): the pending nonce moved
    expect(BigInt(await rpc(anvil.url, 'eth_getTransactionCount', [from, 'pending']))).toBe(before + 1n)
    // only once: the next send gets its reply
    expect((await json(await post(call('eth_sendTransaction', [tx])))).result).toMatch(/^0x[0-9a-f]{64}$/)
    expect(proxy.stats.faults).toBeGreaterThanOrEqual(1)
    proxy.clear()
  })

  it('hangs until the caller gives up', async () => {
    proxy.inject({ kind: 'hang', times: 1 })
    await expect(post(call('eth_blockNumber'), AbortSignal.timeout(300))).rejects.toThrow()
    expect((await json(await post(call('eth_blockNumber')))).result).toMatch(/^0x/)
    proxy.clear()
  })

  it('lets the first N matching requests through with skip', async () => {
    proxy.inject({ kind: 'status', status: 503, skip: 1 })
    expect((await post(call('eth_blockNumber'))).status).toBe(200)
    expect((await post(call('eth_blockNumber'))).status).toBe(503)
    proxy.clear()
  })
})
