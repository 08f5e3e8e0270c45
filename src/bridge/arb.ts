import { type Address, encodeFunctionData, erc20Abi, type Hex, type LocalAccount, maxUint256 } from 'viem'
import { vaultRouterAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readBalances, readContracts, resultOf } from '../chain/read.js'
import { type ParityLeg, type ParityPool, planParity } from '../core/parity.js'
import type { Alerts } from '../daemon/alerts.js'
import { watchHeads } from '../daemon/heads.js'
import type { DaemonMetrics } from '../daemon/metrics.js'
import { type FeeCap, feeUnderCap, NonceSender, nextBaseFee } from '../daemon/sender.js'
import { readPools } from '../pools/read.js'
import { type RefillEvent, Refiller } from './refill.js'

export interface ArbChain {
  client: VaultClient
  router: Address
}

export type ArbEvent =
  | { kind: 'start'; bot: Address; pairs: string[] }
  | { kind: 'spread'; pair: string; spreadBps: bigint; action: string; reason?: string }
  | {
      kind: 'sent'
      pair: string
      chainId: number
      side: 'base' | 'quote'
      amountIn: bigint
      txHash: Hex
      spreadBps: bigint
      spreadAfterBps: bigint
    }
  | { kind: 'executed'; pair: string; chainId: number; block: bigint; txHash: Hex }
  | { kind: 'failed'; pair: string; chainId: number; txHash: Hex; reason: string }
  | { kind: 'approve'; chainId: number; token: string; txHash: Hex }
  | { kind: 'error'; message: string }
  | RefillEvent
  | { kind: 'stop'; summary: ArbSummary }

export interface ArbSummary {
  rounds: number
  trades: number
  failures: number
  errors: number
  /** Pairs whose spread was above the threshold on the last round but not traded (fees, inventory). */
  blocked: string[]
  /** Inventory moved through the bridge to a chain running low (bridgeOut transactions sent). */
  bridgeTransfers: number
}

export interface ArbOptions {
  account: LocalAccount
  /** The two chains, 138 first. */
  chains: [ArbChain, ArbChain]
  pairs?: string[]
  thresholdBps: bigint
  maxFeeBps: bigint
  /** Slippage allowed against the exact quote, bps (the pool may move between the read and the trade). */
  slippageBps: bigint
  maxGasPrice: bigint
  tipWei: bigint
  /** Send type-0 transactions (a chain without a base fee gets them anyway). */
  legacy?: boolean
  intervalMs: number
  maxRounds?: number
  once?: boolean
  signal: AbortSignal
  metrics?: DaemonMetrics
  alerts?: Alerts
  /** Refill a chain that runs low on a token from the other through the bridge (default true). */
  refill?: boolean
  onEvent(e: ArbEvent): void
}

/**
 * The parity bot (spec §9, §16 spread < 15 bps): on every new head of either chain, each public pair both chains
 * have is priced on both; above the threshold it buys base where cheap and sells where dear from inventory held
 * on each chain, sized by `planParity` so the spread lands under the target, through the router so each leg is
 * one transaction, from nonces it owns and never above the gas cap.
 */
export async function runArb(opts: ArbOptions): Promise<ArbSummary> {
  const summary: ArbSummary = { rounds: 0, trades: 0, failures: 0, errors: 0, blocked: [], bridgeTransfers: 0 }
  const senders = opts.chains.map(
    (c) => new NonceSender(c.client, { account: opts.account, chainId: c.client.chainId, legacy: opts.legacy }),
  )
  await Promise.all(senders.map((s) => s.start()))
  const [a, b] = opts.chains
  const pairs = Object.keys(a.client.deployment.pools).filter(
    (p) => b.client.deployment.pools[p] && (!opts.pairs?.length || opts.pairs.includes(p)),
  )
  opts.onEvent({ kind: 'start', bot: opts.account.address, pairs })
  const approved = new Set<string>()
  const refiller =
    opts.refill === false
      ? undefined
      : new Refiller({
          chains: opts.chains,
          senders,
          bot: opts.account.address,
          approve: (n, t, spender, head) => approve(n, t, head, spender),
          onEvent: (e) => {
            if (e.kind === 'bridge-out') summary.bridgeTransfers++
            opts.onEvent(e)
          },
        })
  // the head streams end with the bot: a stream waiting for a block that never comes must not hold the exit
  const streams = new AbortController()
  const endStreams = () => streams.abort()
  opts.signal.addEventListener('abort', endStreams, { once: true })
  const heads = opts.chains.map((c) =>
    watchHeads(c.client, { intervalMs: opts.intervalMs, signal: streams.signal, onError: () => summary.errors++ }),
  )
  const last: bigint[] = [-1n, -1n]
  // one round per new head on either chain; both chains are read at their latest block
  const next = heads.map((h, n) => h.next().then((r) => ({ r, n })))
  while (!opts.signal.aborted) {
    const { r, n } = await Promise.race(next)
    if (r.done) break
    next[n] = heads[n].next().then((x) => ({ r: x, n }))
    if (r.value <= last[n]) continue
    last[n] = r.value
    summary.rounds++
    try {
      await settle()
      await round()
    } catch (e) {
      summary.errors++
      opts.onEvent({ kind: 'error', message: (e as Error).message.split('\n')[0] })
    }
    if (opts.once || (opts.maxRounds !== undefined && summary.rounds >= opts.maxRounds)) break
  }
  if (opts.once)
    for (let i = 0; i < 600 && senders.some((s) => s.inFlight.length > 0) && !opts.signal.aborted; i++) {
      await settle()
      if (senders.some((s) => s.inFlight.length > 0)) await new Promise((r) => setTimeout(r, opts.intervalMs))
    }
  endStreams()
  opts.signal.removeEventListener('abort', endStreams)
  await Promise.all(next)
  await Promise.all(heads.map((h) => h.return(undefined)))
  opts.onEvent({ kind: 'stop', summary })
  return summary

  async function settle() {
    for (const [n, s] of senders.entries()) {
      const chainId = opts.chains[n].client.chainId
      for (const x of await s.poll(await opts.chains[n].client.getBlockNumber())) {
        if (x.kind === 'cancel') continue
        if (x.kind === 'mined' && x.status === 'success') {
          if (!x.tx.key.startsWith('approve:'))
            opts.onEvent({ kind: 'executed', pair: x.tx.key, chainId, block: x.blockNumber, txHash: x.tx.hash })
          opts.metrics?.gasSpentEth.inc({ chain: String(chainId) }, Number(x.feeWei) / 1e18)
        } else if (x.kind !== 'stuck') {
          summary.failures++
          opts.onEvent({
            kind: 'failed',
            pair: x.tx.key,
            chainId,
            txHash: x.tx.hash,
            reason: x.kind === 'mined' ? 'reverted' : x.kind,
          })
        }
      }
    }
  }

  async function round() {
    const sides = await Promise.all(opts.chains.map((c) => readSide(c, pairs, opts.account.address)))
    summary.blocked = []
    for (const pair of pairs) {
      const [pa, pb] = sides.map((s) => s.pools.get(pair))
      if (!pa || !pb) continue
      const d = planParity(pa, pb, { thresholdBps: opts.thresholdBps, maxFeeBps: opts.maxFeeBps })
      opts.metrics?.spreadBps.set({ pool: pair }, Number(d.spreadBps))
      void opts.alerts?.update('spread_above_target', d.spreadBps >= 15n, {
        summary: `${pair} spread ${d.spreadBps} bps between 138 and Alltra`,
        labels: { pool: pair },
      })
      if (d.action !== 'trade') {
        if (d.action === 'blocked') summary.blocked.push(pair)
        opts.onEvent({ kind: 'spread', pair, spreadBps: d.spreadBps, action: d.action, reason: d.reason })
        continue
      }
      if (senders.some((s) => s.busy(pair))) continue
      const legs = [d.buy, d.sell]
      const fees = legs.map((l) => feeUnderCap(sides[index(l)].nextBaseFee, opts.maxGasPrice, opts.tipWei))
      if (fees.some((f) => f === null)) {
        opts.onEvent({ kind: 'spread', pair, spreadBps: d.spreadBps, action: 'blocked', reason: 'gas_above_cap' })
        summary.blocked.push(pair)
        continue
      }
      for (const [k, leg] of legs.entries()) {
        const n = index(leg)
        const c = opts.chains[n]
        const info = sides[n].infos.get(pair)!
        const token = leg.side === 'base' ? info.base.address : info.quote.address
        await approve(n, token, sides[n].head)
        const minOut = (leg.quote.receive * (10_000n - opts.slippageBps)) / 10_000n
        const data = encodeFunctionData({
          abi: vaultRouterAbi,
          functionName: leg.side === 'base' ? 'sellBase' : 'sellQuote',
          args: [info.address, leg.amountIn, minOut, opts.account.address],
        })
        const sent = await senders[n].send(pair, { to: c.router, data, gas: 400_000n }, fees[k]!, sides[n].head)
        summary.trades++
        opts.onEvent({
          kind: 'sent',
          pair,
          chainId: c.client.chainId,
          side: leg.side,
          amountIn: leg.amountIn,
          txHash: sent.hash,
          spreadBps: d.spreadBps,
          spreadAfterBps: d.spreadAfterBps,
        })
      }
    }
    await refiller?.step(
      [sides[0].head, sides[1].head],
      [0, 1].map((n) => feeUnderCap(sides[n].nextBaseFee, opts.maxGasPrice, opts.tipWei)) as [
        FeeCap | null,
        FeeCap | null,
      ],
    )
  }

  function index(leg: ParityLeg) {
    return opts.chains.findIndex((c) => c.client.chainId === leg.chainId)
  }

  /** Lets the router pull the token once per chain (a max allowance), before the first trade that needs it. */
  async function approve(n: number, token: Address, head: bigint, spender: Address = opts.chains[n].router) {
    const c = opts.chains[n]
    const key = `approve:${c.client.chainId}:${token}:${spender}`
    if (approved.has(key)) return
    const [allowance] = await readContracts(c.client, [
      { address: token, abi: erc20Abi, functionName: 'allowance', args: [opts.account.address, spender] },
    ])
    if ((resultOf(allowance) ?? 0n) >= maxUint256 / 2n) {
      approved.add(key)
      return
    }
    const fee = feeUnderCap((await c.client.getBlock()).baseFeePerGas ?? 0n, opts.maxGasPrice, opts.tipWei)
    if (!fee) throw new Error(`chain ${c.client.chainId}: gas above the cap, cannot approve the router`)
    const tx = await senders[n].send(
      key,
      {
        to: token,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, maxUint256] }),
        gas: 80_000n,
      },
      fee,
      head,
    )
    opts.onEvent({ kind: 'approve', chainId: c.client.chainId, token, txHash: tx.hash })
    approved.add(key)
  }

  async function readSide(c: ArbChain, names: string[], bot: Address) {
    const head = await c.client.getBlockNumber()
    const [header, { pools }] = await Promise.all([
      c.client.getBlock({ blockNumber: head }),
      readPools(c.client, { addresses: names.map((p) => c.client.deployment.pools[p]), blockNumber: head }),
    ])
    const tokens = [...new Set(pools.flatMap((p) => [p.base.address, p.quote.address]))]
    const bal = await readBalances(c.client, { holder: bot, tokens, blockNumber: head })
    const held = new Map(tokens.map((t, i) => [t, bal[i]]))
    const byName = new Map(
      names.map((name) => [
        name,
        pools.find((p) => p.address.toLowerCase() === c.client.deployment.pools[name].toLowerCase()),
      ]),
    )
    const out = new Map<string, ParityPool>()
    const infos = new Map<string, NonNullable<(typeof pools)[number]>>()
    for (const [name, p] of byName) {
      if (!p) continue
      infos.set(name, p)
      out.set(name, {
        chainId: c.client.chainId,
        state: p.state,
        lpFeeRate: p.lpFeeRate,
        mtFeeRate: p.mtFeeRate,
        inventory: { base: held.get(p.base.address) ?? 0n, quote: held.get(p.quote.address) ?? 0n },
      })
      for (const t of [p.base, p.quote])
        opts.metrics?.inventory.set(
          { chain: String(c.client.chainId), token: t.symbol },
          Number(held.get(t.address) ?? 0n) / 10 ** t.decimals,
        )
    }
    return { head, nextBaseFee: nextBaseFee(header), pools: out, infos }
  }
}
