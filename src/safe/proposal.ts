// The Safe proposal file: its type, its JSON form, parsing (PROPOSAL_SCHEMA naming the field), the decoded call
// checked against the data, signature recovery, and verification against a Safe and chain: the checks every
// command that reads a proposal relies on, kept together so none can be skipped. (DELEGATECALL warnings and
// refusals: delegatecall.ts.)
import { readFile } from 'node:fs/promises'
import {
  type Address,
  decodeFunctionData,
  getAddress,
  type Hex,
  hashMessage,
  isAddress,
  isHex,
  parseAbiItem,
  recoverAddress,
  recoverTypedDataAddress,
  toFunctionSelector,
} from 'viem'
import { VaultError } from '../core/errors.js'
import { type DecodedCall, decodeMultiSend, stringifyArg } from './multisend.js'
import { computeSafeTxHash, type SafeTx, safeTxFromJson, safeTxOf, safeTxToJson, safeTxTypedData } from './safe-tx.js'
import { contractSignatureData, ownerInR, type SignatureKind } from './signatures.js'

export const PROPOSAL_VERSION = 1

export type SignatureType = SignatureKind

export interface ProposalSignature {
  owner: Address
  signature: Hex
  type: SignatureType
}

export type { DecodedCall } from './multisend.js'

/** A proposed Safe transaction with the signatures collected so far (what a proposal file holds). */
export interface Proposal extends SafeTx {
  version: typeof PROPOSAL_VERSION
  chainId: number
  safe: Address
  safeTxHash: Hex
  description: string
  decoded: DecodedCall | null
  signatures: ProposalSignature[]
  createdAt: string
}

/** Plain JSON form of a proposal (bigints as decimal strings), as written to a file. */
export function proposalToJson(p: Proposal) {
  return {
    version: p.version,
    chainId: p.chainId,
    safe: p.safe,
    ...safeTxToJson(p),
    safeTxHash: p.safeTxHash,
    description: p.description,
    decoded: p.decoded,
    signatures: p.signatures.map((s) => ({ owner: s.owner, signature: s.signature, type: s.type })),
    createdAt: p.createdAt,
  }
}

const SIGNATURE_TYPES: readonly SignatureType[] = ['eip712', 'approvedHash', 'ethSign', 'contract']

/** Parse and type-check the JSON of a proposal file; throws PROPOSAL_SCHEMA naming the first bad field. */
export function parseProposal(json: unknown): Proposal {
  const bad = (field: string, want: string) =>
    new VaultError('PROPOSAL_SCHEMA', `Proposal file is malformed: ${field} must be ${want}`, {
      hints: ['Recreate the proposal with `vault safe propose`, or fetch a fresh copy from whoever sent it.'],
    })
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('the file', 'a JSON object')
  const o = json as Record<string, unknown>
  if (o.version !== PROPOSAL_VERSION) throw bad('version', `${PROPOSAL_VERSION} (this vault reads version 1 files)`)
  const address = (field: string): Address => {
    const v = o[field]
    if (typeof v !== 'string' || !isAddress(v, { strict: false })) throw bad(field, 'an address')
    return getAddress(v)
  }
  const uint = (field: string, v: unknown = o[field]): bigint => {
    if (typeof v !== 'string' || !/^(0|[1-9][0-9]*)$/.test(v)) throw bad(field, 'a decimal string')
    const n = BigInt(v)
    if (n >= 2n ** 256n) throw bad(field, 'below 2^256')
    return n
  }
  const hex = (field: string, v: unknown = o[field]): Hex => {
    if (typeof v !== 'string' || !isHex(v, { strict: true }) || v.length % 2 !== 0)
      throw bad(field, 'even-length 0x hex')
    return v.toLowerCase() as Hex
  }
  const chainId = o.chainId
  if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0)
    throw bad('chainId', 'a positive integer')
  if (o.operation !== 0 && o.operation !== 1) throw bad('operation', '0 (call) or 1 (delegatecall)')
  const safeTxHash = hex('safeTxHash')
  if (safeTxHash.length !== 66) throw bad('safeTxHash', 'a 32-byte hash')
  if (typeof o.description !== 'string') throw bad('description', 'a string')
  if (typeof o.createdAt !== 'string' || Number.isNaN(Date.parse(o.createdAt))) throw bad('createdAt', 'an ISO date')
  if (!Array.isArray(o.signatures)) throw bad('signatures', 'an array')
  const signatures = o.signatures.map((s, i): ProposalSignature => {
    const field = `signatures[${i}]`
    if (typeof s !== 'object' || s === null) throw bad(field, 'an object')
    const r = s as Record<string, unknown>
    if (typeof r.owner !== 'string' || !isAddress(r.owner, { strict: false })) throw bad(`${field}.owner`, 'an address')
    if (!SIGNATURE_TYPES.includes(r.type as SignatureType)) throw bad(`${field}.type`, SIGNATURE_TYPES.join(' | '))
    const signature = hex(`${field}.signature`, r.signature)
    if (r.type !== 'contract' && signature.length !== 132) throw bad(`${field}.signature`, '65 bytes')
    if (r.type === 'contract' && contractSignatureData(signature) === null)
      throw bad(`${field}.signature`, 'a contract signature (r = owner, s = offset, v = 0, then length and data)')
    return { owner: getAddress(r.owner), signature, type: r.type as SignatureType }
  })
  return {
    version: PROPOSAL_VERSION,
    chainId,
    safe: address('safe'),
    ...safeTxFromJson({ address, uint, bytes: (f) => hex(f), operation: () => o.operation as 0 | 1 }),
    safeTxHash,
    description: o.description,
    decoded: parseDecoded(o.decoded, 'decoded', bad),
    signatures,
    createdAt: o.createdAt,
  }
}

function parseDecoded(v: unknown, field: string, bad: (f: string, want: string) => VaultError): DecodedCall | null {
  if (v === null || v === undefined) return null
  if (typeof v !== 'object' || Array.isArray(v)) throw bad(field, 'null or { method, args }')
  const d = v as Record<string, unknown>
  if (typeof d.method !== 'string') throw bad(`${field}.method`, 'a string')
  if (!Array.isArray(d.args) || d.args.some((a) => typeof a !== 'string'))
    throw bad(`${field}.args`, 'an array of strings')
  const out: DecodedCall = { method: d.method, args: d.args as string[] }
  if (d.calls !== undefined) {
    if (!Array.isArray(d.calls)) throw bad(`${field}.calls`, 'an array')
    out.calls = d.calls.map((c, i) => {
      const f = `${field}.calls[${i}]`
      if (typeof c !== 'object' || c === null) throw bad(f, 'an object')
      const r = c as Record<string, unknown>
      if (r.operation !== 0 && r.operation !== 1) throw bad(`${f}.operation`, '0 or 1')
      if (typeof r.to !== 'string' || !isAddress(r.to, { strict: false })) throw bad(`${f}.to`, 'an address')
      if (typeof r.value !== 'string') throw bad(`${f}.value`, 'a decimal string')
      if (typeof r.data !== 'string' || !isHex(r.data)) throw bad(`${f}.data`, '0x hex')
      return {
        operation: r.operation,
        to: getAddress(r.to),
        value: r.value,
        data: r.data.toLowerCase() as Hex,
        decoded: parseDecoded(r.decoded, `${f}.decoded`, bad),
      }
    })
  }
  return out
}

/** The `decoded` block must describe `data` exactly (it is what signers read before signing). */
function checkDecoded(decoded: DecodedCall | null, data: Hex, where: string): void {
  if (!decoded) return
  const mismatch = (why: string) =>
    new VaultError('PROPOSAL_SCHEMA', `Proposal's decoded call does not match its data (${where})`, {
      details: why,
      hints: ['The file was edited by hand or produced by another tool; recreate it with `vault safe propose`.'],
    })
  let item: ReturnType<typeof parseAbiItem>
  try {
    item = parseAbiItem(`function ${decoded.method}`)
  } catch {
    throw mismatch(`cannot parse method ${decoded.method}`)
  }
  if (item.type !== 'function') throw mismatch(`${decoded.method} is not a function`)
  if (data.slice(0, 10) !== toFunctionSelector(item)) throw mismatch(`selector of ${decoded.method} differs from data`)
  let args: readonly unknown[]
  try {
    args = decodeFunctionData({ abi: [item], data }).args ?? []
  } catch {
    throw mismatch(`data does not decode as ${decoded.method}`)
  }
  const strings = args.map(stringifyArg)
  if (strings.length !== decoded.args.length || strings.some((s, i) => s !== decoded.args[i])) {
    throw mismatch(`arguments differ: data has [${strings.join(', ')}]`)
  }
  if (decoded.calls) {
    const inner = decodeMultiSend(data)
    if (inner.length !== decoded.calls.length) throw mismatch('number of batched calls differs')
    inner.forEach((c, i) => {
      const d = decoded.calls?.[i]
      if (!d || d.operation !== c.operation || d.to !== c.to || d.value !== c.value.toString() || d.data !== c.data) {
        throw mismatch(`batched call #${i + 1} differs`)
      }
      checkDecoded(d.decoded, c.data, `${where} call #${i + 1}`)
    })
  }
}

/**
 * Recoveries already made in this process, by everything a recovery reads (type, signature, chain, Safe, fields):
 * opening, guarding, signing and writing a proposal each verify its signatures, and one secp256k1 recovery costs
 * ~7 ms of CPU, so a `safe sign` or `safe execute` recovered each one two or three times.
 */
const recovered = new Map<string, Promise<Address | null>>()

/** The owner an EIP-712 or eth_sign signature recovers to (null when it cannot be recovered). */
export function recoverSigner(p: Proposal, s: ProposalSignature): Promise<Address | null> {
  const key = JSON.stringify([s.type, s.signature, p.chainId, p.safe, p.safeTxHash, safeTxToJson(p)])
  let owner = recovered.get(key)
  if (!owner) {
    owner = recoverOnce(p, s)
    recovered.set(key, owner)
  }
  return owner
}

async function recoverOnce(p: Proposal, s: ProposalSignature): Promise<Address | null> {
  try {
    if (s.type === 'eip712') {
      return await recoverTypedDataAddress({
        ...safeTxTypedData(p.chainId, p.safe, safeTxOf(p)),
        signature: s.signature,
      })
    }
    if (s.type === 'ethSign') {
      // eth_sign signatures carry v + 4 so the Safe knows to hash with the message prefix.
      const v = Number.parseInt(s.signature.slice(130, 132), 16)
      if (v !== 31 && v !== 32) return null
      const fixed = `${s.signature.slice(0, 130)}${(v - 4).toString(16)}` as Hex
      return await recoverAddress({ hash: hashMessage({ raw: p.safeTxHash }), signature: fixed })
    }
  } catch {
    return null
  }
  return null
}

export interface ProposalTarget {
  chainId?: number
  safe?: Address
}

/**
 * Everything that can be checked without a chain: the hash recomputed from the fields, the target chain and Safe,
 * the decoded block against the data, and each signature against its owner.
 */
export async function verifyProposal(p: Proposal, target: ProposalTarget = {}): Promise<void> {
  if (target.chainId !== undefined && p.chainId !== target.chainId) {
    throw new VaultError('PROPOSAL_WRONG_CHAIN', `Proposal is for chain ${p.chainId}, not chain ${target.chainId}`, {
      hints: ['Use the profile or --chain of the chain the proposal was made for.'],
    })
  }
  if (target.safe !== undefined && getAddress(target.safe) !== p.safe) {
    throw new VaultError('PROPOSAL_WRONG_SAFE', `Proposal is for Safe ${p.safe}, not ${getAddress(target.safe)}`)
  }
  const expected = computeSafeTxHash(p.chainId, p.safe, safeTxOf(p))
  if (expected !== p.safeTxHash) {
    throw new VaultError(
      'PROPOSAL_HASH_MISMATCH',
      'Proposal fields do not match its safeTxHash: the file was changed after it was made',
      {
        details: `stored ${p.safeTxHash}, fields hash to ${expected}`,
        hints: ['Do not sign or execute it; recreate the proposal and collect the signatures again.'],
      },
    )
  }
  checkDecoded(p.decoded, p.data, 'top level')
  const seen = new Set<Address>()
  for (const s of p.signatures) {
    if (seen.has(s.owner))
      throw new VaultError('PROPOSAL_BAD_SIGNATURE', `Proposal holds two signatures from ${s.owner}`)
    seen.add(s.owner)
    if (s.type === 'eip712' || s.type === 'ethSign') {
      const signer = await recoverSigner(p, s)
      if (signer !== s.owner) {
        throw new VaultError(
          'PROPOSAL_BAD_SIGNATURE',
          `Signature listed for ${s.owner} was not made by that owner over this transaction`,
          {
            details: signer ? `it recovers to ${signer}` : 'it does not recover to any address',
            hints: ['Remove that signature from the file and ask the owner to sign again.'],
          },
        )
      }
    } else if (ownerInR(s.signature) !== s.owner) {
      throw new VaultError('PROPOSAL_BAD_SIGNATURE', `${s.type} signature listed for ${s.owner} names another owner`)
    }
  }
}

/** Read a proposal file and verify it (see `verifyProposal`); every failure is a VaultError with exit 3. */
export async function readProposal(path: string, target: ProposalTarget = {}): Promise<Proposal> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new VaultError('PROPOSAL_NOT_FOUND', `Cannot read proposal file ${path}`, { cause })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new VaultError('PROPOSAL_SCHEMA', `Proposal file ${path} is not valid JSON`, {
      details: cause instanceof Error ? cause.message : undefined,
    })
  }
  const p = parseProposal(json)
  await verifyProposal(p, target)
  return p
}
