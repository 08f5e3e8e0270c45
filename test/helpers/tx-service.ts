// A test double of the Safe Transaction Service API over HTTP: the routes vault calls (propose, confirm, list,
// get), each checking what the real service checks (owners, signatures by type, EIP-1271, nonces) against the
// chain. Over 300 lines on purpose: one server whose routes share its state and its signature checks.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import {
  type Address,
  concat,
  createPublicClient,
  encodeAbiParameters,
  getAddress,
  type Hex,
  hashMessage,
  hexToBigInt,
  http,
  isAddress,
  keccak256,
  parseAbi,
  parseAbiParameters,
  recoverAddress,
  size,
  slice,
  toBytes,
} from 'viem'

/**
 * An in-memory Safe Transaction Service for tests: the endpoints api-kit uses to propose, confirm, fetch and list
 * multisig transactions, with the real service's rules (safe-transaction-service v6 `history/serializers.py` and
 * safe-eth-py `safe_signature.py`), checked against the chain like the real one:
 * - a proposal's safeTxHash must be the one the Safe computes for its fields (`getTransactionHash` on chain);
 * - `origin` is at most 200 characters; a nonce the Safe already used is refused ("already executed");
 * - the sender must be an owner, and when signatures are given the sender must be one of their signers;
 * - every signature (several may be concatenated) must come from a current owner, once per owner, and be valid:
 *   EOA (v 27/28) and eth_sign (v 31/32) recovered, APPROVED_HASH (v 1) only when `approvedHashes` is set on
 *   chain, CONTRACT_SIGNATURE (v 0, dynamic part at offset s) accepted by the owner's EIP-1271 `isValidSignature`;
 * - confirmations are stored one per owner in the standalone form the service exports (contract: s = 65);
 * - like the service's indexer, an owner's on-chain `approveHash` shows up as an APPROVED_HASH confirmation.
 * Validation errors answer 422 on proposals and 400 on confirmations, as the real views do.
 */
export interface FakeTxService {
  /** Base URL ending in `/api`, as api-kit wants it. */
  url: string
  /** Every request seen, `METHOD path?query`. */
  requests: string[]
  /** Request bodies of POSTs, in order. */
  posted: Record<string, unknown>[]
  transactions: Map<string, StoredTx>
  /** A fault: the next `n` POSTs (proposals, confirmations) answer 503, as a service whose database is down; GETs work. */
  failNextPosts(n: number): void
  stop(): Promise<void>
}

export type ServiceSignatureType = 'EOA' | 'ETH_SIGN' | 'APPROVED_HASH' | 'CONTRACT_SIGNATURE'

export interface Confirmation {
  owner: string
  signature: string
  signatureType: ServiceSignatureType
  submissionDate: string
  transactionHash: null
}

export interface StoredTx {
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

const SAFE = parseAbi([
  'function getOwners() view returns (address[])',
  'function nonce() view returns (uint256)',
  'function approvedHashes(address, bytes32) view returns (uint256)',
  'function getTransactionHash(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, uint256 _nonce) view returns (bytes32)',
  'function domainSeparator() view returns (bytes32)',
])
const EIP1271_HASH = parseAbi(['function isValidSignature(bytes32, bytes) view returns (bytes4)'])
const EIP1271_LEGACY = parseAbi(['function isValidSignature(bytes, bytes) view returns (bytes4)'])
const SAFE_TX_TYPE =
  'SafeTx(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 baseGas,uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce)'
const MAGIC = ['0x1626ba7e', '0x20c13b0b']
const ZERO = '0x0000000000000000000000000000000000000000'

class Refused extends Error {}

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

const word = (n: number) => n.toString(16).padStart(64, '0')

export async function startFakeTxService(opts: { rpcUrl: string }): Promise<FakeTxService> {
  const chain = createPublicClient({ transport: http(opts.rpcUrl) })
  const transactions = new Map<string, StoredTx>()
  const requests: string[] = []
  const posted: Record<string, unknown>[] = []
  const owners = async (safe: Address) =>
    (await chain.readContract({ address: safe, abi: SAFE, functionName: 'getOwners' })).map((o) => getAddress(o))
  const fieldArgs = (t: StoredTx) =>
    [
      getAddress(t.to),
      BigInt(t.value),
      (t.data ?? '0x') as Hex,
      t.operation,
      BigInt(t.safeTxGas),
      BigInt(t.baseGas),
      BigInt(t.gasPrice),
      getAddress(t.gasToken),
      getAddress(t.refundReceiver),
      BigInt(t.nonce),
    ] as const

  /** `encodeTransactionData`: 0x1901 ‖ the Safe's domainSeparator ‖ the SafeTx struct hash. */
  async function preimageOf(t: StoredTx): Promise<Hex> {
    const domain = await chain.readContract({ address: getAddress(t.safe), abi: SAFE, functionName: 'domainSeparator' })
    const [to, value, data, operation, safeTxGas, baseGas, gasPrice, gasToken, refundReceiver, nonce] = fieldArgs(t)
    const struct = keccak256(
      encodeAbiParameters(
        parseAbiParameters(
          'bytes32, address, uint256, bytes32, uint8, uint256, uint256, uint256, address, address, uint256',
        ),
        [
          keccak256(toBytes(SAFE_TX_TYPE)),
          to,
          value,
          keccak256(data),
          operation,
          safeTxGas,
          baseGas,
          gasPrice,
          gasToken,
          refundReceiver,
          nonce,
        ],
      ),
    )
    return concat(['0x1901', domain, struct])
  }

  /** parse_signature + is_valid: one confirmation per concatenated signature, or Refused. */
  async function confirmations(t: StoredTx, signatures: string): Promise<Confirmation[]> {
    if (!/^0x([0-9a-fA-F]{2})*$/.test(signatures) || size(signatures as Hex) < 65)
      throw new Refused('Ensure this field has at least 65 hexadecimal chars (not counting 0x).')
    const sig = signatures.toLowerCase() as Hex
    const safe = getAddress(t.safe)
    const current = await owners(safe)
    const out: Confirmation[] = []
    let end = size(sig)
    for (let i = 0; i + 65 <= end; i += 65) {
      const part = slice(sig, i, i + 65)
      const v = Number(hexToBigInt(slice(part, 64, 65)))
      const r = slice(part, 0, 32)
      const s = hexToBigInt(slice(part, 32, 64))
      let owner: Address
      let type: ServiceSignatureType
      let stored: string = part
      if (v === 0 || v === 1) {
        owner = getAddress(`0x${r.slice(26)}`)
        type = v === 0 ? 'CONTRACT_SIGNATURE' : 'APPROVED_HASH'
        if (v === 1) {
          const approved = await chain.readContract({
            address: safe,
            abi: SAFE,
            functionName: 'approvedHashes',
            args: [owner, t.safeTxHash as Hex],
          })
          if (approved !== 1n) throw new Refused(`Signature=${part} for owner=${owner} is not valid`)
        } else {
          const at = Number(s)
          if (at + 32 > size(sig)) throw new Refused(`Signature=${part} for owner=${owner} is not valid`)
          end = Math.min(end, at)
          const length = Number(hexToBigInt(slice(sig, at, at + 32)))
          const data = length ? slice(sig, at + 32, at + 32 + length) : '0x'
          const preimage = await preimageOf(t)
          const ok = await Promise.any([
            chain
              .readContract({
                address: owner,
                abi: EIP1271_HASH,
                functionName: 'isValidSignature',
                args: [t.safeTxHash as Hex, data],
              })
              .then((m) => MAGIC.includes(m) || Promise.reject()),
            chain
              .readContract({
                address: owner,
                abi: EIP1271_LEGACY,
                functionName: 'isValidSignature',
                args: [preimage, data],
              })
              .then((m) => MAGIC.includes(m) || Promise.reject()),
          ]).catch(() => false)
          if (!ok) throw new Refused(`Signature=${part} for owner=${owner} is not valid`)
          stored = `${part.slice(0, 66)}${word(65)}00${word(length)}${data.slice(2)}`
        }
      } else if (v > 30) {
        type = 'ETH_SIGN'
        const fixed = `${part.slice(0, 130)}${(v - 4).toString(16)}` as Hex
        owner = await recoverAddress({ hash: hashMessage({ raw: t.safeTxHash as Hex }), signature: fixed }).catch(
          () => {
            throw new Refused(`Signature=${part} is not valid`)
          },
        )
      } else {
        type = 'EOA'
        owner = await recoverAddress({ hash: t.safeTxHash as Hex, signature: part }).catch(() => {
          throw new Refused(`Signature=${part} is not valid`)
        })
      }
      if (!current.includes(owner)) throw new Refused(`Signer=${owner} is not an owner. Current owners=${current}`)
      if (out.some((c) => c.owner === owner)) throw new Refused(`Signature for owner=${owner} is duplicated`)
      out.push({
        owner,
        signature: stored,
        signatureType: type,
        submissionDate: new Date().toISOString(),
        transactionHash: null,
      })
    }
    return out
  }

  /** The indexer's view of approveHash: every current owner's on-chain approval is an APPROVED_HASH confirmation. */
  async function index(t: StoredTx) {
    const safe = getAddress(t.safe)
    for (const owner of await owners(safe)) {
      if (t.confirmations.some((c) => c.owner === owner)) continue
      const approved = await chain.readContract({
        address: safe,
        abi: SAFE,
        functionName: 'approvedHashes',
        args: [owner, t.safeTxHash as Hex],
      })
      if (approved === 1n) {
        const signature = `0x${'0'.repeat(24)}${owner.slice(2).toLowerCase()}${word(0)}01`
        t.confirmations.push({
          owner,
          signature,
          signatureType: 'APPROVED_HASH',
          submissionDate: new Date().toISOString(),
          transactionHash: null,
        })
      }
    }
    return t
  }

  async function propose(safeParam: string, b: Record<string, unknown>): Promise<void> {
    if (getAddress(safeParam) !== safeParam) throw new Refused('Checksum address validation failed')
    const origin = b.origin === undefined || b.origin === null ? null : String(b.origin)
    if (origin !== null && origin.length > 200)
      throw new Refused('origin: Ensure this field has no more than 200 characters.')
    const hash = String(b.contractTransactionHash).toLowerCase()
    const addr = (v: unknown) => (v === null || v === undefined ? ZERO : String(v))
    if (!isAddress(String(b.to)) || !isAddress(String(b.sender))) throw new Refused('Invalid address')
    const t: StoredTx = {
      safe: getAddress(safeParam),
      to: getAddress(String(b.to)),
      value: String(b.value),
      data: b.data ? String(b.data).toLowerCase() : null,
      operation: Number(b.operation),
      safeTxGas: String(b.safeTxGas),
      baseGas: String(b.baseGas),
      gasPrice: String(b.gasPrice),
      gasToken: getAddress(addr(b.gasToken)),
      refundReceiver: getAddress(addr(b.refundReceiver)),
      nonce: String(b.nonce),
      safeTxHash: hash,
      proposer: getAddress(String(b.sender)),
      origin,
      submissionDate: new Date().toISOString(),
      isExecuted: false,
      confirmations: [],
    }
    const onChain = await chain.readContract({
      address: t.safe as Address,
      abi: SAFE,
      functionName: 'getTransactionHash',
      args: fieldArgs(t),
    })
    if (onChain !== hash)
      throw new Refused(`Contract-transaction-hash=${onChain} does not match provided contract-tx-hash=${hash}`)
    const safeNonce = await chain.readContract({ address: t.safe as Address, abi: SAFE, functionName: 'nonce' })
    if (BigInt(t.nonce) < safeNonce) throw new Refused(`Tx with nonce=${t.nonce} for safe=${t.safe} already executed`)
    const current = await owners(t.safe as Address)
    if (!current.includes(t.proposer as Address))
      throw new Refused(`Sender=${t.proposer} is not an owner or delegate. Current owners=${current}`)
    const signed = b.signature ? await confirmations(t, String(b.signature)) : []
    if (signed.length && !signed.some((c) => c.owner === t.proposer))
      throw new Refused(
        `Signature does not match sender=${t.proposer}. Calculated owners=${signed.map((c) => c.owner)}`,
      )
    const known = transactions.get(hash)
    if (known) {
      // the service updates an unexecuted transaction proposed again and adds the new confirmations
      known.origin = origin
      for (const c of signed) if (!known.confirmations.some((x) => x.owner === c.owner)) known.confirmations.push(c)
      return
    }
    t.confirmations = signed
    transactions.set(hash, t)
  }

  const view = (t: StoredTx) => ({ ...t, confirmationsRequired: null, trusted: true, executionDate: null })

  let failPosts = 0
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    requests.push(`${req.method} ${url.pathname}${url.search}`)
    if (req.method === 'POST' && failPosts > 0) {
      failPosts--
      return send(res, 503, { detail: 'Service unavailable' })
    }
    const path = url.pathname
    const proposeRoute = path.match(/^\/api\/v2\/safes\/(0x[0-9a-fA-F]{40})\/multisig-transactions\/$/)
    const confirmRoute = path.match(/^\/api\/v1\/multisig-transactions\/(0x[0-9a-fA-F]{64})\/confirmations\/$/)
    const txRoute = path.match(/^\/api\/v2\/multisig-transactions\/(0x[0-9a-fA-F]{64})\/$/)
    try {
      if (req.method === 'POST' && proposeRoute) {
        const b = await body(req)
        posted.push(b)
        await propose(proposeRoute[1], b).catch((e) => {
          if (e instanceof Refused) e.message = `422 ${e.message}`
          throw e
        })
        return send(res, 201)
      }
      if (confirmRoute) {
        const tx = transactions.get(confirmRoute[1].toLowerCase())
        if (!tx) return send(res, 404, { detail: 'Not found.' })
        if (req.method === 'GET') {
          await index(tx)
          return send(res, 200, { count: tx.confirmations.length, results: tx.confirmations })
        }
        const b = await body(req)
        posted.push(b)
        if (tx.isExecuted) throw new Refused(`Transaction with safe-tx-hash=${tx.safeTxHash} was already executed`)
        const added = await confirmations(tx, String(b.signature ?? ''))
        for (const c of added) if (!tx.confirmations.some((x) => x.owner === c.owner)) tx.confirmations.push(c)
        return send(res, 201, { signature: b.signature })
      }
      if (req.method === 'GET' && txRoute) {
        const tx = transactions.get(txRoute[1].toLowerCase())
        return tx ? send(res, 200, view(await index(tx))) : send(res, 404, { detail: 'Not found.' })
      }
      if (req.method === 'GET' && proposeRoute) {
        const safe = getAddress(proposeRoute[1])
        const executed = url.searchParams.get('executed')
        const gte = url.searchParams.get('nonce__gte')
        const list = [...transactions.values()]
          .filter((t) => t.safe === safe)
          .filter((t) => executed === null || String(t.isExecuted) === executed)
          .filter((t) => gte === null || BigInt(t.nonce) >= BigInt(gte))
          .sort((a, b) => Number(BigInt(a.nonce) - BigInt(b.nonce)))
        for (const t of list) await index(t)
        const results = list.map(view)
        return send(res, 200, { count: results.length, next: null, previous: null, results })
      }
      return send(res, 404, { detail: 'Not found.' })
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e)
      if (e instanceof Refused && text.startsWith('422 ')) return send(res, 422, { nonFieldErrors: [text.slice(4)] })
      return send(res, 400, { nonFieldErrors: [text] })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/api`,
    requests,
    posted,
    transactions,
    failNextPosts: (n) => {
      failPosts = n
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
