import { join } from 'node:path'
import type { Abi, Address, Hex, TransactionReceipt } from 'viem'
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

/** Who acts: a key that sends, or a Safe whose owners sign a proposal. */
export type Route =
  | { kind: 'key'; key: Hex }
  | { kind: 'safe'; safe: Address; proposalsDir: string; txServiceUrl?: string }

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
