// The parity bot's inventory across the bridge (spec §9, the bridge buffer): it trades from inventory held on each
// chain, so a side that runs low is refilled from the other through the BridgeReserve (bridgeOut to itself there;
// `vault bridge relay` releases it on the other side). One transfer per token and direction at a time.
import { type Address, decodeEventLog, encodeFunctionData, type Hex } from 'viem'
import { bridgeReserveAbi } from '../chain/abi/generated.js'
import { readBalances } from '../chain/read.js'
import type { FeeCap, NonceSender } from '../daemon/sender.js'
import type { ArbChain } from './arb.js'
import { pendingTransfers } from './pending.js'

/** How far back a starting bot looks for its own transfers still on their way (an earlier run's). */
const LOOKBACK = 10_000n

/** A chain holds less than this share (1/4) of the bot's total of a token: it is refilled to half. */
const LOW_DIVISOR = 4n

export interface RefillPlan {
  symbol: string
  /** Index of the chain the tokens leave (0: 138, 1: Alltra). */
  from: 0 | 1
  amount: bigint
}

/**
 * Pure: for each token, the holdings on both chains plus what is already on its way to each; a side below a quarter
 * of the total gets the difference to half of it from the other side.
 */
export function planRefills(
  holdings: { symbol: string; held: [bigint, bigint]; incoming: [bigint, bigint] }[],
): RefillPlan[] {
  const out: RefillPlan[] = []
  for (const h of holdings) {
    const side = [h.held[0] + h.incoming[0], h.held[1] + h.incoming[1]]
    const total = side[0] + side[1]
    if (total === 0n) continue
    for (const to of [0, 1] as const) {
      const from = (1 - to) as 0 | 1
      if (side[to] * LOW_DIVISOR >= total || h.incoming[to] > 0n) continue
      const amount = total / 2n - side[to]
      if (amount > 0n && amount <= h.held[from]) out.push({ symbol: h.symbol, from, amount })
    }
  }
  return out
}

export type RefillEvent =
  | { kind: 'bridge-out'; symbol: string; chainId: number; dstChainId: number; amount: bigint; txHash: Hex }
  | { kind: 'bridge-in'; symbol: string; chainId: number; amount: bigint; srcNonce: bigint }

interface Transfer {
  symbol: string
  to: 0 | 1
  amount: bigint
  hash: Hex
  srcNonce?: bigint
}

export interface RefillerOptions {
  /** The two chains, 138 first. */
  chains: [ArbChain, ArbChain]
  /** Each chain's nonce sender (the bot's own nonces), in the order of `chains`. */
  senders: NonceSender[]
  /** The bot's address: the inventory held, and where bridged tokens are paid out. */
  bot: Address
  /** Let `spender` pull `token` on chain `n` (a max allowance, once). */
  approve: (n: number, token: Address, spender: Address, head: bigint) => Promise<void>
  onEvent: (e: RefillEvent) => void
}

/** The refills in flight and their sends; `step` runs once a round. */
export class Refiller {
  private readonly flying = new Map<string, Transfer>()
  private started = false

  constructor(private readonly opts: RefillerOptions) {}

  /** Tokens both chains know, with a bridge reserve on each. */
  private symbols(): string[] {
    const [a, b] = this.opts.chains
    if (!a.client.deployment.contracts.bridgeReserve || !b.client.deployment.contracts.bridgeReserve) return []
    return Object.keys(a.client.deployment.tokens).filter((s) => b.client.deployment.tokens[s])
  }

  /** Settles arrivals (the other chain processed the source nonce), then sends what the plan asks for. */
  async step(heads: [bigint, bigint], fees: [FeeCap | null, FeeCap | null]) {
    const symbols = this.symbols()
    if (symbols.length === 0) return
    if (!this.started) await this.resume()
    await this.settle()
    const held = await Promise.all(
      this.opts.chains.map((c, n) =>
        readBalances(c.client, {
          holder: this.opts.bot,
          tokens: symbols.map((s) => c.client.deployment.tokens[s]),
          blockNumber: heads[n],
        }),
      ),
    )
    const incoming = (s: string, to: 0 | 1) => this.flying.get(`${s}:${to}`)?.amount ?? 0n
    const plans = planRefills(
      symbols.map((s, i) => ({
        symbol: s,
        held: [held[0][i], held[1][i]],
        incoming: [incoming(s, 0), incoming(s, 1)],
      })),
    )
    for (const p of plans) {
      const to = (1 - p.from) as 0 | 1
      const key = `bridge:${p.symbol}:${to}`
      const fee = fees[p.from]
      if (!fee || this.opts.senders[p.from].busy(key)) continue
      const c = this.opts.chains[p.from]
      const reserve = c.client.deployment.contracts.bridgeReserve as Address
      const token = c.client.deployment.tokens[p.symbol]
      await this.opts.approve(p.from, token, reserve, heads[p.from])
      const data = encodeFunctionData({
        abi: bridgeReserveAbi,
        functionName: 'bridgeOut',
        args: [token, p.amount, this.opts.bot],
      })
      const sent = await this.opts.senders[p.from].send(key, { to: reserve, data, gas: 200_000n }, fee, heads[p.from])
      this.flying.set(`${p.symbol}:${to}`, { symbol: p.symbol, to, amount: p.amount, hash: sent.hash })
      this.opts.onEvent({
        kind: 'bridge-out',
        symbol: p.symbol,
        chainId: c.client.chainId,
        dstChainId: this.opts.chains[to].client.chainId,
        amount: p.amount,
        txHash: sent.hash,
      })
    }
  }

  /** Transfers an earlier run sent and the other side has not processed: on their way, so not sent again. */
  private async resume() {
    const ids = this.opts.chains.map((c) => c.client.chainId)
    const report = await pendingTransfers(
      { client: async (id) => this.opts.chains[ids.indexOf(id)].client },
      { lookback: LOOKBACK },
    )
    const bot = this.opts.bot.toLowerCase()
    for (const t of report.pending) {
      if (t.from.toLowerCase() !== bot || t.to.toLowerCase() !== bot) continue
      const to = ids.indexOf(t.dstChainId) as 0 | 1
      const k = `${t.symbol}:${to}`
      const prior = this.flying.get(k)
      this.flying.set(k, {
        symbol: t.symbol,
        to,
        amount: (prior?.amount ?? 0n) + t.amount,
        hash: t.txHash,
        srcNonce: t.srcNonce,
      })
    }
    this.started = true
  }

  /** A transfer is done once the destination's reserve processed its source nonce (or its bridgeOut failed). */
  private async settle() {
    for (const [k, t] of this.flying) {
      const src = this.opts.chains[1 - t.to]
      if (t.srcNonce === undefined) {
        const receipt = await src.client.getTransactionReceipt({ hash: t.hash }).catch(() => null)
        if (!receipt) continue
        if (receipt.status !== 'success') {
          this.flying.delete(k)
          continue
        }
        for (const log of receipt.logs) {
          try {
            const ev = decodeEventLog({ abi: bridgeReserveAbi, data: log.data, topics: log.topics })
            if (ev.eventName === 'BridgeOut') t.srcNonce = ev.args.nonce
          } catch {}
        }
        if (t.srcNonce === undefined) {
          this.flying.delete(k)
          continue
        }
      }
      const dst = this.opts.chains[t.to]
      const done = await dst.client.readContract({
        address: dst.client.deployment.contracts.bridgeReserve as Address,
        abi: bridgeReserveAbi,
        functionName: 'processedSrcNonce',
        args: [t.srcNonce],
      })
      if (done) {
        this.flying.delete(k)
        this.opts.onEvent({
          kind: 'bridge-in',
          symbol: t.symbol,
          chainId: dst.client.chainId,
          amount: t.amount,
          srcNonce: t.srcNonce,
        })
      }
    }
  }
}
