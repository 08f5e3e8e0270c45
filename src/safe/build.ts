import { type Abi, type Address, getAddress, type Hex, isHex, type PublicClient } from 'viem'
import { VaultError } from '../core/errors.js'
import { safeAbi } from './abi.js'
import { proposalWarnings } from './delegatecall.js'
import { assertNonceUnused } from './guard.js'
import { describeCall } from './multisend.js'
import { PROPOSAL_VERSION, type Proposal } from './proposal.js'
import { computeSafeTxHash, DEFAULT_SAFE_TX_FIELDS, hashArgs, type Operation, type SafeTx } from './safe-tx.js'
import { readSafeState } from './state.js'

export interface BuildProposalOptions {
  safe: Address
  chainId: number
  to: Address
  value?: bigint
  data?: Hex
  operation?: Operation
  description?: string
  /** Explicit nonce; otherwise the next one after the Safe's nonce and the queued proposals. */
  nonce?: bigint
  /** Nonces of proposals already queued for this Safe (e.g. from `queuedNonces`). */
  queued?: readonly bigint[]
  /** ABIs used to decode the call for signers (the Safe's own and MultiSend are always known). */
  abis?: readonly Abi[]
  /** Defaults to now; fixed in tests. */
  now?: Date
}

export interface BuiltProposal {
  proposal: Proposal
  /** The Safe's on-chain nonce when the proposal was made. */
  safeNonce: bigint
  threshold: bigint
  owners: Address[]
  warnings: string[]
}

/** The nonce a new proposal gets: one past the highest queued nonce that is still unused, or the Safe's nonce. */
export function nextNonce(safeNonce: bigint, queued: readonly bigint[] = []): bigint {
  return queued.reduce((next, n) => (n >= next ? n + 1n : next), safeNonce)
}

/**
 * Make an unsigned proposal for a Safe transaction: picks the nonce, computes the safeTxHash and checks it against
 * the Safe's own `getTransactionHash` on chain.
 */
export async function buildProposal(client: PublicClient, options: BuildProposalOptions): Promise<BuiltProposal> {
  const data = options.data ?? '0x'
  if (!isHex(data, { strict: true }) || data.length % 2 !== 0)
    throw new VaultError('CALL_INVALID', 'Call data must be even-length 0x hex')
  const operation = options.operation ?? 0
  if (operation !== 0 && operation !== 1)
    throw new VaultError('CALL_INVALID', 'Operation must be 0 (call) or 1 (delegatecall)')
  const value = options.value ?? 0n
  if (value < 0n) throw new VaultError('CALL_INVALID', 'Value must not be negative')
  const state = await readSafeState(client, options.safe)
  if (state.chainId !== options.chainId) {
    throw new VaultError(
      'PROPOSAL_WRONG_CHAIN',
      `Connected to chain ${state.chainId}, but the proposal is for chain ${options.chainId}`,
    )
  }
  const nonce = options.nonce ?? nextNonce(state.nonce, options.queued)
  assertNonceUnused({ safe: state.address, nonce }, state.nonce)
  const tx: SafeTx = {
    to: getAddress(options.to),
    value,
    data: data.toLowerCase() as Hex,
    operation,
    nonce,
    ...DEFAULT_SAFE_TX_FIELDS,
  }
  const safeTxHash = computeSafeTxHash(options.chainId, state.address, tx)
  const onChain = await client.readContract({
    address: state.address,
    abi: safeAbi,
    functionName: 'getTransactionHash',
    args: hashArgs(tx),
  })
  if (onChain !== safeTxHash) {
    throw new VaultError('SAFE_TX_HASH_MISMATCH', 'The Safe computes a different transaction hash than vault', {
      details: `Safe ${state.address} (version ${state.version}) says ${onChain}; EIP-712 over chain ${options.chainId} gives ${safeTxHash}`,
      hints: ['vault supports Safe ≥ 1.3 (chain id in the domain); check the Safe address and chain.'],
    })
  }
  const proposal: Proposal = {
    version: PROPOSAL_VERSION,
    chainId: options.chainId,
    safe: state.address,
    ...tx,
    safeTxHash,
    description: options.description ?? '',
    decoded: describeCall(tx.data, options.abis),
    signatures: [],
    createdAt: (options.now ?? new Date()).toISOString(),
  }
  return {
    proposal,
    safeNonce: state.nonce,
    threshold: state.threshold,
    owners: state.owners,
    warnings: proposalWarnings(tx),
  }
}
