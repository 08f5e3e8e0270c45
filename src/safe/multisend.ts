import {
  type Abi,
  type AbiFunction,
  type Address,
  decodeFunctionData,
  encodeFunctionData,
  encodePacked,
  getAddress,
  type Hex,
  hexToBigInt,
  parseAbiItem,
  size,
  slice,
  toFunctionSelector,
} from 'viem'
import { formatAbiItem } from 'viem/utils'
import { VaultError } from '../core/errors.js'
import { multiSendAbi, safeAbi } from './abi.js'
import { SAFE_141 } from './deploy.js'
import type { Operation } from './safe-tx.js'

/** A call decoded with a known ABI; for a MultiSend, `calls` holds the inner calls. */
export interface DecodedCall {
  /** Canonical signature, e.g. `changeThreshold(uint256)`. */
  method: string
  args: string[]
  calls?: DecodedInnerCall[]
}

export interface DecodedInnerCall {
  operation: Operation
  to: Address
  value: string
  data: Hex
  decoded: DecodedCall | null
}

export interface MetaCall {
  to: Address
  value?: bigint
  data?: Hex
  /** 0 = CALL (default), 1 = DELEGATECALL (MultiSend only, not MultiSendCallOnly). */
  operation?: Operation
}

export interface InnerCall {
  operation: Operation
  to: Address
  value: bigint
  data: Hex
}

/**
 * A batch as one Safe transaction: a DELEGATECALL to MultiSendCallOnly (default) or MultiSend with the packed
 * encoding `operation(1) ‖ to(20) ‖ value(32) ‖ dataLength(32) ‖ data` per call. All calls succeed or none does.
 */
export function encodeMultiSend(
  calls: MetaCall[],
  { callOnly = true }: { callOnly?: boolean } = {},
): { to: Address; value: bigint; data: Hex; operation: Operation } {
  if (calls.length === 0) throw new VaultError('BATCH_INVALID', 'A batch needs at least one call')
  const parts = calls.map((c, i) => {
    const operation = c.operation ?? 0
    if (operation === 1 && callOnly) {
      throw new VaultError('BATCH_INVALID', `Call #${i + 1} is a DELEGATECALL, which MultiSendCallOnly refuses`, {
        hints: ['Use the MultiSend contract for batches that need DELEGATECALL.'],
      })
    }
    const data = c.data ?? '0x'
    return encodePacked(
      ['uint8', 'address', 'uint256', 'uint256', 'bytes'],
      [operation, getAddress(c.to), c.value ?? 0n, BigInt(size(data)), data],
    )
  })
  const packed = `0x${parts.map((p) => p.slice(2)).join('')}` as Hex
  return {
    to: callOnly ? SAFE_141.MultiSendCallOnly : SAFE_141.MultiSend,
    value: 0n,
    data: encodeFunctionData({ abi: multiSendAbi, functionName: 'multiSend', args: [packed] }),
    operation: 1,
  }
}

/** The calls packed in a MultiSend `transactions` argument. */
export function unpackMultiSend(packed: Hex): InnerCall[] {
  const calls: InnerCall[] = []
  const total = size(packed)
  let at = 0
  while (at < total) {
    if (at + 85 > total) throw new VaultError('BATCH_INVALID', 'Malformed MultiSend batch: truncated call header')
    const operation = Number(hexToBigInt(slice(packed, at, at + 1)))
    if (operation !== 0 && operation !== 1)
      throw new VaultError('BATCH_INVALID', `Malformed MultiSend batch: operation ${operation}`)
    const to = getAddress(slice(packed, at + 1, at + 21))
    const value = hexToBigInt(slice(packed, at + 21, at + 53))
    const length = Number(hexToBigInt(slice(packed, at + 53, at + 85)))
    if (at + 85 + length > total)
      throw new VaultError('BATCH_INVALID', 'Malformed MultiSend batch: truncated call data')
    const data = length === 0 ? '0x' : slice(packed, at + 85, at + 85 + length)
    calls.push({ operation, to, value, data: data.toLowerCase() as Hex })
    at += 85 + length
  }
  return calls
}

const MULTI_SEND_SELECTOR = toFunctionSelector('multiSend(bytes)')

export function isMultiSendCall(data: Hex): boolean {
  return data.slice(0, 10).toLowerCase() === MULTI_SEND_SELECTOR
}

/** The inner calls of a `multiSend(bytes)` calldata. */
export function decodeMultiSend(calldata: Hex): InnerCall[] {
  if (!isMultiSendCall(calldata)) throw new VaultError('BATCH_INVALID', 'Not a multiSend(bytes) call')
  let packed: Hex
  try {
    packed = decodeFunctionData({ abi: multiSendAbi, data: calldata }).args[0]
  } catch (cause) {
    throw new VaultError('BATCH_INVALID', 'Malformed multiSend(bytes) call data', {
      details: cause instanceof Error ? cause.message : undefined,
    })
  }
  return unpackMultiSend(packed)
}

/** A decoded argument as a string: bigints in decimal, addresses checksummed, arrays/tuples as JSON. */
export function stringifyArg(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))
}

/**
 * Decode calldata with the given ABIs (the Safe's own ABI and MultiSend are always known).
 * Returns null for empty data or an unknown selector. A MultiSend batch lists its inner calls, each decoded too.
 */
export function describeCall(data: Hex, abis: readonly Abi[] = []): DecodedCall | null {
  if (data === '0x' || data.length < 10) return null
  const selector = data.slice(0, 10).toLowerCase()
  for (const abi of [safeAbi, multiSendAbi, ...abis] as readonly Abi[]) {
    const item = abi.find((x): x is AbiFunction => x.type === 'function' && toFunctionSelector(x) === selector)
    if (!item) continue
    let args: readonly unknown[]
    try {
      args = decodeFunctionData({ abi: [item], data }).args ?? []
    } catch {
      continue
    }
    const method = formatAbiItem(item)
    // Decode again with the canonical (unnamed) signature, as file validation does: structs become arrays, not objects.
    const canonical = decodeFunctionData({ abi: [parseAbiItem(`function ${method}`)] as Abi, data }).args ?? args
    const decoded: DecodedCall = { method, args: canonical.map(stringifyArg) }
    if (selector === MULTI_SEND_SELECTOR) {
      decoded.calls = decodeMultiSend(data).map((c) => ({
        operation: c.operation,
        to: c.to,
        value: c.value.toString(),
        data: c.data,
        decoded: describeCall(c.data, abis),
      }))
    }
    return decoded
  }
  return null
}
