import { type Address, encodeFunctionData, getAddress, isAddress, zeroAddress } from 'viem'
import { stabilizerAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf } from '../chain/read.js'
import { revertReason } from '../chain/revert.js'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import type { Action, Route } from '../tx/call.js'
import { stabilizerOf } from './check.js'

/** A private XAU leg against the oracle cross rate, as the Stabilizer judges it (`meshGap`). */
export interface MeshLegGap {
  chainId: ChainId
  stabilizer: Address
  leg: Address
  /** BASE/QUOTE of the leg, e.g. cUSDT/cXAUC. */
  pair: string
  midPrice: bigint
  crossRate: bigint
  /** (mid − cross rate) × 10,000 / cross rate, truncated toward zero (the contract's). */
  gapBps: bigint
  /** meshThresholdBps: rebalanceMesh refuses a leg at or within it. */
  thresholdBps: bigint
  paused: boolean
}

/**
 * `--leg <TOKEN/cXAUC | TOKEN | address>` → the leg's address: an address as given, else the profile's private pool
 * of the token, else the Stabilizer's `privatePoolFor(token)`. MESH_LEG_UNKNOWN when there is none.
 */
export async function resolveLeg(
  client: VaultClient,
  { stabilizer, leg: ref }: { stabilizer: Address; leg: string },
): Promise<Address> {
  if (isAddress(ref, { strict: false })) return getAddress(ref)
  const symbol = ref.trim().split('/')[0] ?? ''
  const known = Object.entries(client.deployment.privatePools).find(([s]) => s.toLowerCase() === symbol.toLowerCase())
  if (known) return known[1]
  const token = Object.entries(client.deployment.tokens).find(([s]) => s.toLowerCase() === symbol.toLowerCase())?.[1]
  if (token) {
    const [r] = await readContracts(client, [
      { address: stabilizer, abi: stabilizerAbi, functionName: 'privatePoolFor', args: [token] },
    ])
    const leg = resultOf(r)
    if (leg && leg !== zeroAddress) return leg
  }
  throw new VaultError('MESH_LEG_UNKNOWN', `No mesh leg for "${ref}" on chain ${client.chainId}`, {
    field: 'leg',
    hints: [
      `Mesh legs in the profile: ${
        Object.keys(client.deployment.privatePools)
          .map((s) => `${s}/cXAUC`)
          .join(', ') || 'none'
      }`,
      'Pass TOKEN/cXAUC, the token symbol, or the leg address.',
    ],
  })
}

/** The leg's gap to the oracle cross rate, θ and the pause flag, in one batched read. */
export async function readLegGap(client: VaultClient, { leg: ref }: { leg: string }): Promise<MeshLegGap> {
  const stabilizer = stabilizerOf(client)
  const leg = await resolveLeg(client, { stabilizer, leg: ref })
  const S = { address: stabilizer, abi: stabilizerAbi } as const
  const [gap, limits, paused] = await readContracts(client, [
    { ...S, functionName: 'meshGap', args: [leg] },
    { ...S, functionName: 'limits' },
    { ...S, functionName: 'paused' },
  ])
  if (gap.status === 'failure') {
    throw new VaultError('MESH_LEG_UNKNOWN', `${ref} (${leg}) is not a leg of the Stabilizer's mesh`, {
      field: 'leg',
      details: revertReason(gap.error, [stabilizerAbi]),
      hints: ['The owner lists legs with Stabilizer.setMesh(tokens, legs).'],
    })
  }
  const l = resultOf(limits)
  if (!l) throw new VaultError('NOT_A_STABILIZER', `${stabilizer} does not answer as a Stabilizer`)
  const names = new Map(Object.entries(client.deployment.privatePools).map(([s, a]) => [a.toLowerCase(), `${s}/cXAUC`]))
  const [gapBps, midPrice, crossRate] = gap.result
  return {
    chainId: client.chainId,
    stabilizer,
    leg,
    pair: names.get(leg.toLowerCase()) ?? leg,
    midPrice,
    crossRate,
    gapBps,
    thresholdBps: l.meshThresholdBps,
    paused: resultOf(paused) ?? false,
  }
}

/** `rebalanceMesh(leg)`: refused here (exit 2, nothing sent) when the leg is within θ, as the contract would. */
export async function planRebalanceMesh(client: VaultClient, opts: { leg: string }) {
  const g = await readLegGap(client, opts)
  const abs = g.gapBps < 0n ? -g.gapBps : g.gapBps
  if (abs <= g.thresholdBps) {
    throw new VaultError(
      'MESH_LEG_IN_BAND',
      `No mesh rebalance due: ${g.pair} is ${g.gapBps} bps from the oracle cross rate, within θ = ${g.thresholdBps} bps`,
      { data: { gapBps: g.gapBps.toString(), thresholdBps: g.thresholdBps.toString() } },
    )
  }
  const action: Action = {
    chainId: g.chainId,
    to: g.stabilizer,
    data: encodeFunctionData({ abi: stabilizerAbi, functionName: 'rebalanceMesh', args: [g.leg] }),
    description: `Stabilizer.rebalanceMesh: reset ${g.pair} to the oracle cross rate (gap ${g.gapBps} bps)`,
    abis: [stabilizerAbi],
  }
  return { gap: g, action }
}

/** Plan → simulate → confirm → send with the keeper key or propose to the Safe; then the leg's gap read back. */
export async function runRebalanceMesh(
  client: VaultClient,
  opts: { leg: string; route: Route; confirm: (summary: string) => Promise<void> },
) {
  const { sentSummary } = await import('../tx/call.js')
  const { perform } = await import('../tx/perform.js')
  const { gap, action } = await planRebalanceMesh(client, opts)
  const done = await perform(client, { actions: [action], route: opts.route, confirm: opts.confirm })
  const after = done.sent ? await readLegGap(client, { leg: gap.leg }) : undefined
  return {
    ...gap,
    after: after && { midPrice: after.midPrice, crossRate: after.crossRate, gapBps: after.gapBps },
    proposal: done.proposal,
    sent: done.sent && sentSummary(done.sent[0]),
  }
}
