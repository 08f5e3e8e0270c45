import { join } from 'node:path'
import type { Abi, Account, Address, Hex, TransactionReceipt } from 'viem'
import type { ChainId } from '../config/schema.js'
import { configDir } from '../config/store.js'

/** One state-changing call, described for a person before it is sent or proposed. */
export interface Action {
  chainId: ChainId
  to: Address
  data: Hex
  value?: bigint
  description: string
  /** ABIs to decode the call and its revert reasons with. */
  abis: readonly Abi[]
}

/** How a key route's transactions are sent (cast's --gas-price, --priority-gas-price, --nonce, --legacy, --confirmations). */
export interface TxOptions {
  /** Legacy: the gas price; EIP-1559: the max fee per gas (wei). Default: the node's estimate. */
  gasPrice?: bigint
  /** EIP-1559 tip (wei). */
  priorityGasPrice?: bigint
  /** The first transaction's nonce; a sequence takes the next ones. Default: the account's pending count. */
  nonce?: bigint
  /** A type-0 transaction with a gas price instead of EIP-1559 fees. */
  legacy?: boolean
  /** Blocks to wait for after inclusion (1: the including block). */
  confirmations?: number
}

/** The fee and nonce fields of the request from the route's options (absent ones are filled by the node's estimates). */
export function txFields(tx: TxOptions, index: number) {
  const nonce = tx.nonce === undefined ? {} : { nonce: Number(tx.nonce) + index }
  if (tx.legacy) return { type: 'legacy' as const, gasPrice: tx.gasPrice, ...nonce }
  return { maxFeePerGas: tx.gasPrice, maxPriorityFeePerGas: tx.priorityGasPrice, ...nonce }
}

/** Who acts: an account that sends (a local key or a Ledger), or a Safe whose owners sign a proposal. */
export type Route =
  | { kind: 'key'; account: Account; tx: TxOptions }
  | { kind: 'safe'; safe: Address; proposalsDir: string; txServiceUrl?: string }

/** What a state-changing action is given to write with: who acts, and the confirmation asked before anything is. */
export interface WriteRoute {
  route: Route
  /** Asked once, after the plan was simulated, with what will be sent; throws to cancel. */
  confirm: (summary: string) => Promise<void>
}

export interface SentResult {
  mode: 'sent'
  txHash: Hex
  from: Address
  gasUsed: bigint
  receipt: TransactionReceipt
  /** The reply to the send was lost and the transaction was found by its hash. */
  recovered?: boolean
}

export interface ProposedResult {
  mode: 'proposed'
  file: string
  safe: Address
  safeTxHash: Hex
  nonce: bigint
  threshold: bigint
  warnings: string[]
}

export const defaultProposalsDir = () => join(configDir(), 'proposals')

/** The short form of a sent transaction for --json. */
export const sentSummary = (s: SentResult) => ({ txHash: s.txHash, from: s.from, gasUsed: s.gasUsed })
