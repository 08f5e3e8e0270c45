// What one block of the stress run left on both chains, fed to the simulator's own accumulator (core/sim/metrics.ts)
// in the order the simulator feeds it, so measured and predicted targets are computed by the same code: the block's
// receipts first (flow, drains, flash drains, the keeper's executions, the bot's trades), then the end-of-block
// mid price of each public pool against its oracle peg, the private legs, the cross-chain spreads.
import type { Address, Hex } from 'viem'
import { vaultOracleAbi, vaultPMMPoolAbi } from '../chain/abi/generated.js'
import { readContracts } from '../chain/read.js'
import { deviationBps, pegPrice } from '../core/deviation/price.js'
import { crossChainSpreadBps } from '../core/models/bridge.js'
import type { RunAccumulator } from '../core/sim/metrics.js'
import { PUBLIC_POOLS } from '../core/sim/system.js'
import type { SentFlow } from './drive.js'
import type { StressChain } from './setup.js'

const LEG_QUOTE = 3

export interface BlockState {
  mids: bigint[]
  legMids: bigint[]
  /** Oracle USD price (1e18) of each token. */
  usd: bigint[]
}

/** One multicall at `block`: public pools' and legs' mid prices and the oracle's four prices. */
export async function readBlockState(c: StressChain, block: bigint): Promise<BlockState> {
  const mid = (address: Address) => ({ address, abi: vaultPMMPoolAbi, functionName: 'getMidPrice' as const })
  const r = await readContracts(
    c.client,
    [
      ...c.pools.map(mid),
      ...c.legs.map(mid),
      ...c.tokens.map((t) => ({
        address: c.oracle,
        abi: vaultOracleAbi,
        functionName: 'getPrice' as const,
        args: [t] as const,
      })),
    ],
    { blockNumber: block },
  )
  const value = <T>(x: { status: string; result?: unknown }, what: string): T => {
    if (x.status !== 'success') throw new Error(`${what} unreadable at block ${block} on ${c.chainId}`)
    return x.result as T
  }
  return {
    mids: r.slice(0, 4).map((x, k) => value<bigint>(x, `pool ${k} mid price`)),
    legMids: r.slice(4, 7).map((x, t) => value<bigint>(x, `leg ${t} mid price`)),
    usd: r.slice(7, 11).map((x, t) => value<readonly [bigint, bigint]>(x, `oracle price ${t}`)[0]),
  }
}

const peg = (usd: bigint[], b: number, q: number) =>
  pegPrice({ baseUsd: usd[b], quoteUsd: usd[q], baseDecimals: 6, quoteDecimals: 6 })

export interface BlockActivity {
  flowTxs: number
  flowFailed: number
  executions: number
  keeperFailed: number
  botTrades: number
}

/**
 * Feeds one block (block `blocks[c]` on chain c) to the accumulator and ends it. `sent` maps the flow's hashes to
 * what they were; hashes found are removed from it (what remains at the end never landed).
 */
export async function measureBlock(
  chains: StressChain[],
  {
    acc,
    blocks,
    sent,
    actors,
  }: {
    acc: RunAccumulator
    /** The block measured on each chain. */
    blocks: bigint[]
    sent: Map<Hex, SentFlow>
    actors: { keeper: Address; bot: Address }
  },
): Promise<BlockActivity> {
  const activity: BlockActivity = { flowTxs: 0, flowFailed: 0, executions: 0, keeperFailed: 0, botTrades: 0 }
  const [states, receipts] = await Promise.all([
    Promise.all(chains.map((c, n) => readBlockState(c, blocks[n]))),
    Promise.all(chains.map((c, n) => c.client.getBlockReceipts({ blockNumber: blocks[n] }))),
  ])
  const keeper = actors.keeper.toLowerCase()
  const bot = actors.bot.toLowerCase()
  for (const [n, list] of receipts.entries()) {
    for (const r of list) {
      const from = r.from.toLowerCase()
      const ok = r.status === 'success'
      if (from === keeper && r.to?.toLowerCase() === chains[n].stabilizer.toLowerCase()) {
        if (ok) {
          activity.executions++
          acc.executionSeen()
        } else activity.keeperFailed++
        continue
      }
      if (from === bot && r.to?.toLowerCase() === chains[n].router.toLowerCase()) {
        if (ok) {
          activity.botTrades++
          acc.arb()
        }
        continue
      }
      const f = sent.get(r.transactionHash)
      if (!f) continue
      sent.delete(r.transactionHash)
      activity.flowTxs++
      if (!ok) {
        activity.flowFailed++
        continue
      }
      // as the simulator counts them: a drain is not external flow, a flash drain is neither
      if (f.kind === 'flash') acc.flash(0)
      else if (f.kind === 'drain') acc.drain(f.chain, f.pool)
      else acc.flow(f.chain, f.pool, f.baseValue)
    }
  }
  for (const [c, s] of states.entries())
    for (let k = 0; k < 4; k++) {
      const [b, q] = PUBLIC_POOLS[k]
      acc.deviation(c, k, Number(deviationBps(s.mids[k], peg(s.usd, b, q))))
    }
  for (const s of states)
    for (let t = 0; t < 3; t++) acc.legDeviation(Number(deviationBps(s.legMids[t], peg(s.usd, t, LEG_QUOTE))))
  for (let k = 0; k < 4; k++) acc.spread(k, Number(crossChainSpreadBps(states[0].mids[k], states[1].mids[k])))
  acc.endBlock()
  return activity
}
