import { readFile } from 'node:fs/promises'
import {
  type AbiFunction,
  type Address,
  encodeFunctionData,
  getAddress,
  type Hex,
  isAddress,
  isHex,
  zeroAddress,
} from 'viem'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import type { Action, ProposedResult } from '../tx/call.js'
import type { SafeTxCall } from '../tx/simulate.js'
import { addSignature } from './add-signature.js'
import { coerceArg, type Param } from './calls.js'
import { assertDelegateCallAllowed } from './delegatecall.js'
import { SAFE_141 } from './deploy.js'
import { KNOWN_ABIS } from './known-abis.js'
import { decodeMultiSend, isMultiSendCall } from './multisend.js'
import { PROPOSAL_VERSION, type Proposal, readProposal } from './proposal.js'
import { computeSafeTxHash, DEFAULT_SAFE_TX_FIELDS } from './safe-tx.js'
import { contractSignature } from './signatures.js'
import { writeProposal } from './store.js'
import { type SafeSession, safeRoute } from './target.js'
import { type TxBuilderBatch, txBuilderChecksum } from './tx-builder.js'

/** (A little over 300 lines: both formats' parsers and the one import path that uses them live together.)
 *

 * `safe import`: the two formats other Safe tools write.
 * - A Transaction Builder batch (`{version, chainId, createdAt, meta, transactions}`): its chainId must be the
 *   target chain and its checksum (when present) must be the Builder's; each entry is raw `data`, or a
 *   `contractMethod` with `contractInputsValues` that is encoded here. The calls become one proposal (a
 *   MultiSendCallOnly batch when several), at the next free nonce, as the app would make them.
 * - A protocol-kit transaction (`{data: SafeTransactionData, signatures?}` as an EthSafeTransaction serializes, or
 *   api-kit's `{safeAddress?, safeTransactionData, safeTxHash?, senderAddress?, senderSignature?}`): proposed
 *   exactly as given (same fields, same nonce, so its signatures stay valid), its signatures checked and added.
 */
export type Imported =
  | { kind: 'tx-builder'; name: string; description?: string; actions: Action[]; warnings: string[] }
  | {
      kind: 'protocol-kit'
      safe?: Address
      safeTxHash?: Hex
      safeTx: SafeTxCall
      nonce: bigint
      actions: Action[]
      signatures: { signer: Address; signature: Hex; contract: boolean }[]
    }

const invalid = (why: string, details?: string) =>
  new VaultError('IMPORT_INVALID', why, {
    details,
    hints: ['Import a Transaction Builder batch or a protocol-kit transaction JSON (see `vault safe import --help`).'],
  })

export async function readImport(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'))
  } catch (e) {
    throw invalid(`Cannot read ${path} as JSON`, (e as Error).message)
  }
}

export function parseImport(
  json: unknown,
  target: { chainId: ChainId; allowDelegateCall?: boolean; ignoreChecksum?: boolean },
): Imported {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('The file is not a JSON object')
  const o = json as Record<string, unknown>
  if (Array.isArray(o.transactions) && typeof o.meta === 'object')
    return fromBuilder(o as unknown as TxBuilderBatch, target)
  const data = (o.safeTransactionData ?? o.data) as Record<string, unknown> | undefined
  if (data && typeof data === 'object' && 'to' in data && 'nonce' in data) return fromKit(o, data, target)
  throw invalid('Neither a Transaction Builder batch nor a protocol-kit transaction')
}

const action = (chainId: ChainId, to: Address, value: bigint, data: Hex, description: string): Action => ({
  chainId,
  to,
  value,
  data,
  description,
  abis: KNOWN_ABIS,
})

function uint(v: unknown, field: string): bigint {
  const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]*)$/.test(text)) throw invalid(`${field} must be a whole number`)
  const n = BigInt(text)
  if (n >= 2n ** 256n) throw invalid(`${field} is above 2^256`)
  return n
}

function address(v: unknown, field: string): Address {
  if (typeof v !== 'string' || !isAddress(v, { strict: false })) throw invalid(`${field} must be an address`)
  return getAddress(v)
}

function hex(v: unknown, field: string): Hex {
  if (v === null || v === undefined || v === '') return '0x'
  if (typeof v !== 'string' || !isHex(v, { strict: true }) || v.length % 2 !== 0)
    throw invalid(`${field} must be even-length 0x hex`)
  return v.toLowerCase() as Hex
}

function fromBuilder(batch: TxBuilderBatch, target: { chainId: ChainId; ignoreChecksum?: boolean }): Imported {
  if (String(batch.chainId) !== String(target.chainId)) {
    throw new VaultError(
      'PROPOSAL_WRONG_CHAIN',
      `The batch is for chain ${batch.chainId}, not chain ${target.chainId}`,
      {
        hints: ['Import it with --chain set to the chain it was made for.'],
      },
    )
  }
  const warnings: string[] = []
  const checksum = batch.meta?.checksum
  if (checksum === undefined) warnings.push('the batch has no checksum: it cannot be checked for changes')
  else if (txBuilderChecksum(batch) !== checksum && !target.ignoreChecksum) {
    throw new VaultError('IMPORT_CHECKSUM_MISMATCH', 'The batch does not match its Transaction Builder checksum', {
      details: `file ${checksum}, contents ${txBuilderChecksum(batch)}`,
      hints: ['The file was changed after it was exported; get a fresh copy (or pass --ignore-checksum).'],
    })
  }
  if (!batch.transactions.length) throw invalid('The batch has no transactions')
  const actions = batch.transactions.map((t, i) => {
    const where = `transactions[${i}]`
    const to = address(t.to, `${where}.to`)
    const value = uint(t.value ?? '0', `${where}.value`)
    const raw = hex(t.data, `${where}.data`)
    const method = t.contractMethod as unknown as { name?: string; inputs?: Param[]; payable?: boolean } | null
    let data = raw
    if (method) {
      const encoded = encodeMethod(method, (t.contractInputsValues ?? {}) as Record<string, unknown>, where)
      if (raw !== '0x' && raw !== encoded) throw invalid(`${where}: data differs from its contractMethod's encoding`)
      data = encoded
    }
    const label = method?.name
      ? `${method.name} on ${to}`
      : data === '0x'
        ? `transfer to ${to}`
        : `${data.slice(0, 10)} on ${to}`
    return action(target.chainId, to, value, data, label)
  })
  const from = batch.meta.createdFromSafeAddress
  if (from && isAddress(from, { strict: false })) warnings.push(`made for Safe ${getAddress(from)}`)
  return { kind: 'tx-builder', name: batch.meta.name, description: batch.meta.description, actions, warnings }
}

/** The Builder's `contractMethod` + `contractInputsValues` (strings; arrays and tuples as JSON) as calldata. */
function encodeMethod(
  method: { name?: string; inputs?: Param[]; payable?: boolean },
  values: Record<string, unknown>,
  where: string,
): Hex {
  if (typeof method.name !== 'string' || !Array.isArray(method.inputs))
    throw invalid(`${where}.contractMethod is malformed`)
  const inputs = method.inputs as (Param & { name?: string })[]
  const fn = {
    type: 'function',
    name: method.name,
    inputs,
    outputs: [],
    stateMutability: method.payable ? 'payable' : 'nonpayable',
  } as unknown as AbiFunction
  try {
    const args = inputs.map((input, n) => {
      const key = input.name || String(n)
      if (!(key in values)) throw new Error(`no value for ${key}`)
      return coerceArg(input, values[key])
    })
    return encodeFunctionData({ abi: [fn], args } as never)
  } catch (e) {
    throw invalid(`${where}: cannot encode ${method.name}`, (e as Error).message.split('\n')[0])
  }
}

function fromKit(
  o: Record<string, unknown>,
  d: Record<string, unknown>,
  target: { chainId: ChainId; allowDelegateCall?: boolean },
): Imported {
  const operation = Number(d.operation ?? 0)
  if (operation !== 0 && operation !== 1) throw invalid('operation must be 0 or 1')
  for (const f of ['safeTxGas', 'baseGas', 'gasPrice'] as const) {
    if (uint(d[f] ?? '0', f) !== 0n)
      throw new VaultError('IMPORT_UNSUPPORTED', `${f} is not 0: vault proposes without gas refunds`, {
        hints: ['Recreate the transaction with safeTxGas, baseGas and gasPrice 0.'],
      })
  }
  for (const f of ['gasToken', 'refundReceiver'] as const) {
    if (d[f] !== undefined && d[f] !== null && address(d[f], f) !== zeroAddress)
      throw new VaultError('IMPORT_UNSUPPORTED', `${f} is set: vault proposes without gas refunds`)
  }
  const safeTx: SafeTxCall = {
    to: address(d.to, 'to'),
    value: uint(d.value ?? '0', 'value'),
    data: hex(d.data, 'data'),
    operation: operation as 0 | 1,
  }
  assertDelegateCallAllowed(safeTx, target.allowDelegateCall)
  const nonce = uint(d.nonce, 'nonce')
  const batched =
    safeTx.operation === 1 && (safeTx.to === SAFE_141.MultiSend || safeTx.to === SAFE_141.MultiSendCallOnly)
  const actions =
    batched && isMultiSendCall(safeTx.data)
      ? decodeMultiSend(safeTx.data).map((c, n) =>
          action(target.chainId, c.to, c.value, c.data, `call #${n + 1} of the imported batch, on ${c.to}`),
        )
      : [action(target.chainId, safeTx.to, safeTx.value, safeTx.data, `imported Safe transaction to ${safeTx.to}`)]
  const rawSigs = o.signatures
  const list: unknown[] = Array.isArray(rawSigs)
    ? rawSigs
    : rawSigs && typeof rawSigs === 'object'
      ? Object.values(rawSigs)
      : []
  const signatures = list.map((x, i) => {
    const s = x as Record<string, unknown>
    return {
      signer: address(s.signer, `signatures[${i}].signer`),
      signature: hex(s.data, `signatures[${i}].data`),
      contract: s.isContractSignature === true,
    }
  })
  if (typeof o.senderAddress === 'string' && typeof o.senderSignature === 'string') {
    signatures.push({
      signer: address(o.senderAddress, 'senderAddress'),
      signature: hex(o.senderSignature, 'senderSignature'),
      contract: false,
    })
  }
  return {
    kind: 'protocol-kit',
    safe: o.safeAddress === undefined ? undefined : address(o.safeAddress, 'safeAddress'),
    safeTxHash: o.safeTxHash === undefined ? undefined : hex(o.safeTxHash, 'safeTxHash'),
    safeTx,
    nonce,
    actions,
    signatures,
  }
}

export interface ImportResult extends ProposedResult {
  format: Imported['kind']
  /** Signatures carried by the imported file, checked and added. */
  signatures: Address[]
}

/**
 * Import through the write spine: simulated from the Safe, confirmed, written as a proposal file. A protocol-kit
 * transaction keeps its fields and nonce and its signatures are checked (owner, made over this hash) before anything
 * is written; a wrong one refuses the whole import.
 */
export async function importProposal(
  s: SafeSession,
  {
    chainId,
    json,
    ...opts
  }: {
    chainId: ChainId
    /** The import file's content, parsed (a Transaction Builder batch or a protocol-kit transaction). */
    json: unknown
    confirm: (summary: string) => Promise<void>
    description?: string
    allowDelegateCall?: boolean
    ignoreChecksum?: boolean
  },
): Promise<ImportResult> {
  const { perform } = await import('../tx/perform.js')
  const imported = parseImport(json, {
    chainId,
    allowDelegateCall: opts.allowDelegateCall,
    ignoreChecksum: opts.ignoreChecksum,
  })
  const route = safeRoute(s)
  const safe = route.safe
  const client = await s.ctx.client(chainId)
  if (imported.kind === 'tx-builder') {
    const description =
      opts.description ?? ([imported.name, imported.description].filter(Boolean).join(': ') || undefined)
    const done = await perform(client, { actions: imported.actions, route, description, confirm: opts.confirm })
    const proposal = done.proposal as ProposedResult
    return {
      ...proposal,
      format: imported.kind,
      signatures: [],
      warnings: [...imported.warnings, ...proposal.warnings],
    }
  }
  if (imported.safe && imported.safe !== safe)
    throw new VaultError('PROPOSAL_WRONG_SAFE', `The transaction is for Safe ${imported.safe}, not ${safe}`)
  const fields = { ...imported.safeTx, nonce: imported.nonce, ...DEFAULT_SAFE_TX_FIELDS }
  const safeTxHash = computeSafeTxHash(chainId, safe, fields)
  if (imported.safeTxHash && imported.safeTxHash !== safeTxHash) {
    throw new VaultError('PROPOSAL_HASH_MISMATCH', 'The file’s safeTxHash is not the hash of its fields', {
      details: `file ${imported.safeTxHash}, fields hash to ${safeTxHash} for Safe ${safe} on chain ${chainId}`,
    })
  }
  // the signatures first: nothing is written when one of them is not what it claims
  let checked: Proposal = {
    version: PROPOSAL_VERSION,
    chainId,
    safe,
    ...fields,
    safeTxHash,
    description: '',
    decoded: null,
    signatures: [],
    createdAt: new Date().toISOString(),
  }
  for (const sig of imported.signatures) {
    const signature = sig.contract ? contractSignature(sig.signer, sig.signature) : sig.signature
    checked = (await addSignature(client, { proposal: checked, signer: sig.signer, signature })).proposal
  }
  const done = await perform(client, {
    actions: imported.actions,
    route,
    nonce: imported.nonce,
    safeTx: imported.safeTx,
    description: opts.description ?? `imported Safe transaction (nonce ${imported.nonce})`,
    confirm: opts.confirm,
  })
  const proposal = done.proposal as ProposedResult
  if (checked.signatures.length) {
    const written = await readProposal(proposal.file)
    await writeProposal(proposal.file, { ...written, signatures: checked.signatures })
  }
  return { ...proposal, format: imported.kind, signatures: checked.signatures.map((x) => x.owner) }
}
