import { type Address, getAddress, type PublicClient } from 'viem'
import { VaultError } from '../core/errors.js'
import { safeAbi } from './abi.js'
import type { Proposal } from './proposal.js'
import { type SafeState, verifyAgainstChain } from './state.js'

/**
 * The one owner/nonce/Safe guard: every refusal for "no Safe configured" (SAFE_MISSING), "signer is not an owner"
 * (PROPOSAL_NOT_OWNER), "nonce already used" (PROPOSAL_NONCE_USED), "not the next nonce" (PROPOSAL_NOT_NEXT) and
 * "already executed" (PROPOSAL_EXECUTED) is built here, and the commands that sign, approve, execute, propose,
 * reject, add a signature, import or export reach them only through these functions.
 */

type Target = Pick<Proposal, 'safe' | 'nonce'>

/** A Safe address as given (`--safe-address` or profile `safe.address`): checksummed, or refused (ADDRESS_INVALID). */
export function parseSafeAddress(given: string | undefined): Address | undefined {
  if (given === undefined || given === '') return undefined
  if (!/^0x[0-9a-fA-F]{40}$/.test(given))
    throw new VaultError('ADDRESS_INVALID', `"${given}" is not an address`, { field: 'safeAddress' })
  return getAddress(given)
}

/** The Safe, or the one refusal (exit 3) when neither `--safe-address` nor the profile names one. */
export function requireSafe(safe: Address | undefined): Address {
  if (!safe) {
    throw new VaultError('SAFE_MISSING', 'No Safe address', {
      details: 'Pass --safe-address <address> or `vault config set safe.address <address>`.',
    })
  }
  return safe
}

/** The refusal for a nonce the Safe has already used: such a proposal can never execute. */
export function nonceUsedError(p: Target, current: bigint): VaultError {
  return new VaultError(
    'PROPOSAL_NONCE_USED',
    `Proposal nonce ${p.nonce} has already been used by Safe ${p.safe} (its nonce is ${current})`,
    {
      details: `Safe ${p.safe} is at nonce ${current}`,
      hints: ['A transaction with this nonce was already executed; make a new proposal.'],
    },
  )
}

/** Refuse a nonce below the Safe's (already used). */
export function assertNonceUnused(p: Target, safeNonce: bigint): void {
  if (p.nonce < safeNonce) throw nonceUsedError(p, safeNonce)
}

/** For execution: the nonce must be exactly the Safe's next one (used: exit 3; later: exit 2, earlier ones first). */
export function assertNonceNext(p: Target, safeNonce: bigint): void {
  assertNonceUnused(p, safeNonce)
  if (p.nonce > safeNonce) {
    throw new VaultError('PROPOSAL_NOT_NEXT', `Proposal nonce ${p.nonce} is not next`, {
      details: `Safe ${p.safe} is at nonce ${safeNonce}; execute the earlier proposals first`,
    })
  }
}

/** Refuse a signer who is not a current owner. */
export function assertOwner(state: Pick<SafeState, 'address' | 'owners'>, signer: Address): Address {
  const who = getAddress(signer)
  if (!state.owners.includes(who)) {
    throw new VaultError('PROPOSAL_NOT_OWNER', `${who} is not an owner of Safe ${state.address}`, {
      details: `owners: ${state.owners.join(', ')}`,
      hints: ['Sign with the key of one of the Safe owners (`vault safe show` lists them).'],
    })
  }
  return who
}

/**
 * Before an owner signs, approves or adds a signature (and before any prompt): the proposal is intact and for the
 * connected chain, its nonce is unused, the signer is an owner and (with `refuseSigned`) has not signed it yet.
 */
export async function guardSigner(
  client: PublicClient,
  { proposal: p, signer, refuseSigned = false }: { proposal: Proposal; signer: Address; refuseSigned?: boolean },
): Promise<SafeState> {
  const state = await verifyAgainstChain(client, p)
  assertNonceUnused(p, state.nonce)
  const owner = assertOwner(state, signer)
  if (refuseSigned && p.signatures.some((s) => s.owner === owner))
    throw new VaultError('PROPOSAL_ALREADY_SIGNED', `${owner} has already signed this proposal`)
  return state
}

/**
 * Refuse (PROPOSAL_EXECUTED) to export a proposal whose nonce the Safe has used: the app would make a fresh
 * transaction of the same calls and run them again. `allow` exports it anyway.
 */
export async function assertNotExecuted(client: PublicClient, p: Proposal, allow = false): Promise<void> {
  if (allow) return
  const nonce = await client.readContract({ address: p.safe, abi: safeAbi, functionName: 'nonce' })
  if (p.nonce >= nonce) return
  throw new VaultError(
    'PROPOSAL_EXECUTED',
    `Proposal ${p.safeTxHash} is at nonce ${p.nonce}, which Safe ${p.safe} already used (executed or replaced)`,
    {
      details: `the Safe is at nonce ${nonce}; an export would be a new transaction that runs the same calls again`,
      hints: ['Export only proposals still queued; pass --allow-executed if running the calls again is intended.'],
    },
  )
}
