import { createServer, type Server } from 'node:http'

export interface RpcProxy {
  url: string
  /** HTTP requests and JSON-RPC calls seen since the last reset. */
  stats: { http: number; calls: number; methods: string[] }
  reset(): void
  close(): Promise<void>
}

type Fault = (call: { method: string; params: unknown[] }) => { error: { code: number; message: string } } | undefined

/** A JSON-RPC proxy in front of a real node that counts requests and can inject faults per call. */
export async function startRpcProxy(upstream: string, fault?: Fault): Promise<RpcProxy> {
  const stats = { http: 0, calls: 0, methods: [] as string[] }
  const server: Server = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    stats.http++
    const parsed = JSON.parse(body)
    const calls = Array.isArray(parsed) ? parsed : [parsed]
    stats.calls += calls.length
    const answers = await Promise.all(
      calls.map(async (c) => {
        stats.methods.push(c.method)
        const f = fault?.(c)
        if (f) return { jsonrpc: '2.0', id: c.id, ...f }
        const up = await fetch(upstream, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(c),
        })
        return up.json()
      }),
    )
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(Array.isArray(parsed) ? answers : answers[0]))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    reset() {
      stats.http = 0
      stats.calls = 0
      stats.methods = []
    },
    close: () => new Promise((r) => server.close(() => r())),
  }
}
