import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { getAddress, type Hex, recoverAddress } from 'viem'

/**
 * A tiny in-memory Safe Transaction Service for tests: the endpoints api-kit uses to propose, confirm, fetch and list
 * multisig transactions. It recovers each confirmation's owner from the signature over the safeTxHash (EIP-712 only).
 */
export interface FakeTxService {
  /** Base URL ending in `/api`, as api-kit wants it. */
  url: string
  /** Every request seen, `METHOD path?query`. */
  requests: string[]
  transactions: Map<string, StoredTx>
  stop(): Promise<void>
}

interface Confirmation {
  owner: string
  signature: string
  signatureType: 'EOA'
  submissionDate: string
}

interface StoredTx {
  safe: string
  to: string
  value: string
  data: string | null
  operation: number
  safeTxGas: string
  baseGas: string
  gasPrice: string
  gasToken: string
  refundReceiver: string
  nonce: string
  safeTxHash: string
  proposer: string
  origin: string | null
  submissionDate: string
  isExecuted: boolean
  confirmations: Confirmation[]
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

function send(res: ServerResponse, status: number, json?: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(json === undefined ? '' : JSON.stringify(json))
}

async function confirmation(hash: string, signature: string): Promise<Confirmation> {
  const owner = await recoverAddress({ hash: hash as Hex, signature: signature as Hex })
  return { owner, signature, signatureType: 'EOA', submissionDate: new Date().toISOString() }
}

export async function startFakeTxService(): Promise<FakeTxService> {
  const transactions = new Map<string, StoredTx>()
  const requests: string[] = []
  const view = (t: StoredTx) => ({ ...t, confirmationsRequired: null, trusted: true, executionDate: null })

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    requests.push(`${req.method} ${url.pathname}${url.search}`)
    try {
      const path = url.pathname
      const proposeRoute = path.match(/^\/api\/v2\/safes\/(0x[0-9a-fA-F]{40})\/multisig-transactions\/$/)
      const confirmRoute = path.match(/^\/api\/v1\/multisig-transactions\/(0x[0-9a-fA-F]{64})\/confirmations\/$/)
      const txRoute = path.match(/^\/api\/v2\/multisig-transactions\/(0x[0-9a-fA-F]{64})\/$/)
      if (req.method === 'POST' && proposeRoute) {
        const m = proposeRoute
        const b = await body(req)
        const hash = String(b.contractTransactionHash).toLowerCase()
        if (transactions.has(hash)) return send(res, 422, { detail: 'Transaction already exists' })
        const first = await confirmation(hash, String(b.signature))
        if (first.owner !== getAddress(String(b.sender)))
          return send(res, 422, { detail: 'Signature is not by sender' })
        transactions.set(hash, {
          safe: getAddress(m[1]),
          to: String(b.to),
          value: String(b.value),
          data: b.data ? String(b.data) : null,
          operation: Number(b.operation),
          safeTxGas: String(b.safeTxGas),
          baseGas: String(b.baseGas),
          gasPrice: String(b.gasPrice),
          gasToken: String(b.gasToken),
          refundReceiver: String(b.refundReceiver),
          nonce: String(b.nonce),
          safeTxHash: hash,
          proposer: first.owner,
          origin: b.origin === undefined ? null : String(b.origin),
          submissionDate: new Date().toISOString(),
          isExecuted: false,
          confirmations: [first],
        })
        return send(res, 201)
      }
      if (confirmRoute) {
        const m = confirmRoute
        const tx = transactions.get(m[1].toLowerCase())
        if (!tx) return send(res, 404, { detail: 'Not found.' })
        if (req.method === 'GET') return send(res, 200, { count: tx.confirmations.length, results: tx.confirmations })
        const b = await body(req)
        const c = await confirmation(tx.safeTxHash, String(b.signature))
        if (tx.confirmations.some((x) => x.owner === c.owner)) return send(res, 400, { detail: 'Already confirmed' })
        tx.confirmations.push(c)
        return send(res, 201, { signature: c.signature })
      }
      if (req.method === 'GET' && txRoute) {
        const m = txRoute
        const tx = transactions.get(m[1].toLowerCase())
        return tx ? send(res, 200, view(tx)) : send(res, 404, { detail: 'Not found.' })
      }
      if (req.method === 'GET' && proposeRoute) {
        const m = proposeRoute
        const safe = getAddress(m[1])
        const executed = url.searchParams.get('executed')
        const gte = url.searchParams.get('nonce__gte')
        const results = [...transactions.values()]
          .filter((t) => t.safe === safe)
          .filter((t) => executed === null || String(t.isExecuted) === executed)
          .filter((t) => gte === null || BigInt(t.nonce) >= BigInt(gte))
          .sort((a, b) => Number(BigInt(a.nonce) - BigInt(b.nonce)))
          .map(view)
        return send(res, 200, { count: results.length, next: null, previous: null, results })
      }
      return send(res, 404, { detail: 'Not found.' })
    } catch (e) {
      return send(res, 400, { detail: e instanceof Error ? e.message : String(e) })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/api`,
    requests,
    transactions,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
