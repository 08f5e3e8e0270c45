// The second step of the two-step hand-over at deploy: the new owner calls `claimOwnership()` on each contract.
// On the localnet the new owner is the Safe, so the claims go out as one Safe transaction (a MultiSendCallOnly
// batch) signed by the owners and executed by the deployer; in contract tests it can be a plain account.

import {
  type Address,
  type Chain,
  encodeFunctionData,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  zeroAddress,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { vaultOracleAbi } from '../chain/abi/generated.js'
import { VaultError } from '../core/errors.js'
import { safeAbi } from '../safe/abi.js'
import { encodeMultiSend } from '../safe/multisend.js'

/** A contract whose ownership was offered to the new owner and now waits for its claim. */
export interface OwnershipClaim {
  label: string
  address: Address
}

/** Claims each contract as the new owner; resolves once every claim is mined and succeeded. */
export type ClaimOwnership = (claims: readonly OwnershipClaim[]) => Promise<void>

const claimFailed = (details: string) =>
  new VaultError('OWNERSHIP_CLAIM_FAILED', "The new owner's claim of the contracts did not complete", { details })

const claimData = encodeFunctionData({ abi: vaultOracleAbi, functionName: 'claimOwnership' })

/** The new owner is an account: it sends each claim itself. */
export function claimAsAccount(publicClient: PublicClient, walletClient: WalletClient): ClaimOwnership {
  return async (claims) => {
    const account = walletClient.account
    if (!account) throw claimFailed('the claiming wallet has no account')
    for (const c of claims) {
      const hash = await walletClient.sendTransaction({ account, chain: null, to: c.address, data: claimData })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw claimFailed(`${c.label} reverted (${hash})`)
    }
  }
}

/** A Safe whose owner keys are at hand (the localnet). */
export interface LocalSafe {
  safe: Address
  ownerKeys: readonly Hex[]
  threshold: number
}

/**
 * One Safe transaction on the localnet: the calls batched (MultiSendCallOnly) when more than one, its hash read
 * from the Safe itself, `threshold` owners sign it and `walletClient` (any funded account) executes it. Resolves
 * with the transaction hash once mined and succeeded, or once sent with `wait: false` (the inner calls' outcome is
 * the caller's to check).
 */
export async function execThroughSafe<C extends Chain | undefined>(
  publicClient: PublicClient<Transport, C>,
  {
    wallet: walletClient,
    safe: opts,
    calls,
    wait = true,
  }: {
    /** Sends execTransaction (any funded account: the owners' signatures authorise it). */
    wallet: WalletClient
    safe: LocalSafe
    calls: readonly { to: Address; data: Hex }[]
    wait?: boolean
  },
): Promise<Hex> {
  const account = walletClient.account
  if (!account) throw new VaultError('ACCOUNT_MISSING', 'The executing wallet has no account')
  if (opts.ownerKeys.length < opts.threshold)
    throw new VaultError('ACCOUNT_MISSING', 'Fewer Safe owner keys than the threshold')
  const batch =
    calls.length === 1 ? { to: calls[0].to, data: calls[0].data, operation: 0 } : encodeMultiSend([...calls])
  const nonce = await publicClient.readContract({ address: opts.safe, abi: safeAbi, functionName: 'nonce' })
  const fields = [batch.to, 0n, batch.data, batch.operation, 0n, 0n, 0n, zeroAddress, zeroAddress] as const
  const safeTxHash = await publicClient.readContract({
    address: opts.safe,
    abi: safeAbi,
    functionName: 'getTransactionHash',
    args: [...fields, nonce],
  })
  const signers = opts.ownerKeys.slice(0, opts.threshold).map((k) => privateKeyToAccount(k))
  signers.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
  const signatures = await Promise.all(signers.map((s) => s.sign({ hash: safeTxHash })))
  const packed = `0x${signatures.map((s) => s.slice(2)).join('')}` as Hex
  const hash = await walletClient.sendTransaction({
    account,
    chain: null,
    to: opts.safe,
    data: encodeFunctionData({ abi: safeAbi, functionName: 'execTransaction', args: [...fields, packed] }),
  })
  if (!wait) return hash
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success')
    throw new VaultError('SAFE_TX_REVERTED', 'The Safe transaction reverted', { details: hash })
  return hash
}

/**
 * The new owner is a Safe whose owner keys are at hand (the localnet): one Safe transaction batches every claim
 * (see execThroughSafe).
 */
export function claimThroughSafe(
  publicClient: PublicClient,
  walletClient: WalletClient,
  opts: LocalSafe,
): ClaimOwnership {
  return async (claims) => {
    if (!walletClient.account) throw claimFailed('the executing wallet has no account')
    if (opts.ownerKeys.length < opts.threshold) throw claimFailed('fewer owner keys than the threshold')
    try {
      await execThroughSafe(publicClient, {
        wallet: walletClient,
        safe: opts,
        calls: claims.map((c) => ({ to: c.address, data: claimData })),
      })
    } catch (e) {
      throw claimFailed(e instanceof VaultError ? `the Safe transaction reverted (${e.details})` : String(e))
    }
    // A Safe whose inner call fails emits ExecutionFailure instead of reverting: check the outcome on chain.
    for (const c of claims) {
      const owner = await publicClient.readContract({ address: c.address, abi: vaultOracleAbi, functionName: 'owner' })
      if (owner.toLowerCase() !== opts.safe.toLowerCase()) throw claimFailed(`${c.label} is not the Safe's`)
    }
  }
}
