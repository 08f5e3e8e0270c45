import { type Address, erc20Abi } from 'viem'
import { stabilizerAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { type LooseResult, loosely, readContracts, readLoose, resultOf } from '../chain/read.js'
import { deviationBps } from '../core/deviation/price.js'
import { nextBaseFee } from '../daemon/sender.js'
import { type PoolInfo, readPools } from '../pools/read.js'
import type { PoolParams } from '../stabilizer/check.js'

/** One registered pool at one block, as the Stabilizer and the pool report it. */
export interface PoolSnapshot {
  address: Address
  pair: string
  info: PoolInfo
  params: PoolParams
  lastExecutionBlock: bigint
  /** The Stabilizer's verdict; `warmingUp` while the pool has fewer completed blocks than its window. */
  check: { deviationBps: bigint; shouldRebalance: boolean; maxTradeSize: bigint } | { warmingUp: true; reason: string }
  peg: bigint
  /** Oldest of the two oracle prices behind the peg (unix seconds). */
  oracleUpdatedAt: bigint
  /** End-of-block mid price against the peg. */
  spotDeviationBps: bigint
  /** The Stabilizer's balances of the pool's two tokens. */
  inventory: { base: bigint; quote: bigint }
}

/** One private XAU leg at one block: its gap to the oracle cross rate as the Stabilizer reports it (`meshGap`). */
export interface LegSnapshot {
  address: Address
  /** `mesh:TOKEN/cXAUC` (the public pool of the same pair is another pool). */
  pair: string
  gap: { gapBps: bigint; midPrice: bigint; crossRate: bigint } | { error: string }
}

export interface ChainSnapshot {
  chainId: number
  block: bigint
  timestamp: bigint
  /** Base fee of the next block (EIP-1559 from this block's gas use). */
  nextBaseFee: bigint
  paused: boolean
  limits: { maxGasPrice: bigint; maxOracleAge: bigint; meshThresholdBps: bigint }
  pools: PoolSnapshot[]
  legs: LegSnapshot[]
}

const must = <T>(r: LooseResult | undefined, what: string): T => {
  if (r?.status !== 'success') throw new Error(`${what} did not answer: ${r?.error.message.split('\n')[0]}`)
  return r.result as T
}

/** Everything the keeper decides on for one chain at one block: four batched round trips, all at `block`. */
export async function readSnapshot(
  client: VaultClient,
  {
    stabilizer,
    registered,
    block,
    legs = [],
  }: {
    stabilizer: Address
    /** The Stabilizer's public pools. */
    registered: readonly Address[]
    block: bigint
    /** Its private mesh legs, named. */
    legs?: readonly { address: Address; pair: string }[]
  },
): Promise<ChainSnapshot> {
  const [header, { pools }] = await Promise.all([
    client.getBlock({ blockNumber: block }),
    readPools(client, { addresses: [...registered], blockNumber: block }),
  ])
  const S = { address: stabilizer, abi: stabilizerAbi } as const
  const per = 7
  const res = await readLoose(
    client,
    [
      { ...S, functionName: 'paused' },
      { ...S, functionName: 'limits' },
      ...pools.flatMap((p) => [
        { ...S, functionName: 'checkDeviation', args: [p.address] },
        { ...S, functionName: 'maxTradeSize', args: [p.address] },
        { ...S, functionName: 'pegPrice', args: [p.address] },
        { ...S, functionName: 'poolState', args: [p.address] },
        { ...S, functionName: 'params', args: [p.address] },
        { address: p.base.address, abi: erc20Abi, functionName: 'balanceOf', args: [stabilizer] },
        { address: p.quote.address, abi: erc20Abi, functionName: 'balanceOf', args: [stabilizer] },
      ]),
      ...legs.map((l) => ({ ...S, functionName: 'meshGap', args: [l.address] }) as const),
    ],
    { blockNumber: block },
  )
  const limits = must<ChainSnapshot['limits']>(res[1], 'Stabilizer.limits()')
  return {
    chainId: client.chainId,
    block,
    timestamp: header.timestamp,
    nextBaseFee: nextBaseFee(header),
    paused: must<boolean>(res[0], 'Stabilizer.paused()'),
    limits,
    pools: pools.map((info, n): PoolSnapshot => {
      const r = res.slice(2 + n * per, 2 + (n + 1) * per)
      const [peg, baseAt, quoteAt] = must<readonly [bigint, bigint, bigint]>(r[2], `pegPrice(${info.pair})`)
      const dev = loosely<readonly [bigint, boolean]>(r[0])
      const max = loosely<bigint>(r[1])
      return {
        address: info.address,
        pair: info.pair,
        info,
        params: must<PoolParams>(r[4], `params(${info.pair})`),
        lastExecutionBlock: must<{ lastExecutionBlock: bigint }>(r[3], `poolState(${info.pair})`).lastExecutionBlock,
        check:
          dev && max !== undefined
            ? { deviationBps: dev[0], shouldRebalance: dev[1], maxTradeSize: max }
            : { warmingUp: true, reason: r[0].status === 'failure' ? r[0].error.message.split('\n')[0] : 'no answer' },
        peg,
        oracleUpdatedAt: baseAt < quoteAt ? baseAt : quoteAt,
        spotDeviationBps: info.midPrice > 0n ? deviationBps(info.midPrice, peg) : 0n,
        inventory: { base: must<bigint>(r[5], 'balanceOf'), quote: must<bigint>(r[6], 'balanceOf') },
      }
    }),
    legs: legs.map((l, n): LegSnapshot => {
      const r = res[2 + pools.length * per + n]
      const g = loosely<readonly [bigint, bigint, bigint]>(r)
      return {
        ...l,
        gap: g
          ? { gapBps: g[0], midPrice: g[1], crossRate: g[2] }
          : { error: r?.status === 'failure' ? r.error.message.split('\n')[0] : 'no answer' },
      }
    }),
  }
}

type NamedPool = { address: Address; pair: string }
const lists = new WeakMap<object, Promise<{ pools?: NamedPool[]; legs?: NamedPool[] }>>()

/**
 * The Stabilizer's registered pools (named by their profile pair) and its mesh legs (`meshTokens()`, named
 * `mesh:TOKEN/cXAUC`): one batched read, once per chain. A list the Stabilizer did not answer is undefined.
 */
function stabilizerLists(c: { client: VaultClient; stabilizer: Address }) {
  let p = lists.get(c)
  if (!p) {
    p = (async () => {
      const at = { address: c.stabilizer, abi: stabilizerAbi } as const
      const [pools, mesh] = await readContracts(c.client, [
        { ...at, functionName: 'pools' },
        { ...at, functionName: 'meshTokens' },
      ])
      const { pools: pairs, tokens } = c.client.deployment
      const pairOf = new Map(Object.entries(pairs).map(([pair, a]) => [a.toLowerCase(), pair]))
      const symbolOf = new Map(Object.entries(tokens).map(([s, a]) => [a.toLowerCase(), s]))
      const legs = resultOf(mesh)
      return {
        pools: resultOf(pools)?.map((address) => ({ address, pair: pairOf.get(address.toLowerCase()) ?? address })),
        legs: legs?.[1].map((address, n) => ({
          address,
          pair: `mesh:${symbolOf.get((legs[0][n] ?? '').toLowerCase()) ?? legs[0][n]}/cXAUC`,
        })),
      }
    })()
    lists.set(c, p)
  }
  return p
}

/** The Stabilizer's mesh legs (`meshTokens()`), named `mesh:TOKEN/cXAUC` (read once per chain). */
export async function meshLegs(c: { client: VaultClient; stabilizer: Address }): Promise<NamedPool[]> {
  const { legs } = await stabilizerLists(c)
  if (!legs) throw new Error(`Stabilizer ${c.stabilizer} did not list its mesh`)
  return legs
}

/** The Stabilizer's registered pools with their pair names (read once per chain). */
export async function registeredPools(c: { client: VaultClient; stabilizer: Address }): Promise<NamedPool[]> {
  const { pools } = await stabilizerLists(c)
  if (!pools) throw new Error(`Stabilizer ${c.stabilizer} did not list its pools`)
  return pools
}
