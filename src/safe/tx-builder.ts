import { type Address, type Hex, keccak256, stringToHex } from 'viem'
import { VaultError } from '../core/errors.js'
import { SAFE_141 } from './deploy.js'
import { decodeMultiSend } from './multisend.js'
import type { Proposal } from './proposal.js'

/** A Safe Transaction Builder batch file (what the app's "Load" accepts). */
export interface TxBuilderBatch {
  version: '1.0'
  chainId: string
  createdAt: number
  meta: {
    name: string
    description?: string
    txBuilderVersion?: string
    createdFromSafeAddress?: string
    createdFromOwnerAddress?: string
    checksum?: Hex
  }
  transactions: TxBuilderTransaction[]
}

export interface TxBuilderTransaction {
  to: Address
  value: string
  data: Hex | null
  contractMethod: null
  contractInputsValues: null
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

/**
 * The builder's canonical serialization: objects as `{["k1","k2"]v1,v2,}` with sorted keys, arrays as `[a,b]`,
 * scalars as JSON (undefined as null).
 */
function serialize(value: Json | undefined): string {
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort()
    return `{${JSON.stringify(keys)}${keys.map((k) => `${serialize(value[k])},`).join('')}}`
  }
  return value === undefined ? 'null' : JSON.stringify(value)
}

/** Checksum the Transaction Builder checks on load: keccak256 of the serialization with `meta.name` null, no checksum. */
export function txBuilderChecksum(batch: TxBuilderBatch): Hex {
  const { checksum: _ignored, ...meta } = batch.meta
  const plain = JSON.parse(JSON.stringify({ ...batch, meta: { ...meta, name: null } })) as Json
  return keccak256(stringToHex(serialize(plain)))
}

export function isValidTxBuilderChecksum(batch: TxBuilderBatch): boolean {
  return batch.meta.checksum !== undefined && txBuilderChecksum(batch) === batch.meta.checksum
}

/** The plain CALLs a proposal consists of: itself, or the calls of a MultiSend batch. */
function callsOf(p: Proposal): TxBuilderTransaction[] {
  const entry = (to: Address, value: bigint, data: Hex): TxBuilderTransaction => ({
    to,
    value: value.toString(),
    data: data === '0x' ? null : data,
    contractMethod: null,
    contractInputsValues: null,
  })
  if (p.operation === 0) return [entry(p.to, p.value, p.data)]
  if (p.to !== SAFE_141.MultiSend && p.to !== SAFE_141.MultiSendCallOnly) {
    throw new VaultError(
      'PROPOSAL_NOT_EXPORTABLE',
      `Proposal ${p.safeTxHash} is a DELEGATECALL, which the Transaction Builder cannot express`,
      { hints: ['Share the proposal file instead and sign it with `vault safe sign`.'] },
    )
  }
  return decodeMultiSend(p.data).map((c) => {
    if (c.operation !== 0) {
      throw new VaultError(
        'PROPOSAL_NOT_EXPORTABLE',
        `Proposal ${p.safeTxHash} batches a DELEGATECALL, which the Transaction Builder cannot express`,
      )
    }
    return entry(c.to, c.value, c.data)
  })
}

export interface TxBuilderOptions {
  name: string
  description?: string
  createdFromOwnerAddress?: Address
  txBuilderVersion?: string
  /** Defaults to now (ms); fixed in tests. */
  createdAt?: number
}

/**
 * Export proposals as one Transaction Builder batch (all for the same chain and Safe), with its checksum.
 * The app batches the calls through MultiSend itself and picks its own nonce.
 */
export function toTransactionBuilder(proposals: Proposal | Proposal[], options: TxBuilderOptions): TxBuilderBatch {
  const list = Array.isArray(proposals) ? proposals : [proposals]
  if (list.length === 0) throw new VaultError('ARG_MISSING', 'Nothing to export')
  const [first] = list
  if (list.some((p) => p.chainId !== first.chainId || p.safe !== first.safe)) {
    throw new VaultError('BATCH_INVALID', 'Proposals for different chains or Safes cannot share one batch')
  }
  const meta: TxBuilderBatch['meta'] = {
    name: options.name,
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.txBuilderVersion !== undefined ? { txBuilderVersion: options.txBuilderVersion } : {}),
    createdFromSafeAddress: first.safe,
    ...(options.createdFromOwnerAddress !== undefined
      ? { createdFromOwnerAddress: options.createdFromOwnerAddress }
      : {}),
  }
  const batch: TxBuilderBatch = {
    version: '1.0',
    chainId: String(first.chainId),
    createdAt: options.createdAt ?? Date.now(),
    meta,
    transactions: [...list].sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0)).flatMap(callsOf),
  }
  return { ...batch, meta: { ...meta, checksum: txBuilderChecksum(batch) } }
}

/** What an export is, said in the batch and on stderr: a new Safe transaction, not the proposal itself. */
export function exportNotice(proposals: Proposal[]): string {
  const nonces = proposals.map((p) => p.nonce).join(', ')
  return `Exported as a separate Safe transaction: the Transaction Builder proposes these calls at its own next nonce (not the proposal's nonce ${nonces}) and the owners sign them again there; do not also execute the vault proposal${proposals.length > 1 ? 's' : ''}, or the calls run twice`
}
