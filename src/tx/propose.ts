import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { VaultClient } from '../chain/client.js'
import { VaultError } from '../core/errors.js'
import type { ProposedResult, Route } from './call.js'
import type { Simulation } from './simulate.js'

/**
 * Write the Safe proposal for exactly the Safe transaction a simulation ran from the Safe (next free nonce after
 * the queued ones, or `opts.nonce`). There is no way to write a proposal that was not simulated.
 */
export async function proposeSimulated(
  client: VaultClient,
  {
    simulation: sim,
    route,
    ...opts
  }: { simulation: Simulation; route: Extract<Route, { kind: 'safe' }>; nonce?: bigint; description?: string },
): Promise<ProposedResult> {
  if (sim.route !== 'safe' || !sim.safeTx || sim.from !== route.safe) {
    throw new VaultError('PROPOSAL_NOT_SIMULATED', 'A proposal is written only after its simulation from the same Safe')
  }
  const { buildProposal } = await import('../safe/build.js')
  const { proposalFileName } = await import('../safe/pending.js')
  const { writeProposal } = await import('../safe/store.js')
  const chainId = sim.actions[0].chainId
  const queued = opts.nonce === undefined ? await queuedEverywhere(client, route, chainId) : []
  const built = await buildProposal(client, {
    safe: route.safe,
    chainId,
    ...sim.safeTx,
    description: opts.description ?? sim.actions.map((a) => a.description).join('; '),
    nonce: opts.nonce,
    queued,
    abis: sim.actions.flatMap((a) => a.abis),
  })
  await mkdir(route.proposalsDir, { recursive: true })
  const file = join(route.proposalsDir, proposalFileName(built.proposal))
  await writeProposal(file, built.proposal)
  const warnings = [...built.warnings]
  // The service accepts a proposal only with an owner's signature: `vault safe sign` pushes it with the first one.
  if (route.txServiceUrl) warnings.push(`Transaction Service ${route.txServiceUrl}: pushed when the first owner signs`)
  return {
    mode: 'proposed',
    file,
    safe: built.proposal.safe,
    safeTxHash: built.proposal.safeTxHash,
    nonce: built.proposal.nonce,
    threshold: built.threshold,
    warnings,
  }
}

/**
 * Nonces already taken by queued proposals: the local folder's and, with a Transaction Service, the service's
 * queue (other owners propose there). A new proposal takes max(Safe nonce, next local, next in the service).
 */
async function queuedEverywhere(
  client: VaultClient,
  route: Extract<Route, { kind: 'safe' }>,
  chainId: number,
): Promise<bigint[]> {
  const { queuedNonces } = await import('../safe/pending.js')
  const local = await queuedNonces(route.proposalsDir, { chainId, safe: route.safe })
  if (!route.txServiceUrl) return local
  const { safeAbi } = await import('../safe/abi.js')
  const { fetchQueuedNonces } = await import('../safe/tx-service.js')
  const safeNonce = await client.readContract({ address: route.safe, abi: safeAbi, functionName: 'nonce' })
  const remote = await fetchQueuedNonces({ txServiceUrl: route.txServiceUrl, chainId }, route.safe, safeNonce)
  return [...local, ...remote]
}
