// The keeper daemon: every registered pool on every chain, each chain on its own new heads, until stopped.
// Over 300 lines on purpose: one loop whose per-chain state (nonce sender, budgets, blocked reasons, metrics and
// alerts) lives in its closures; the decision itself is keeper/decide.ts and the sending is daemon/sender.ts.
import { type Address, encodeFunctionData, type Hex, type LocalAccount } from 'viem'
import { stabilizerAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { withGasHeadroom } from '../chain/gas.js'
import { revertReason } from '../chain/revert.js'
import { parseDecimal } from '../core/pmm/convert.js'
import type { Alerts } from '../daemon/alerts.js'
import { WindowBudget } from '../daemon/budget.js'
import { watchHeads } from '../daemon/heads.js'
import type { DaemonMetrics } from '../daemon/metrics.js'
import { NonceSender, type Settled } from '../daemon/sender.js'
import { decide, decideLeg, type SkipReason } from './decide.js'
import { observePool } from './observe.js'
import { type ChainSnapshot, meshLegs, readSnapshot, registeredPools } from './snapshot.js'

export interface KeeperChain {
  client: VaultClient
  stabilizer: Address
}

export type KeeperEvent =
  | { kind: 'start'; chainId: number; keeper: Address; stabilizer: Address; pools: string[]; block: bigint }
  | {
      kind: 'block'
      chainId: number
      block: bigint
      pools: { pair: string; deviationBps: bigint | null; state: string }[]
    }
  | { kind: 'skipped'; chainId: number; block: bigint; pair: string; reason: SkipReason | string; detail: string }
  | {
      kind: 'sent'
      chainId: number
      block: bigint
      pair: string
      txHash: Hex
      nonce: number
      tradeSize: bigint
      tokenIn: string
      deviationBps: bigint
    }
  | {
      kind: 'mesh-sent'
      chainId: number
      block: bigint
      /** `mesh:TOKEN/cXAUC` */
      pair: string
      txHash: Hex
      nonce: number
      gapBps: bigint
    }
  | { kind: 'executed'; chainId: number; block: bigint; pair: string; txHash: Hex; feeWei: bigint }
  | {
      kind: 'failed'
      chainId: number
      pair: string
      txHash: Hex
      reason: 'reverted' | 'dropped' | 'replaced' | 'stuck'
    }
  /** A stuck transaction (this run's, or one an earlier run left pending) replaced by a 0-value one at its nonce. */
  | { kind: 'cancelled'; chainId: number; nonce: number; txHash: Hex }
  | { kind: 'error'; chainId: number; block?: bigint; message: string }
  | { kind: 'stop'; summary: KeeperSummary }

export interface KeeperSummary {
  blocks: Record<string, number>
  executions: number
  skipped: Record<string, number>
  failures: number
  errors: number
  /** Due on the last block judged but not sent (gas above the cap, a budget, a pause, inventory): `--once` exits 2. */
  dueButBlocked: boolean
  inFlight: Hex[]
}

export interface KeeperDaemonOptions {
  account: LocalAccount
  chains: KeeperChain[]
  /** Only these pools (pair names, case-insensitive, or addresses). */
  pools?: string[]
  intervalMs: number
  /** Stop a chain after this many blocks judged, whatever happened in them. */
  maxBlocks?: number
  /** Judge the current head once, wait for what was sent to settle, stop. */
  once?: boolean
  signal: AbortSignal
  tipWei: bigint
  /** Send type-0 transactions (a chain without a base fee gets them anyway). */
  legacy?: boolean
  gasBudgetWeiPerHour?: bigint
  /** Most to sell of a token per hour, in whole tokens (decimal text), by symbol. */
  volumeCapPerHour?: Record<string, string>
  /** Blocks the gas price may stay above the cap before an alert. */
  gasAlertBlocks?: number
  metrics?: DaemonMetrics
  alerts?: Alerts
  onEvent(e: KeeperEvent): void
  now?: () => number
}

const HOUR = 3_600_000
const BLOCKED: readonly string[] = ['paused', 'gas_above_cap', 'gas_budget', 'volume_cap', 'inventory']

/** The keeper for every registered pool on every chain given, each chain on its own heads, until stopped. */
export async function runKeeperDaemon(opts: KeeperDaemonOptions): Promise<KeeperSummary> {
  const summary: KeeperSummary = {
    blocks: {},
    executions: 0,
    skipped: {},
    failures: 0,
    errors: 0,
    dueButBlocked: false,
    inFlight: [],
  }
  const now = opts.now ?? Date.now
  const gas = new WindowBudget(opts.gasBudgetWeiPerHour ?? 2n ** 255n, HOUR)
  const volume = new Map<string, WindowBudget>()
  const volumeBudget = (t: { symbol: string; decimals: number }) => {
    const cap = opts.volumeCapPerHour?.[t.symbol]
    if (cap === undefined) return undefined
    const b = volume.get(t.symbol) ?? new WindowBudget(parseDecimal(cap, t.decimals, `volume cap ${t.symbol}`), HOUR)
    volume.set(t.symbol, b)
    return b
  }
  const senders = await Promise.all(opts.chains.map((c) => runChain(c)))
  summary.inFlight = senders.flatMap((s) => s.inFlight.map((f) => f.hash))
  opts.onEvent({ kind: 'stop', summary })
  return summary

  async function runChain(c: KeeperChain): Promise<NonceSender> {
    const chainId = c.client.chainId
    const label = { chain: String(chainId) }
    const sender = new NonceSender(c.client, { account: opts.account, chainId, legacy: opts.legacy })
    await sender.start()
    const registered = await registeredPools(c)
    const legs = await meshLegs(c)
    const head0 = await c.client.getBlockNumber()
    opts.onEvent({
      kind: 'start',
      chainId,
      keeper: opts.account.address,
      stabilizer: c.stabilizer,
      pools: [...registered, ...legs].map((p) => p.pair),
      block: head0,
    })
    const outOfBand = new Map<string, number>()
    let gasHigh = 0
    let rpcFails = 0
    let last: bigint | undefined
    let judged = 0
    const inner = new AbortController()
    const stop = () => inner.abort()
    opts.signal.addEventListener('abort', stop, { once: true })
    try {
      for await (const head of watchHeads(c.client, {
        intervalMs: opts.intervalMs,
        signal: inner.signal,
        onError: (e) => {
          summary.errors++
          opts.metrics?.rpcErrors.inc(label)
          // logged once an outage (the poll keeps failing until the RPC answers again)
          if (rpcFails === 0)
            opts.onEvent({ kind: 'error', chainId, message: `new heads: ${e.message.split('\n')[0]}` })
          if (++rpcFails >= 3)
            void opts.alerts?.update('rpc_down', true, {
              summary: `chain ${chainId} RPC is not answering`,
              labels: label,
            })
        },
      })) {
        if (last !== undefined && head <= last) continue
        judged += last === undefined ? 1 : Number(head - last)
        last = head
        summary.blocks[chainId] = judged
        opts.metrics?.lastBlock.set(label, Number(head))
        try {
          await settle(c, await sender.poll(head))
          const snap = await readSnapshot(c.client, {
            stabilizer: c.stabilizer,
            registered: registered.map((p) => p.address),
            block: head,
            legs,
          })
          if (rpcFails > 0)
            void opts.alerts?.update('rpc_down', false, {
              summary: `chain ${chainId} RPC answers again`,
              labels: label,
            })
          rpcFails = 0
          gasHigh = snap.nextBaseFee > snap.limits.maxGasPrice ? gasHigh + 1 : 0
          void opts.alerts?.update('gas_above_cap', gasHigh >= (opts.gasAlertBlocks ?? 10), {
            summary: `chain ${chainId} base fee above the Stabilizer's gas cap for ${gasHigh} blocks`,
            labels: label,
          })
          summary.dueButBlocked = false
          await judge(c, sender, snap, outOfBand)
        } catch (e) {
          summary.errors++
          opts.metrics?.rpcErrors.inc(label)
          if (++rpcFails >= 3)
            void opts.alerts?.update('rpc_down', true, { summary: `chain ${chainId} RPC is failing`, labels: label })
          opts.onEvent({ kind: 'error', chainId, block: head, message: (e as Error).message.split('\n')[0] })
        }
        if (opts.once || (opts.maxBlocks !== undefined && judged >= opts.maxBlocks)) break
      }
      if (opts.once) await drain(c, sender)
    } finally {
      opts.signal.removeEventListener('abort', stop)
    }
    return sender
  }

  async function judge(c: KeeperChain, sender: NonceSender, snap: ChainSnapshot, outOfBand: Map<string, number>) {
    const chainId = snap.chainId
    const rows: { pair: string; deviationBps: bigint | null; state: string }[] = []
    for (const pool of snap.pools) {
      if (!selected(pool.pair, pool.address)) continue
      const labels = { chain: String(chainId), pool: pool.pair }
      const twap = 'warmingUp' in pool.check ? null : pool.check.deviationBps
      observePool(snap, { pool, outOfBand, metrics: opts.metrics, alerts: opts.alerts })
      const gasEstimate = 600_000n
      const d = decide(snap, pool, {
        busy: sender.busy(pool.address),
        tipWei: opts.tipWei,
        gasEstimate,
        gasAllowed: (cost) => gas.allows(cost, now()),
        volumeAllowed: (token, amount) => volumeBudget(token)?.allows(amount, now()) ?? true,
      })
      rows.push({
        pair: pool.pair,
        deviationBps: twap,
        state: d.kind === 'idle' ? d.verdict : d.kind === 'skip' ? d.reason : 'due',
      })
      if (d.kind === 'idle') continue
      if (d.kind === 'skip') {
        skip(snap, pool.pair, d.reason, d.detail, labels)
        continue
      }
      const [tokenIn, tokenOut] = d.sellBase ? [pool.info.base, pool.info.quote] : [pool.info.quote, pool.info.base]
      const data = encodeFunctionData({
        abi: stabilizerAbi,
        functionName: 'executePrivateSwap',
        args: [pool.address, d.tradeSize, tokenIn.address, tokenOut.address],
      })
      const gasLimit = await gasOrSkip(c, data, sender.pricing(d.fee), snap, pool.pair, labels)
      if (gasLimit === undefined) continue
      const sent = await sender.send(pool.address, { to: c.stabilizer, data, gas: gasLimit }, d.fee, snap.block)
      gas.record(gasLimit * d.fee.maxFeePerGas, now())
      volumeBudget(tokenIn)?.record(d.tradeSize, now())
      opts.onEvent({
        kind: 'sent',
        chainId,
        block: snap.block,
        pair: pool.pair,
        txHash: sent.hash,
        nonce: sent.nonce,
        tradeSize: d.tradeSize,
        tokenIn: tokenIn.symbol,
        deviationBps: pool.check && 'deviationBps' in pool.check ? pool.check.deviationBps : 0n,
      })
    }
    await judgeLegs(c, sender, snap, rows)
    opts.onEvent({ kind: 'block', chainId, block: snap.block, pools: rows })
  }

  /**
   * The private XAU legs: rebalanceMesh for a leg more than θ off the oracle cross rate (an oracle move; a
   * correction resets the legs it trades through itself). A leg waits while a correction is in flight on the chain:
   * the correction may reset it, and a rebalance behind it would revert MeshInBand.
   */
  async function judgeLegs(
    c: KeeperChain,
    sender: NonceSender,
    snap: ChainSnapshot,
    rows: { pair: string; deviationBps: bigint | null; state: string }[],
  ) {
    const chainId = snap.chainId
    const pools = new Set<string>(snap.pools.map((p) => p.address))
    const correcting = sender.inFlight.some((f) => pools.has(f.key))
    for (const leg of snap.legs) {
      if (!selected(leg.pair, leg.address)) continue
      const labels = { chain: String(chainId), pool: leg.pair }
      const gapBps = 'error' in leg.gap ? null : leg.gap.gapBps
      if (gapBps !== null) opts.metrics?.meshGapBps.set({ chain: String(chainId), leg: leg.pair }, Number(gapBps))
      const d = decideLeg(snap, leg, {
        busy: correcting || sender.busy(leg.address),
        tipWei: opts.tipWei,
        gasEstimate: 300_000n,
        gasAllowed: (cost) => gas.allows(cost, now()),
      })
      rows.push({
        pair: leg.pair,
        deviationBps: gapBps,
        state: d.kind === 'idle' ? 'in-band' : d.kind === 'skip' ? d.reason : 'due',
      })
      if (d.kind === 'idle') continue
      if (d.kind === 'skip') {
        skip(snap, leg.pair, d.reason, d.detail, labels)
        continue
      }
      const data = encodeFunctionData({ abi: stabilizerAbi, functionName: 'rebalanceMesh', args: [leg.address] })
      const gasLimit = await gasOrSkip(c, data, sender.pricing(d.fee), snap, leg.pair, labels)
      if (gasLimit === undefined) continue
      const sent = await sender.send(leg.address, { to: c.stabilizer, data, gas: gasLimit }, d.fee, snap.block)
      gas.record(gasLimit * d.fee.maxFeePerGas, now())
      opts.onEvent({
        kind: 'mesh-sent',
        chainId,
        block: snap.block,
        pair: leg.pair,
        txHash: sent.hash,
        nonce: sent.nonce,
        gapBps: d.gapBps,
      })
    }
  }

  /**
   * The gas limit of a call to the Stabilizer (its estimate + half, withGasHeadroom), or undefined after recording a skip named by the
   * revert the estimate hit (the rule refused it; nothing is sent).
   */
  async function gasOrSkip(
    c: KeeperChain,
    data: Hex,
    pricing: ReturnType<NonceSender['pricing']>,
    snap: ChainSnapshot,
    pair: string,
    labels: { chain: string; pool: string },
  ): Promise<bigint | undefined> {
    try {
      const est = await c.client.estimateGas({
        account: opts.account.address,
        to: c.stabilizer,
        data,
        ...pricing,
      })
      return withGasHeadroom(est)
    } catch (e) {
      const reason = revertReason(e, [stabilizerAbi])
      skip(snap, pair, /^(\w+)\(/.exec(reason)?.[1] ?? 'would_revert', reason, labels)
      return undefined
    }
  }

  function skip(
    snap: ChainSnapshot,
    pair: string,
    reason: string,
    detail: string,
    labels: { chain: string; pool: string },
  ) {
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1
    if (BLOCKED.includes(reason)) summary.dueButBlocked = true
    opts.metrics?.skips.inc({ ...labels, reason })
    opts.onEvent({ kind: 'skipped', chainId: snap.chainId, block: snap.block, pair, reason, detail })
  }

  async function settle(c: KeeperChain, settled: Settled[]) {
    const chainId = c.client.chainId
    for (const s of settled) {
      if (s.kind === 'cancel') {
        opts.onEvent({ kind: 'cancelled', chainId, nonce: s.nonce, txHash: s.hash })
        continue
      }
      const pair =
        [...(await registeredPools(c)), ...(await meshLegs(c))].find((p) => p.address === s.tx.key)?.pair ?? s.tx.key
      const labels = { chain: String(chainId), pool: pair }
      if (s.kind === 'mined' && s.status === 'success') {
        summary.executions++
        opts.metrics?.executions.inc(labels)
        opts.metrics?.gasSpentEth.inc({ chain: String(chainId) }, Number(s.feeWei) / 1e18)
        opts.onEvent({ kind: 'executed', chainId, block: s.blockNumber, pair, txHash: s.tx.hash, feeWei: s.feeWei })
        void opts.alerts?.update('execution_failed', false, { summary: `${pair} on ${chainId} executes again`, labels })
      } else if (s.kind !== 'stuck') {
        summary.failures++
        opts.metrics?.failures.inc(labels)
        const reason = s.kind === 'mined' ? 'reverted' : s.kind
        opts.onEvent({ kind: 'failed', chainId, pair, txHash: s.tx.hash, reason })
        void opts.alerts?.update('execution_failed', true, {
          summary: `${pair} on ${chainId}: transaction ${reason}`,
          labels,
        })
      } else {
        opts.onEvent({ kind: 'failed', chainId, pair, txHash: s.tx.hash, reason: 'stuck' })
        if (s.cancel) opts.onEvent({ kind: 'cancelled', chainId, nonce: s.tx.nonce, txHash: s.cancel })
      }
    }
  }

  /** `--once`: what was sent settles before the process exits (bounded, and Ctrl-C ends the wait). */
  async function drain(c: KeeperChain, sender: NonceSender) {
    for (let n = 0; n < 600 && sender.inFlight.length > 0 && !opts.signal.aborted; n++) {
      await settle(c, await sender.poll(await c.client.getBlockNumber()))
      if (sender.inFlight.length > 0) await new Promise((r) => setTimeout(r, opts.intervalMs))
    }
  }

  function selected(pair: string, address: Address): boolean {
    if (!opts.pools?.length) return true
    return opts.pools.some((p) => p.toLowerCase() === pair.toLowerCase() || p.toLowerCase() === address.toLowerCase())
  }
}
