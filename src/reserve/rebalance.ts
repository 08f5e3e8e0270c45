import { type Address, encodeFunctionData, erc20Abi, parseAbi } from 'viem'
import type { VaultClient } from '../chain/client.js'
import type { ChainId, Deployment } from '../config/schema.js'
import { allocateBuckets, BUCKET_IDS, type BucketId, type BucketPolicy } from '../core/models/buckets.js'
import type { Action, Route } from '../tx/call.js'
import { type Performed, perform } from '../tx/perform.js'
import { type Holding, readChainHoldings } from './check.js'

/**
 * `vault reserve rebalance` (spec §12 step 7, "vault engine updates reserve ratios"): per chain, the transfers that
 * bring the capital buckets back to the policy's shares of that chain's holdings.
 *
 * What can move: balances the Safe controls — its own (E, an ERC-20 transfer) and those of the contracts it owns
 * that hold bucket capital, each through `withdraw(token, to, amount)`: the stabilizer's inventory (B), flash
 * liquidity (C) and the bridge reserve (D). Pool reserves (A, and the private pools in B) are liquidity, not
 * balances: a shortfall there is reported as `unresolved` (add liquidity with `vault pools add-liquidity`).
 * Amounts are USD 1e18 for planning and token base units in the transfers; every transfer moves one token.
 */

/** The `withdraw(token, to, amount)` the Stabilizer, FlashLiquidity and BridgeReserve share (owner only). */
export const withdrawAbi = parseAbi(['function withdraw(address token, address to, uint256 amount)'])

export interface Movable {
  bucket: BucketId
  holder: string
  address: Address
}

export interface Transfer {
  chainId: ChainId
  from: Movable
  to: Movable
  token: string
  tokenAddress: Address
  decimals: number
  amount: bigint
  usd: bigint
}

export interface ChainRebalance {
  chainId: ChainId
  totalUsd: bigint
  /** Per bucket: held, target (policy share of the chain's total), and held − target (USD 1e18). */
  buckets: { id: BucketId; haveUsd: bigint; targetUsd: bigint; deltaUsd: bigint }[]
  transfers: Transfer[]
  /** Shortfalls no transfer can fill (pool liquidity), USD 1e18. */
  unresolved: { id: BucketId; shortUsd: bigint }[]
}

/** JSON of `vault reserve rebalance`. */
export interface ReserveRebalanceResult {
  policy: BucketPolicy
  chains: ChainRebalance[]
  proposals: { chainId: ChainId; proposal?: Performed['proposal']; sent?: { txHash: `0x${string}` }[] }[]
}

/** The holders whose balances the Safe can move, by bucket (one per bucket at most). */
export function movableHolders(deployment: Deployment, { safe }: { safe?: Address } = {}): Movable[] {
  const c = deployment.contracts
  const out: Movable[] = []
  if (c.stabilizer) out.push({ bucket: 'B', holder: 'stabilizer', address: c.stabilizer })
  const flash = Object.entries(c).find(([name]) => /^flashLiquidity/i.test(name))
  if (flash) out.push({ bucket: 'C', holder: flash[0], address: flash[1] })
  if (c.bridgeReserve) out.push({ bucket: 'D', holder: 'bridgeReserve', address: c.bridgeReserve })
  if (safe) out.push({ bucket: 'E', holder: 'safe', address: safe })
  return out
}

/**
 * Pure planning for one chain: targets from the policy, then surplus → deficit, largest first, token by token from
 * what the surplus holder has (a token's USD value at the oracle price). Moves below `minUsd` are skipped.
 */
export function planChainRebalance({
  chainId,
  holdings,
  movable,
  policy,
  minUsd = 0n,
}: {
  chainId: ChainId
  holdings: Holding[]
  movable: Movable[]
  policy: BucketPolicy
  /** Moves worth less (USD 1e18) are skipped. */
  minUsd?: bigint
}): ChainRebalance {
  const priced = holdings.filter((h) => h.usd !== undefined && h.chainId === chainId)
  const have = Object.fromEntries(BUCKET_IDS.map((id) => [id, 0n])) as Record<BucketId, bigint>
  for (const h of priced) have[h.bucket] += h.usd as bigint
  const totalUsd = BUCKET_IDS.reduce((s, id) => s + have[id], 0n)
  const target = allocateBuckets(totalUsd, policy)
  const delta = Object.fromEntries(BUCKET_IDS.map((id) => [id, have[id] - target[id]])) as Record<BucketId, bigint>
  const holderOf = (id: BucketId) => movable.find((m) => m.bucket === id)
  // what each movable holder can give: its own token balances (never a pool's reserves)
  const purse = new Map<BucketId, Holding[]>()
  for (const m of movable)
    purse.set(
      m.bucket,
      priced
        .filter((h) => h.holderAddress.toLowerCase() === m.address.toLowerCase())
        .map((h) => ({ ...h }))
        .sort((a, b) => ((b.usd as bigint) > (a.usd as bigint) ? 1 : -1)),
    )
  const transfers: Transfer[] = []
  const unresolved: ChainRebalance['unresolved'] = []
  const deficits = BUCKET_IDS.filter((id) => delta[id] < 0n).sort((a, b) => (delta[a] < delta[b] ? -1 : 1))
  for (const d of deficits) {
    const to = holderOf(d)
    let need = -delta[d]
    if (to) {
      const surpluses = BUCKET_IDS.filter((id) => delta[id] > 0n && holderOf(id)).sort((a, b) =>
        delta[a] > delta[b] ? -1 : 1,
      )
      for (const s of surpluses) {
        const from = holderOf(s) as Movable
        for (const h of purse.get(s) ?? []) {
          if (need <= minUsd || delta[s] <= minUsd) break
          const usd = [need, delta[s], h.usd as bigint].reduce((m, v) => (v < m ? v : m))
          if (usd <= minUsd) continue
          const unit = 10n ** BigInt(h.decimals)
          const price = ((h.usd as bigint) * unit) / h.amount // USD per whole token, 1e18
          const amount = price > 0n ? (usd * unit) / price : 0n
          if (amount === 0n) continue
          const moved = (amount * price) / unit
          transfers.push({
            chainId,
            from,
            to,
            token: h.token,
            tokenAddress: h.tokenAddress,
            decimals: h.decimals,
            amount,
            usd: moved,
          })
          h.amount -= amount
          h.usd = (h.usd as bigint) - moved
          need -= moved
          delta[s] -= moved
          delta[d] += moved
        }
      }
    }
    if (need > minUsd) unresolved.push({ id: d, shortUsd: need })
  }
  return {
    chainId,
    totalUsd,
    buckets: BUCKET_IDS.map((id) => ({
      id,
      haveUsd: have[id],
      targetUsd: target[id],
      deltaUsd: have[id] - target[id],
    })),
    transfers,
    unresolved,
  }
}

/** The call that makes one transfer: an ERC-20 transfer from the Safe, or the holder's withdraw to the target. */
export function transferAction(t: Transfer): Action {
  const fromSafe = t.from.holder === 'safe'
  return {
    chainId: t.chainId,
    to: fromSafe ? t.tokenAddress : t.from.address,
    data: fromSafe
      ? encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [t.to.address, t.amount] })
      : encodeFunctionData({
          abi: withdrawAbi,
          functionName: 'withdraw',
          args: [t.tokenAddress, t.to.address, t.amount],
        }),
    description: `${t.from.bucket} ${t.from.holder} → ${t.to.bucket} ${t.to.holder}: ${t.amount} ${t.token} (base units)`,
    abis: [fromSafe ? erc20Abi : withdrawAbi],
  }
}

/** Plan every chain, then (unless `dryRun`) propose each chain's transfers as one Safe batch (or send with a key). */
export async function reserveRebalance(
  clients: VaultClient[],
  opts: {
    /** The Safe (bucket E, and the sender of the batch). */
    safe?: Address
    policy: BucketPolicy
    minUsd: bigint
    dryRun: boolean
    route?: Route
    confirm: (summary: string) => Promise<void>
  },
): Promise<ReserveRebalanceResult> {
  const chains = await Promise.all(
    clients.map(async (client) =>
      planChainRebalance({
        chainId: client.chainId,
        holdings: await readChainHoldings(client, opts),
        movable: movableHolders(client.deployment, opts),
        policy: opts.policy,
        minUsd: opts.minUsd,
      }),
    ),
  )
  const proposals: ReserveRebalanceResult['proposals'] = []
  if (!opts.dryRun && opts.route) {
    for (const [n, ch] of chains.entries()) {
      if (ch.transfers.length === 0) continue
      const done = await perform(clients[n], {
        actions: ch.transfers.map(transferAction),
        route: opts.route,
        confirm: opts.confirm,
        description: `Reserve rebalance on chain ${ch.chainId}: ${ch.transfers.length} transfer(s) to the bucket policy`,
      })
      proposals.push({
        chainId: ch.chainId,
        proposal: done.proposal,
        sent: done.sent?.map((s) => ({ txHash: s.txHash })),
      })
    }
  }
  return { policy: opts.policy, chains, proposals }
}
