import type { VaultClient } from '../chain/client.js'
import type { ChainId } from '../config/schema.js'
import { requireSafe } from './guard.js'
import { decodedCall } from './known-abis.js'
import type { Proposal } from './proposal.js'
import type { SafeSession } from './target.js'

/** Where proposals stand: one proposal's signatures against the Safe, and the queue (folder plus service). */

/** Who has signed (file/service) or approved (chain), what is missing, and whether it can execute now. */
export async function proposalStatus(client: VaultClient, p: Proposal) {
  const { collectSignatures } = await import('./sign.js')
  const collected = await collectSignatures(client, p)
  const have = collected.signatures.length
  const missing = Math.max(0, Number(collected.threshold) - have)
  const status =
    p.nonce < collected.safeNonce
      ? 'nonce-used'
      : missing > 0
        ? 'awaiting-signatures'
        : p.nonce === collected.safeNonce
          ? 'ready'
          : 'queued'
  return {
    status,
    owners: collected.owners,
    threshold: collected.threshold,
    safeNonce: collected.safeNonce,
    signedBy: collected.signatures.filter((x) => x.source === 'file').map((x) => x.owner),
    approvedOnChain: collected.signatures.filter((x) => x.source === 'chain').map((x) => x.owner),
    notSignedBy: collected.owners.filter((o) => !collected.signatures.some((x) => x.owner === o)),
    missing,
    ignored: collected.ignored,
  }
}

/** Queued proposals from the folder plus, with a Transaction Service, those only the service knows. */
export async function pendingAll(s: SafeSession, chainId: ChainId) {
  const { pendingProposals } = await import('./pending.js')
  const client = await s.ctx.client(chainId)
  const summary = await pendingProposals(client, { dir: s.proposalsDir, safe: requireSafe(s.safe) })
  if (!s.txServiceUrl) return summary
  const { fetchPending } = await import('./tx-service.js')
  const { proposalWarnings } = await import('./delegatecall.js')
  const remote = await fetchPending({ txServiceUrl: s.txServiceUrl, chainId }, summary.safe, summary.safeNonce)
  const known = new Set(summary.proposals.map((x) => x.safeTxHash))
  for (const p of remote) {
    if (known.has(p.safeTxHash)) continue
    const st = await proposalStatus(client, p)
    summary.proposals.push({
      file: `${s.txServiceUrl} (service)`,
      status: st.status as never,
      nonce: p.nonce,
      safeTxHash: p.safeTxHash,
      description: p.description,
      to: p.to,
      method: decodedCall(p)?.method,
      signedBy: st.signedBy,
      approvedOnChain: st.approvedOnChain,
      missing: st.missing,
      warnings: proposalWarnings(p),
    })
  }
  summary.proposals.sort((a, b) =>
    (a.nonce ?? -1n) < (b.nonce ?? -1n) ? -1 : (a.nonce ?? -1n) > (b.nonce ?? -1n) ? 1 : 0,
  )
  return summary
}
