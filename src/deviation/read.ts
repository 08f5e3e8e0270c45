import type { Address } from 'viem'
import { vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { rethrowRead } from '../chain/read.js'
import { isRevert } from '../chain/revert.js'
import type { ChainId } from '../config/schema.js'
import { blocksNeeded, type DeviationEvaluation, evaluate } from '../core/deviation/window.js'
import { VaultError } from '../core/errors.js'
import { crossChainSpread } from '../core/models/bridge.js'
import { type PoolInfo, poolAddresses, readPools } from '../pools/read.js'

export interface DeviationParams {
  W: number
  N: number
  thresholdBps: number
}

export interface PoolDeviation {
  chainId: ChainId
  pool: PoolInfo
  evaluation: DeviationEvaluation
}

/** A pool younger than the window: not judged yet (the Stabilizer cannot act on it either). */
export interface WarmingUp {
  chainId: ChainId
  pool: PoolInfo
  /** Blocks of the window the pool already has a price for, of the blocks the rule needs. */
  blocksAvailable: number
  blocksNeeded: number
}

/** How a pool shows up in the report: `cUSDT/cXAUC` for a public pool, `cUSDT/cXAUC (private)` for a mesh leg. */
export const poolLabel = (p: PoolInfo) => (p.isPrivate ? `${p.pair} (private)` : p.pair)

/**
 * End-of-block mid prices of a pool, read from archive state at each block. All reads go out together
 * (one JSON-RPC batch). A block before the pool existed is a clear exit-3 error.
 */
export async function endOfBlockPrices(client: VaultClient, pool: Address, blocks: bigint[]) {
  await client.ready()
  const prices = await Promise.all(
    blocks.map(async (blockNumber) => {
      try {
        return await client.readContract({
          address: pool,
          abi: vaultPMMPoolAbi,
          functionName: 'getMidPrice',
          blockNumber,
        })
      } catch (e) {
        if (!isRevert(e)) rethrowRead(client, e)
        throw new VaultError(
          'WINDOW_TOO_LONG',
          `The window reaches block ${blockNumber}, before pool ${pool} had a price`,
          { hints: ['Use a smaller --window / --sustain, or wait for more blocks.'], cause: e },
        )
      }
    }),
  )
  return blocks.map((block, n) => ({ block, price: prices[n] }))
}

/**
 * Evaluate one pool as the Stabilizer would in block `h` (default: the next block, head + 1, so the
 * latest mined block counts as completed).
 */
export async function poolDeviation(
  client: VaultClient,
  { pool, params, h }: { pool: PoolInfo; params: DeviationParams; h: bigint },
): Promise<PoolDeviation> {
  if (pool.pegPrice === undefined) {
    throw new VaultError('ORACLE_PRICE_MISSING', `No oracle peg for ${pool.pair}`, {
      hints: ['Configure chains.<id>.contracts.oracle in the profile.'],
    })
  }
  const blocks = blocksNeeded(h, params.W, params.N)
  const prices = await endOfBlockPrices(client, pool.address, blocks)
  const evaluation = evaluate({
    endOfBlockPrices: prices,
    peg: pool.pegPrice,
    h,
    W: params.W,
    N: params.N,
    thresholdBps: params.thresholdBps,
  })
  return { chainId: client.chainId, pool, evaluation }
}

/** `--pool` matches a public pool by BASE/QUOTE, a private leg by `BASE/QUOTE (private)`, either by address. */
const matches = (ref: string, p: PoolInfo) =>
  [poolLabel(p), p.address].some((v) => v.toLowerCase() === ref.trim().toLowerCase())

/** The public pools and private mesh legs of a chain (or the ones named), with their state at the head. */
export async function watchedPools(client: VaultClient, { only }: { only?: string[] } = {}): Promise<PoolInfo[]> {
  const { pools } = await readPools(client, { addresses: await poolAddresses(client) })
  const chosen = [...pools.filter((p) => !p.isPrivate), ...pools.filter((p) => p.isPrivate)]
  if (!only?.length) return chosen
  const picked = chosen.filter((p) => only.some((o) => matches(o, p)))
  const missing = only.filter((o) => !picked.some((p) => matches(o, p)))
  if (missing.length) {
    throw new VaultError('POOL_UNKNOWN', `Unknown pool ${missing.join(', ')} on chain ${client.chainId}`, {
      hints: [`Pools: ${chosen.map(poolLabel).join(', ') || 'none'}`],
    })
  }
  return picked
}

export interface SpreadRow {
  pair: string
  price138: bigint
  priceAlltra: bigint
  spreadBps: bigint
  ok: boolean
}

/** Same pair on both chains: the spread of their mid prices against the < 15 bps target. */
export function crossChainSpreads(a: PoolInfo[], b: PoolInfo[]): SpreadRow[] {
  return a.flatMap((p) => {
    const q = b.find((x) => x.pair === p.pair)
    if (!q) return []
    const s = crossChainSpread(p.midPrice, q.midPrice)
    return [{ pair: p.pair, price138: p.midPrice, priceAlltra: q.midPrice, spreadBps: s.spreadBps, ok: s.ok }]
  })
}

export interface DeviationReport {
  params: DeviationParams
  pools: PoolDeviation[]
  /** Pools too young for the window: reported, not judged. */
  warmingUp: WarmingUp[]
  spreads: SpreadRow[]
  /** Any pool sustained out of band or any spread at/over target. */
  outOfBand: boolean
}

/** One evaluation round over the chosen chains: pools at the head, their windows, and cross-chain spreads. */
export async function deviationReport(
  clients: VaultClient[],
  { params, only }: { params: DeviationParams; only?: string[] },
): Promise<DeviationReport> {
  const perChain = await Promise.all(
    clients.map(async (client) => {
      await client.ready()
      const head = await client.getBlockNumber().catch((e) => rethrowRead(client, e))
      const pools = await watchedPools(client, { only })
      const span = BigInt(Math.max(params.W, params.N))
      if (head + 1n < span) blocksNeeded(head + 1n, params.W, params.N) // the chain itself is too short: exit 3
      const judged = await Promise.all(pools.map((p) => judge(client, p, params, head + 1n)))
      return {
        chainId: client.chainId,
        pools,
        evals: judged.filter((j): j is PoolDeviation => 'evaluation' in j),
        warming: judged.filter((j): j is WarmingUp => 'blocksNeeded' in j),
      }
    }),
  )
  const a = perChain.find((c) => c.chainId === 138)
  const b = perChain.find((c) => c.chainId === 651940)
  const isPublic = (p: PoolInfo) => !p.isPrivate
  const spreads = a && b ? crossChainSpreads(a.pools.filter(isPublic), b.pools.filter(isPublic)) : []
  const pools = perChain.flatMap((c) => c.evals)
  return {
    params,
    pools,
    warmingUp: perChain.flatMap((c) => c.warming),
    spreads,
    outOfBand: pools.some((p) => p.evaluation.shouldRebalance) || spreads.some((s) => !s.ok),
  }
}

/**
 * Evaluate a pool, or report it as warming up when the window reaches back before its first price (a pool created
 * a few blocks ago): the rule has nothing to judge yet, and that is not an error for the other pools.
 */
async function judge(
  client: VaultClient,
  pool: PoolInfo,
  params: DeviationParams,
  h: bigint,
): Promise<PoolDeviation | WarmingUp> {
  try {
    return await poolDeviation(client, { pool, params, h })
  } catch (e) {
    if (!(e instanceof VaultError) || e.code !== 'WINDOW_TOO_LONG') throw e
    const blocks = blocksNeeded(h, params.W, params.N)
    const got = await Promise.all(
      blocks.map((blockNumber) =>
        client
          .readContract({ address: pool.address, abi: vaultPMMPoolAbi, functionName: 'getMidPrice', blockNumber })
          .then(
            () => true,
            (err: unknown) => {
              if (!isRevert(err)) rethrowRead(client, err)
              return false
            },
          ),
      ),
    )
    return {
      chainId: client.chainId,
      pool,
      blocksAvailable: got.filter(Boolean).length,
      blocksNeeded: blocks.length,
    }
  }
}
