import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { VaultError } from '../core/errors.js'
import { type TxOptions, txFields } from '../tx/call.js'
import { safeAbi } from './abi.js'
import { assertDelegateCallAllowed } from './delegatecall.js'
import { guardSigner } from './guard.js'
import { type Proposal, type ProposalSignature, recoverSigner, type SignatureType } from './proposal.js'
import { safeTxOf, safeTxTypedData } from './safe-tx.js'
import {
  approvedHashSignature,
  contractAccepts,
  contractSignatureData,
  packSignatures,
  safeTxPreimage,
} from './signatures.js'
import { type SafeState, verifyAgainstChain } from './state.js'

export type SafeWalletClient = WalletClient<Transport, Chain | undefined, Account | undefined>

export interface SignOptions {
  /** Sign/approve a top-level DELEGATECALL to a target that is not MultiSend (refused otherwise). */
  allowDelegateCall?: boolean
}

/**
 * Every refusal signing would make, without signing: callers run it before asking for confirmation. An EIP-712
 * signature (`signProposal`) is also refused from an owner who already signed; an on-chain `approveHash` is not.
 */
export async function checkCanSign(
  client: PublicClient,
  {
    proposal,
    owner,
    approve = false,
    allowDelegateCall = false,
  }: SignOptions & { proposal: Proposal; owner: Address; approve?: boolean },
): Promise<SafeState> {
  assertDelegateCallAllowed(proposal, allowDelegateCall)
  return guardSigner(client, { proposal, signer: owner, refuseSigned: !approve })
}

export interface SignResult {
  proposal: Proposal
  signature: ProposalSignature
  signatures: number
  threshold: bigint
}

/**
 * EIP-712 sign a proposal as one owner and append the signature (returns a new proposal; write it with
 * `writeProposal`). A local account signs itself; a JSON-RPC account signs through `wallet`.
 */
export async function signProposal(
  client: PublicClient,
  {
    proposal,
    account,
    wallet,
    allowDelegateCall,
  }: SignOptions & { proposal: Proposal; account: Account; wallet?: SafeWalletClient },
): Promise<SignResult> {
  const owner = getAddress(account.address)
  const state = await checkCanSign(client, { proposal, owner, allowDelegateCall })
  const typedData = safeTxTypedData(proposal.chainId, proposal.safe, safeTxOf(proposal))
  let signature: Hex
  if (account.signTypedData) signature = await account.signTypedData(typedData)
  else if (wallet) signature = await wallet.signTypedData({ account, ...typedData })
  else {
    throw new VaultError('SIGNER_UNAVAILABLE', 'This account cannot sign typed data by itself', {
      hints: ['Pass a wallet client connected to a node that holds the key, or use a local key.'],
    })
  }
  const entry: ProposalSignature = { owner, signature, type: 'eip712' }
  if ((await recoverSigner(proposal, entry)) !== owner) {
    throw new VaultError(
      'PROPOSAL_BAD_SIGNATURE',
      'The signer produced a signature that does not recover to its address',
    )
  }
  const signed = { ...proposal, signatures: [...proposal.signatures, entry] }
  return { proposal: signed, signature: entry, signatures: signed.signatures.length, threshold: state.threshold }
}

export interface ApproveResult {
  owner: Address
  safeTxHash: Hex
  transactionHash: Hex | null
  alreadyApproved: boolean
}

/** Approve the proposal's safeTxHash on chain (`approveHash`) from an owner's wallet. */
export async function approveHash(
  client: PublicClient,
  {
    wallet,
    proposal,
    allowDelegateCall,
    tx = {},
  }: SignOptions & { wallet: SafeWalletClient; proposal: Proposal; tx?: TxOptions },
): Promise<ApproveResult> {
  const account = wallet.account
  if (!account) throw new VaultError('ACCOUNT_MISSING', 'The wallet client has no account')
  const owner = getAddress(account.address)
  await checkCanSign(client, { proposal, owner, approve: true, allowDelegateCall })
  const approved = await client.readContract({
    address: proposal.safe,
    abi: safeAbi,
    functionName: 'approvedHashes',
    args: [owner, proposal.safeTxHash],
  })
  if (approved !== 0n) return { owner, safeTxHash: proposal.safeTxHash, transactionHash: null, alreadyApproved: true }
  const { request } = await client.simulateContract({
    account,
    address: proposal.safe,
    abi: safeAbi,
    functionName: 'approveHash',
    args: [proposal.safeTxHash],
  })
  const transactionHash = await wallet.writeContract({
    ...request,
    chain: wallet.chain,
    ...txFields(tx, 0),
  } as typeof request)
  const receipt = await client.waitForTransactionReceipt({ hash: transactionHash, confirmations: tx.confirmations })
  if (receipt.status !== 'success') {
    throw new VaultError('TX_REVERTED', 'approveHash transaction reverted', {
      details: `transaction ${transactionHash}`,
    })
  }
  return { owner, safeTxHash: proposal.safeTxHash, transactionHash, alreadyApproved: false }
}

export interface CollectedSignature {
  owner: Address
  type: SignatureType
  /** 65 bytes, or a contract signature in its standalone form (packed with its dynamic part). */
  signature: Hex
  source: 'file' | 'chain' | 'executor'
}

export interface CollectedSignatures {
  /** Sorted by owner address, as `execTransaction` requires. */
  signatures: CollectedSignature[]
  /** The `signatures` argument of `execTransaction`. */
  packed: Hex
  threshold: bigint
  owners: Address[]
  safeNonce: bigint
  /** Signatures that were left out, and why. */
  ignored: { owner: Address; reason: string }[]
}

export { approvedHashSignature }

/**
 * The valid signatures for a proposal: the file's (or service's) ECDSA signatures from current owners, contract
 * signatures the owner contract accepts (EIP-1271), on-chain `approveHash` approvals (an APPROVED_HASH entry
 * counts only when the approval is on chain), and (when `executor` is an owner) the executor's implicit approval;
 * packed sorted by owner with the contract signatures' data after the static parts.
 */
export async function collectSignatures(
  client: PublicClient,
  proposal: Proposal,
  { executor }: { executor?: Address } = {},
): Promise<CollectedSignatures> {
  const state = await verifyAgainstChain(client, proposal)
  const ignored: CollectedSignatures['ignored'] = []
  const byOwner = new Map<Address, CollectedSignature>()
  for (const s of proposal.signatures) {
    if (!state.owners.includes(s.owner)) {
      ignored.push({ owner: s.owner, reason: 'not an owner of the Safe' })
    } else if (s.type === 'contract') {
      const data = contractSignatureData(s.signature)
      const preimage = safeTxPreimage(proposal.chainId, proposal.safe, safeTxOf(proposal))
      if (
        data !== null &&
        (await contractAccepts(client, { owner: s.owner, safeTxHash: proposal.safeTxHash, preimage, data }))
      ) {
        byOwner.set(s.owner, { owner: s.owner, type: 'contract', signature: s.signature, source: 'file' })
      } else {
        ignored.push({ owner: s.owner, reason: 'the owner contract does not accept its signature (EIP-1271)' })
      }
    } else if (s.type !== 'approvedHash') {
      // approvedHash entries count only if the approval is on chain (read below).
      byOwner.set(s.owner, { owner: s.owner, type: s.type, signature: s.signature, source: 'file' })
    }
  }
  const approvals = await Promise.all(
    state.owners.map((owner) =>
      client.readContract({
        address: proposal.safe,
        abi: safeAbi,
        functionName: 'approvedHashes',
        args: [owner, proposal.safeTxHash],
      }),
    ),
  )
  state.owners.forEach((owner, i) => {
    if (approvals[i] !== 0n && !byOwner.has(owner)) {
      byOwner.set(owner, { owner, type: 'approvedHash', signature: approvedHashSignature(owner), source: 'chain' })
    }
  })
  const exec = executor ? getAddress(executor) : undefined
  if (exec && state.owners.includes(exec) && !byOwner.has(exec)) {
    byOwner.set(exec, { owner: exec, type: 'approvedHash', signature: approvedHashSignature(exec), source: 'executor' })
  }
  for (const s of proposal.signatures) {
    if (s.type === 'approvedHash' && state.owners.includes(s.owner) && !byOwner.has(s.owner)) {
      ignored.push({ owner: s.owner, reason: 'approval recorded in the file is not on chain' })
    }
  }
  const signatures = [...byOwner.values()].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1))
  return {
    signatures,
    packed: packSignatures(signatures.map((s) => ({ owner: s.owner, kind: s.type, signature: s.signature }))),
    threshold: state.threshold,
    owners: state.owners,
    safeNonce: state.nonce,
    ignored,
  }
}
