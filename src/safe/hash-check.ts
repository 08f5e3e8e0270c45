import type { Hex } from 'viem'
import type { VaultClient } from '../chain/client.js'
import { VaultError } from '../core/errors.js'
import { safeAbi } from './abi.js'
import type { Proposal } from './proposal.js'
import { hashArgs } from './safe-tx.js'

/** Second opinions on a proposal's safeTxHash before anyone signs it: the Safe's own, and protocol-kit's. */

/** The Safe's own `getTransactionHash` for the proposal's fields must equal the file's safeTxHash. */
export async function checkOnChainHash(client: VaultClient, p: Proposal): Promise<Hex> {
  const onChain = await client.readContract({
    address: p.safe,
    abi: safeAbi,
    functionName: 'getTransactionHash',
    args: hashArgs(p),
  })
  if (onChain.toLowerCase() !== p.safeTxHash) {
    throw new VaultError('PROPOSAL_HASH_MISMATCH', 'The Safe computes a different hash for this proposal', {
      details: `file ${p.safeTxHash}, Safe ${p.safe} on chain ${p.chainId} says ${onChain}`,
      hints: ['Do not sign it: check the chain and Safe, or recreate the proposal.'],
    })
  }
  return onChain
}

/** protocol-kit's safeTxHash for the proposal's fields: a second implementation beside vault's and the Safe's own. */
export async function kitHashCheck(client: VaultClient, p: Proposal): Promise<{ safeTxHash: Hex; matches: boolean }> {
  const { kitSafeTxHash, openSafeKit } = await import('./kit.js')
  const kit = await openSafeKit({ rpcUrl: client.rpcUrls[0], chainId: client.chainId, safe: p.safe })
  const safeTxHash = await kitSafeTxHash(kit, p)
  return { safeTxHash, matches: safeTxHash === p.safeTxHash.toLowerCase() }
}

/** Refuse (exit 3, PROPOSAL_KIT_MISMATCH) when protocol-kit hashes the proposal's fields differently than the file. */
export async function checkKitHash(client: VaultClient, p: Proposal): Promise<Hex> {
  const res = await kitHashCheck(client, p)
  if (!res.matches) {
    const { kitMismatchError } = await import('./kit.js')
    throw kitMismatchError(p, res.safeTxHash)
  }
  return res.safeTxHash
}
