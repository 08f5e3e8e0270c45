import { type Address, type ContractFunctionArgs, type Hex, hashTypedData, zeroAddress } from 'viem'
import type { safeAbi } from '../chain/abi/generated.js'

export type Operation = 0 | 1

/** The EIP-712 `SafeTx` struct (Safe ≥ 1.3): the one place its ten fields are listed, in the Safe's order. */
export const SAFE_TX_TYPES = {
  SafeTx: [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'operation', type: 'uint8' },
    { name: 'safeTxGas', type: 'uint256' },
    { name: 'baseGas', type: 'uint256' },
    { name: 'gasPrice', type: 'uint256' },
    { name: 'gasToken', type: 'address' },
    { name: 'refundReceiver', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const

type Field = (typeof SAFE_TX_TYPES.SafeTx)[number]
type TsOf<T extends Field['type']> = T extends 'address'
  ? Address
  : T extends 'bytes'
    ? Hex
    : T extends 'uint8'
      ? Operation
      : bigint

/** The fields of a Safe transaction that its owners sign, typed from {@link SAFE_TX_TYPES}. */
export type SafeTx = { [F in Field as F['name']]: TsOf<F['type']> }
export type SafeTxField = keyof SafeTx

export const SAFE_TX_FIELDS: readonly SafeTxField[] = SAFE_TX_TYPES.SafeTx.map((f) => f.name)

/** Just the SafeTx fields of anything that carries them (a proposal, a service record). */
export const safeTxOf = (p: SafeTx): SafeTx =>
  Object.fromEntries(SAFE_TX_FIELDS.map((f) => [f, p[f]])) as unknown as SafeTx

/** The arguments of a Safe function, as the ABI types them. */
type SafeArgs<F extends 'getTransactionHash' | 'execTransaction'> = ContractFunctionArgs<
  typeof safeAbi,
  'view' | 'payable',
  F
>

/** The arguments of the Safe's `getTransactionHash(to, …, nonce)`, in order. */
export const hashArgs = (tx: SafeTx) => SAFE_TX_FIELDS.map((f) => tx[f]) as unknown as SafeArgs<'getTransactionHash'>

/** The arguments of `execTransaction(to, …, refundReceiver, signatures)`: the fields but the nonce, then signatures. */
export const execArgs = (tx: SafeTx, signatures: Hex) =>
  [...hashArgs(tx).slice(0, 9), signatures] as unknown as SafeArgs<'execTransaction'>

/** The fields as JSON: integers as decimal strings, the operation as a number (files, the Transaction Service). */
export const safeTxToJson = (tx: SafeTx): Record<SafeTxField, string | number> =>
  Object.fromEntries(
    SAFE_TX_FIELDS.map((f) => [f, typeof tx[f] === 'bigint' ? (tx[f] as bigint).toString() : tx[f]]),
  ) as Record<SafeTxField, string | number>

/** Read each field from JSON with a parser per ABI type (each parser names the field when it refuses a value). */
export function safeTxFromJson(parse: {
  address: (field: SafeTxField) => Address
  uint: (field: SafeTxField) => bigint
  bytes: (field: SafeTxField) => Hex
  operation: (field: SafeTxField) => Operation
}): SafeTx {
  const kind = { address: parse.address, uint256: parse.uint, bytes: parse.bytes, uint8: parse.operation }
  return Object.fromEntries(SAFE_TX_TYPES.SafeTx.map((f) => [f.name, kind[f.type](f.name)])) as unknown as SafeTx
}

/** EIP-712 typed data of a Safe transaction (domain: chain id and the Safe, as Safe ≥ 1.3 signs). */
export const safeTxTypedData = (chainId: number, safe: Address, tx: SafeTx) => ({
  domain: { chainId, verifyingContract: safe },
  types: SAFE_TX_TYPES,
  primaryType: 'SafeTx' as const,
  message: safeTxOf(tx),
})

export const computeSafeTxHash = (chainId: number, safe: Address, tx: SafeTx): Hex =>
  hashTypedData(safeTxTypedData(chainId, safe, tx))

/** No refund: the executor pays its own gas (vault never sets a gas refund). */
export const DEFAULT_SAFE_TX_FIELDS = {
  safeTxGas: 0n,
  baseGas: 0n,
  gasPrice: 0n,
  gasToken: zeroAddress,
  refundReceiver: zeroAddress,
} as const
