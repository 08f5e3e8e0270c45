import { type Address, getAddress, type Hex, isHex, type PublicClient, size } from 'viem'
import { VaultError } from '../core/errors.js'
import { safeAbi } from './abi.js'
import { guardSigner } from './guard.js'
import { type Proposal, type ProposalSignature, recoverSigner } from './proposal.js'
import { safeTxOf } from './safe-tx.js'
import {
  contractAccepts,
  contractSignature,
  contractSignatureData,
  kindFromV,
  ownerInR,
  safeTxPreimage,
  vOf,
} from './signatures.js'

export interface AddSignatureResult {
  proposal: Proposal
  signature: ProposalSignature
  signatures: number
  threshold: bigint
}

const bad = (why: string, details?: string) =>
  new VaultError('PROPOSAL_BAD_SIGNATURE', why, {
    details,
    hints: ['Ask the owner for a signature over this proposal’s safeTxHash (`vault safe show` prints it).'],
  })

/**
 * Add a signature made by another tool (Safe web app, protocol-kit, cast, a hardware wallet) to a proposal, after
 * checking it as the Safe will: its kind from v (27/28 EIP-712, 31/32 eth_sign, 1 an on-chain approval, 0 a
 * contract signature in its standalone form), made over this proposal's safeTxHash by `signer`, and `signer` a
 * current owner. An approval must be on chain; a contract signature must be accepted by the owner contract.
 */
export async function addSignature(
  client: PublicClient,
  { proposal, signer, signature }: { proposal: Proposal; signer: Address; signature: Hex },
): Promise<AddSignatureResult> {
  const owner = getAddress(signer)
  if (!isHex(signature, { strict: true }) || signature.length % 2 !== 0 || size(signature) < 65)
    throw bad('The signature must be at least 65 bytes of 0x hex')
  const sig = signature.toLowerCase() as Hex
  const state = await guardSigner(client, { proposal, signer: owner, refuseSigned: true })
  const type = kindFromV(vOf(sig))
  let entry: ProposalSignature
  if (type === 'eip712' || type === 'ethSign') {
    if (size(sig) !== 65) throw bad(`An ${type} signature is 65 bytes, not ${size(sig)}`)
    entry = { owner, type, signature: sig }
    const recovered = await recoverSigner(proposal, entry)
    if (recovered !== owner)
      throw bad(`The signature was not made by ${owner} over this proposal`, `it recovers to ${recovered ?? 'nothing'}`)
  } else {
    if (ownerInR(sig) !== owner) throw bad(`The ${type} signature names ${ownerInR(sig) ?? 'no address'}, not ${owner}`)
    if (type === 'approvedHash') {
      const approved = await client.readContract({
        address: proposal.safe,
        abi: safeAbi,
        functionName: 'approvedHashes',
        args: [owner, proposal.safeTxHash],
      })
      if (approved === 0n) throw bad(`${owner} has not approved this safeTxHash on chain (approveHash)`)
      entry = { owner, type, signature: sig.slice(0, 132) as Hex }
    } else {
      const data = contractSignatureData(sig)
      if (data === null) throw bad('A contract signature is r = owner, s = offset, v = 0, then length and data')
      const preimage = safeTxPreimage(proposal.chainId, proposal.safe, safeTxOf(proposal))
      if (!(await contractAccepts(client, { owner, safeTxHash: proposal.safeTxHash, preimage, data })))
        throw bad(`The owner contract ${owner} does not accept the signature (EIP-1271)`)
      entry = { owner, type, signature: contractSignature(owner, data) }
    }
  }
  const signed = { ...proposal, signatures: [...proposal.signatures, entry] }
  return { proposal: signed, signature: entry, signatures: signed.signatures.length, threshold: state.threshold }
}
