import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Hex } from 'viem'
import type { VaultClient } from '../chain/client.js'
import { type ChainId, DEFAULT_CHAIN } from '../config/schema.js'
import { isVaultError, VaultError } from '../core/errors.js'
import { requireSafe } from './guard.js'
import { KNOWN_ABIS } from './known-abis.js'
import { describeCall } from './multisend.js'
import { proposalFileName, scanProposals } from './pending.js'
import { type Proposal, verifyProposal } from './proposal.js'
import { writeProposal } from './store.js'
import type { SafeSession } from './target.js'

/** Opening a proposal (file, proposals folder or Transaction Service), merging the service's signatures, saving it. */

export interface OpenedProposal {
  proposal: Proposal
  chainId: ChainId
  client: VaultClient
  /** The file it was read from (or written to, when it came from the service). */
  file: string
  source: 'file' | 'service'
}

const isHash = (ref: string) => /^0x[0-9a-fA-F]{64}$/.test(ref)

/**
 * A proposal by file path or safeTxHash (looked up in the proposals folder, then the Transaction Service), verified
 * for the selected chain (default: the file's own) and the session's Safe: hash recomputed, signatures recovered.
 */
export async function openProposal(s: SafeSession, ref: string): Promise<OpenedProposal> {
  const selected = s.ctx.selectedChain
  if (!isHash(ref) || existsSync(ref)) {
    const { readProposal } = await import('./proposal.js')
    const raw = await readProposal(ref)
    const chainId = (selected ?? raw.chainId) as ChainId
    await verifyProposal(raw, { chainId, safe: s.safe })
    return { proposal: raw, chainId, client: await s.ctx.client(chainId), file: ref, source: 'file' }
  }
  const chainId = selected ?? DEFAULT_CHAIN
  const safe = requireSafe(s.safe)
  const hash = ref.toLowerCase()
  const local = (await scanProposals(s.proposalsDir, { chainId, safe })).find((f) => f.proposal?.safeTxHash === hash)
  if (local?.proposal)
    return { proposal: local.proposal, chainId, client: await s.ctx.client(chainId), file: local.file, source: 'file' }
  if (!s.txServiceUrl) {
    throw new VaultError('PROPOSAL_NOT_FOUND', `No proposal ${ref} in ${s.proposalsDir}`, {
      hints: [
        'Pass the proposal file path, --proposals-dir, or --tx-service <url> to fetch it from a Transaction Service.',
      ],
    })
  }
  const { fetchProposal } = await import('./tx-service.js')
  const proposal = await fetchProposal({ txServiceUrl: s.txServiceUrl, chainId }, hash as Hex)
  await verifyProposal(proposal, { chainId, safe })
  const decoded = describeCall(proposal.data, KNOWN_ABIS)
  const withDecoded = { ...proposal, decoded }
  const file = join(s.proposalsDir, proposalFileName(proposal))
  return { proposal: withDecoded, chainId, client: await s.ctx.client(chainId), file, source: 'service' }
}

/** The union of two copies' signatures (by owner, first copy wins), verified. */
export async function mergeSignatures(p: Proposal, other: Proposal): Promise<Proposal> {
  if (other.safeTxHash !== p.safeTxHash) return p
  const owners = new Set(p.signatures.map((x) => x.owner))
  const merged = { ...p, signatures: [...p.signatures, ...other.signatures.filter((x) => !owners.has(x.owner))] }
  await verifyProposal(merged, { chainId: p.chainId, safe: p.safe })
  return merged
}

/** `openProposal` with the confirmations the Transaction Service holds merged in: every signature known so far. */
export async function openWithServiceSignatures(s: SafeSession, ref: string): Promise<OpenedProposal> {
  const opened = await openProposal(s, ref)
  return { ...opened, proposal: await withServiceSignatures(s, opened.proposal) }
}

/** Add the confirmations the Transaction Service holds (none when it does not know the proposal). */
async function withServiceSignatures(s: SafeSession, p: Proposal): Promise<Proposal> {
  if (!s.txServiceUrl) return p
  const { fetchProposal } = await import('./tx-service.js')
  try {
    return await mergeSignatures(
      p,
      await fetchProposal({ txServiceUrl: s.txServiceUrl, chainId: p.chainId }, p.safeTxHash),
    )
  } catch (e) {
    if (isVaultError(e) && e.code === 'PROPOSAL_NOT_FOUND') return p
    throw e
  }
}

/** Save a (re)signed proposal where it came from, or into the proposals folder when it came from the service. */
export async function saveProposal(opened: OpenedProposal, p: Proposal): Promise<string> {
  if (opened.source === 'service') {
    const { mkdir } = await import('node:fs/promises')
    await mkdir(join(opened.file, '..'), { recursive: true })
  }
  await writeProposal(opened.file, p)
  return opened.file
}
