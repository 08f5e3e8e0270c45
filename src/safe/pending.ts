import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { type Address, getAddress, type Hex, type PublicClient } from 'viem'
import { isVaultError } from '../core/errors.js'
import { proposalWarnings } from './delegatecall.js'
import { type Proposal, readProposal } from './proposal.js'
import { collectSignatures } from './sign.js'
import { readSafeState } from './state.js'

/** A file name that sorts proposals by chain, Safe and nonce: `138-0xSafe…-n7-0x1234abcd.json`. */
export function proposalFileName(p: Pick<Proposal, 'chainId' | 'safe' | 'nonce' | 'safeTxHash'>): string {
  return `${p.chainId}-${p.safe}-n${p.nonce}-${p.safeTxHash.slice(0, 10)}.json`
}

interface ScannedFile {
  file: string
  proposal?: Proposal
  error?: { code: string; message: string }
}

/** Read every `*.json` proposal in `dir` for the given chain and Safe; files that fail verification are reported, not thrown. */
export async function scanProposals(dir: string, target: { chainId: number; safe: Address }): Promise<ScannedFile[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  } catch {
    return []
  }
  const safe = getAddress(target.safe)
  const scanned = await Promise.all(
    names.map(async (name): Promise<ScannedFile | null> => {
      const file = join(dir, name)
      try {
        return { file, proposal: await readProposal(file, { chainId: target.chainId, safe }) }
      } catch (e) {
        if (!isVaultError(e)) throw e
        // Files for another chain or Safe are simply not ours to list.
        if (e.code === 'PROPOSAL_WRONG_CHAIN' || e.code === 'PROPOSAL_WRONG_SAFE') return null
        return { file, error: { code: e.code, message: e.message } }
      }
    }),
  )
  return scanned.filter((s): s is ScannedFile => s !== null)
}

/** Nonces of the valid proposals in `dir` for a Safe (input to `buildProposal`'s `queued`). */
export async function queuedNonces(dir: string, target: { chainId: number; safe: Address }): Promise<bigint[]> {
  return (await scanProposals(dir, target)).flatMap((s) => (s.proposal ? [s.proposal.nonce] : []))
}

export type PendingStatus = 'ready' | 'awaiting-signatures' | 'queued' | 'nonce-used' | 'invalid'

export interface PendingEntry {
  file: string
  status: PendingStatus
  nonce?: bigint
  safeTxHash?: Hex
  description?: string
  to?: Address
  method?: string
  signedBy: Address[]
  approvedOnChain: Address[]
  /** Signatures still needed to reach the threshold. */
  missing: number
  warnings: string[]
  error?: { code: string; message: string }
}

export interface PendingSummary {
  chainId: number
  safe: Address
  safeNonce: bigint
  threshold: bigint
  owners: Address[]
  proposals: PendingEntry[]
}

/**
 * Status of every proposal file in `dir` for a Safe: who signed (file) or approved (chain), how many signatures are
 * missing, and whether it can execute now (`ready`: next nonce and threshold met).
 */
export async function pendingProposals(
  client: PublicClient,
  { dir, safe }: { dir: string; safe: Address },
): Promise<PendingSummary> {
  const state = await readSafeState(client, safe)
  const scanned = await scanProposals(dir, { chainId: state.chainId, safe: state.address })
  const proposals = await Promise.all(
    scanned.map(async ({ file, proposal: p, error }): Promise<PendingEntry> => {
      const empty = { signedBy: [], approvedOnChain: [], missing: Number(state.threshold), warnings: [] }
      if (!p) return { file, status: 'invalid', ...empty, error }
      const base = {
        file,
        nonce: p.nonce,
        safeTxHash: p.safeTxHash,
        description: p.description,
        to: p.to,
        method: p.decoded?.method,
      }
      if (p.nonce < state.nonce) return { ...base, status: 'nonce-used', ...empty, missing: 0 }
      const collected = await collectSignatures(client, p)
      const have = collected.signatures.length
      const missing = Math.max(0, Number(state.threshold) - have)
      const status: PendingStatus = missing > 0 ? 'awaiting-signatures' : p.nonce === state.nonce ? 'ready' : 'queued'
      return {
        ...base,
        status,
        signedBy: collected.signatures.filter((s) => s.source === 'file').map((s) => s.owner),
        approvedOnChain: collected.signatures.filter((s) => s.source === 'chain').map((s) => s.owner),
        missing,
        warnings: [
          ...proposalWarnings(p),
          ...collected.ignored.map((i) => `ignored signature of ${i.owner}: ${i.reason}`),
        ],
      }
    }),
  )
  proposals.sort((a, b) =>
    (a.nonce ?? -1n) < (b.nonce ?? -1n) ? -1 : (a.nonce ?? -1n) > (b.nonce ?? -1n) ? 1 : a.file.localeCompare(b.file),
  )
  return {
    chainId: state.chainId,
    safe: state.address,
    safeNonce: state.nonce,
    threshold: state.threshold,
    owners: state.owners,
    proposals,
  }
}
