import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/**
 * A JSON-RPC proxy in front of a real node: counts requests and injects faults, the way real RPC providers fail.
 *
 *   const proxy = await startRpcProxy(anvil.url)
 *   proxy.inject({ kind: 'status', status: 429 })          // every request after the chain-id check gets HTTP 429
 *   proxy.inject({ kind: 'rpc-error', code: -32005 })       // JSON-RPC rate-limit errors per call
 *   proxy.inject({ kind: 'lost-reply' })                    // eth_sendRawTransaction reaches the node, the reply is dropped
 *   proxy.inject({ kind: 'hang', match: (c) => c.method === 'eth_call' })
 *   proxy.clear()
 *
 * By default a fault applies to every call except `eth_chainId` ("after the chain-id check"), and `lost-reply` only
 * to transactions being sent (`eth_sendRawTransaction`, `eth_sendTransaction`) and only once.
 */
export interface RpcProxy {
  url: string
  /** HTTP requests and JSON-RPC calls seen since the last reset; `faults` counts injected faults. */
  stats: { http: number; calls: number; methods: string[]; faults: number }
  /** Start injecting `fault` (replaces the previous one). */
  inject(fault: Fault): void
  /** Stop injecting; answer every call from the node again. */
  clear(): void
  reset(): void
  close(): Promise<void>
}

export interface RpcCall {
  id?: unknown
  method: string
  params: unknown[]
}

export type Fault = (
  | /** HTTP status with a plain-text body (429 Too Many Requests, 503, …). */ {
      kind: 'status'
      status: number
      body?: string
    }
  | /** A 200 HTML page (a captive portal, a provider's error page). */ { kind: 'html'; status?: number }
  | /** The node's real answer cut in half. */ { kind: 'truncated' }
  | /** The TCP connection is reset before any answer. */ { kind: 'reset' }
  | /** A JSON-RPC error for each matching call (default: -32005 "rate limit exceeded"). */ {
      kind: 'rpc-error'
      code?: number
      message?: string
    }
  | /** The request reaches the node (a transaction is broadcast), then the connection drops without the reply. */ {
      kind: 'lost-reply'
    }
  | /** No answer at all; the connection stays open until the client gives up or the proxy closes. */ { kind: 'hang' }
) & {
  /** Which calls the fault applies to (an HTTP-level fault hits a whole batch if any call matches). */
  match?: (call: RpcCall) => boolean
  /** Inject at most this many times (default: unlimited; `lost-reply`: once). */
  times?: number
  /** Let this many matching requests through first. */
  skip?: number
}

/** A per-call fault function (the first version of this helper): return an error object to answer with it. */
type CallFault = (call: RpcCall) => { error: { code: number; message: string } } | undefined

const SENDS = new Set(['eth_sendRawTransaction', 'eth_sendTransaction'])
const afterChainId = (c: RpcCall) => c.method !== 'eth_chainId'

const HTML = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>'

async function readBody(req: IncomingMessage): Promise<string> {
  let body = ''
  for await (const chunk of req) body += chunk
  return body
}

/** A JSON-RPC proxy in front of a real node that counts requests and can inject faults (see {@link Fault}). */
export async function startRpcProxy(upstream: string, callFault?: CallFault): Promise<RpcProxy> {
  const stats = { http: 0, calls: 0, methods: [] as string[], faults: 0 }
  const sockets = new Set<Socket>()
  let fault: Fault | undefined
  let injected = 0
  let skipped = 0

  const forward = async (body: string): Promise<string> => {
    const up = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    return up.text()
  }

  /** Does the active fault apply to this request? Counts skips and injections. */
  const applies = (calls: RpcCall[]): Fault | undefined => {
    if (!fault) return undefined
    const match = fault.match ?? (fault.kind === 'lost-reply' ? (c: RpcCall) => SENDS.has(c.method) : afterChainId)
    if (!calls.some(match)) return undefined
    const times = fault.times ?? (fault.kind === 'lost-reply' ? 1 : Number.POSITIVE_INFINITY)
    if (skipped < (fault.skip ?? 0)) {
      skipped++
      return undefined
    }
    if (injected >= times) return undefined
    injected++
    stats.faults++
    return fault
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req)
    stats.http++
    let parsed: RpcCall | RpcCall[]
    try {
      parsed = JSON.parse(body)
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }))
      return
    }
    const calls = Array.isArray(parsed) ? parsed : [parsed]
    stats.calls += calls.length
    for (const c of calls) stats.methods.push(c.method)

    const f = applies(calls)
    if (f?.kind === 'status') {
      res.writeHead(f.status, { 'content-type': 'text/plain' })
      res.end(f.body ?? (f.status === 429 ? 'Too Many Requests' : `HTTP ${f.status}`))
      return
    }
    if (f?.kind === 'html') {
      res.writeHead(f.status ?? 200, { 'content-type': 'text/html' })
      res.end(HTML)
      return
    }
    if (f?.kind === 'reset') {
      req.socket.resetAndDestroy()
      return
    }
    if (f?.kind === 'hang') return // never answered; close() destroys the socket
    if (f?.kind === 'truncated') {
      const text = await forward(body)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))))
      return
    }
    if (f?.kind === 'lost-reply') {
      await forward(body) // the node got it (a transaction is in its pool), the caller never hears back
      req.socket.resetAndDestroy()
      return
    }

    const match = f?.kind === 'rpc-error' ? (f.match ?? afterChainId) : undefined
    const answers = await Promise.all(
      calls.map(async (c) => {
        const own = callFault?.(c)
        if (own) return { jsonrpc: '2.0', id: c.id, ...own }
        if (f?.kind === 'rpc-error' && match?.(c)) {
          return {
            jsonrpc: '2.0',
            id: c.id,
            error: { code: f.code ?? -32005, message: f.message ?? 'rate limit exceeded' },
          }
        }
        return JSON.parse(await forward(JSON.stringify(c)))
      }),
    )
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(Array.isArray(parsed) ? answers : answers[0]))
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    inject(next) {
      fault = next
      injected = 0
      skipped = 0
    },
    clear() {
      fault = undefined
    },
    reset() {
      stats.http = 0
      stats.calls = 0
      stats.methods = []
      stats.faults = 0
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}
