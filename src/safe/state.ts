import { type Address, getAddress, type PublicClient } from 'viem'
import { readFailed } from '../chain/read.js'
import { isRevert } from '../chain/revert.js'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { safeAbi } from './abi.js'
import { type Proposal, type ProposalTarget, verifyProposal } from './proposal.js'

export interface SafeState {
  address: Address
  chainId: number
  version: string
  nonce: bigint
  threshold: bigint
  owners: Address[]
}

/** Owners, threshold, nonce and version of a Safe; refuses an address that is not a Safe. */
export async function readSafeState(publicClient: PublicClient, safe: Address): Promise<SafeState> {
  const address = getAddress(safe)
  const [chainId, code] = await Promise.all([publicClient.getChainId(), publicClient.getCode({ address })])
  if (!code || code === '0x') {
    throw new VaultError('SAFE_NOT_FOUND', `No Safe at ${address} on chain ${chainId}`, {
      hints: ['Check the Safe address in the profile, or deploy one with `vault safe deploy`.'],
    })
  }
  try {
    const read = <F extends 'VERSION' | 'nonce' | 'getThreshold' | 'getOwners'>(functionName: F) =>
      publicClient.readContract({ address, abi: safeAbi, functionName })
    const [version, nonce, threshold, owners] = await Promise.all([
      read('VERSION'),
      read('nonce'),
      read('getThreshold'),
      read('getOwners'),
    ])
    return { address, chainId, version, nonce, threshold, owners: owners.map((o) => getAddress(o)) }
  } catch (cause) {
    // a call the node ran and refused: not a Safe; a request that failed on its way: a read failure (exit 4)
    if (!isRevert(cause)) {
      const rpcUrls = 'rpcUrls' in publicClient ? (publicClient.rpcUrls as string[]) : []
      throw readFailed({ chainId: chainId as ChainId, rpcUrls }, cause)
    }
    throw new VaultError('SAFE_NOT_FOUND', `${address} on chain ${chainId} does not answer as a Safe`, { cause })
  }
}

/** The proposal is for the chain the client is connected to (and, when given, the expected Safe). */
export async function verifyAgainstChain(
  client: PublicClient,
  proposal: Proposal,
  target: Omit<ProposalTarget, 'chainId'> = {},
): Promise<SafeState> {
  const chainId = await client.getChainId()
  await verifyProposal(proposal, { ...target, chainId })
  return readSafeState(client, proposal.safe)
}
