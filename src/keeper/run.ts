import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { stabilizerAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { isTransportError, readContracts, resultOf } from '../chain/read.js'
import type { ChainSettings } from '../config/schema.js'
import { isVaultError, VaultError } from '../core/errors.js'
import { stabilizerOf } from '../stabilizer/check.js'
import { planSwap } from '../stabilizer/swap.js'
import { perform } from '../tx/perform.js'

export type KeeperEvent =
  | { kind: 'start'; keeper: Address; stabilizer: Address; block: bigint }
  | { kind: 'idle'; block: bigint; deviationBps?: bigint; reason: string }
  | { kind: 'skipped'; block: bigint; reason: string }
  | {
      kind: 'executed'
      block: bigint
      txHash: Hex
      tradeSize: bigint
      tokenIn: string
      tokenOut: string
      deviationBps: bigint
    }
  | { kind: 'error'; block?: bigint; message: string }
  | { kind: 'stop'; metrics: KeeperMetrics }

export interface KeeperMetrics {
  startedAt: string
  blocksSeen: number
  checks: number
  executions: number
  /** Sum of trade sizes, per input token symbol (base units). */
  volume: Record<string, bigint>
  skipped: Record<string, number>
  errors: number
  lastBlock?: bigint
  lastDeviationBps?: bigint
}

export interface KeeperOptions {
  key: Hex
  intervalMs: number
  /** Stop after this many new blocks (0: run until the signal). */
  maxBlocks?: number
  signal: AbortSignal
  onEvent: (e: KeeperEvent) => void
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(t)
      resolve()
    })
  })

/**
 * The stabilizer loop (spec Appendix A, run by an allowed keeper): on every new block ask the Stabilizer whether it
 * should rebalance; when it should, size the trade (min of k × deviation, the per-block cap and the distance to the
 * peg), simulate it (block delay, gas cap, slippage are the contract's own checks) and send it. RPC failures are
 * reported and retried on the next block; a key the Stabilizer does not accept stops the loop (exit 3).
 */
export async function runKeeper(
  client: VaultClient,
  settings: ChainSettings,
  opts: KeeperOptions,
): Promise<KeeperMetrics> {
  const stabilizer = stabilizerOf(settings, client.chainId)
  const keeper = privateKeyToAccount(opts.key).address
  const [isKeeper, owner] = await readContracts(client, [
    { address: stabilizer, abi: stabilizerAbi, functionName: 'isKeeper', args: [keeper] },
    { address: stabilizer, abi: stabilizerAbi, functionName: 'owner' },
  ])
  if (!resultOf(isKeeper) && resultOf(owner)?.toLowerCase() !== keeper.toLowerCase()) {
    throw new VaultError('NOT_A_KEEPER', `${keeper} is not a keeper of Stabilizer ${stabilizer}`, {
      hints: [`The owner allows it with \`vault stabilizer set-keeper ${keeper} --safe\`.`],
    })
  }
  const m: KeeperMetrics = {
    startedAt: new Date().toISOString(),
    blocksSeen: 0,
    checks: 0,
    executions: 0,
    volume: {},
    skipped: {},
    errors: 0,
  }
  let last = await client.getBlockNumber()
  opts.onEvent({ kind: 'start', keeper, stabilizer, block: last })
  let pending = true // judge the current head once at start
  while (!opts.signal.aborted) {
    try {
      const head = await client.getBlockNumber()
      if (head !== last || pending) {
        m.blocksSeen += head === last ? 0 : Number(head - last)
        last = head
        pending = false
        m.lastBlock = head
        m.checks++
        await once(client, settings, head, opts, m)
        if (opts.maxBlocks && m.blocksSeen >= opts.maxBlocks) break
      }
    } catch (e) {
      if (isVaultError(e) && e.code === 'NOT_A_KEEPER') throw e
      m.errors++
      opts.onEvent({
        kind: 'error',
        block: m.lastBlock,
        message: isTransportError(e) ? 'RPC unreachable' : (e as Error).message,
      })
    }
    await sleep(opts.intervalMs, opts.signal)
  }
  opts.onEvent({ kind: 'stop', metrics: m })
  return m
}

async function once(
  client: VaultClient,
  settings: ChainSettings,
  block: bigint,
  opts: KeeperOptions,
  m: KeeperMetrics,
) {
  let plan: Awaited<ReturnType<typeof planSwap>>
  try {
    plan = await planSwap(client, settings, {})
  } catch (e) {
    if (isVaultError(e) && e.exitClass === 'condition') {
      const raw = (e.data as { deviationBps?: string } | undefined)?.deviationBps
      const dev = raw === undefined ? undefined : BigInt(raw)
      if (dev !== undefined) m.lastDeviationBps = dev
      opts.onEvent({ kind: 'idle', block, deviationBps: dev, reason: e.message })
      return
    }
    throw e
  }
  m.lastDeviationBps = plan.deviationBps
  const route = { kind: 'key' as const, key: opts.key }
  let sent: NonNullable<Awaited<ReturnType<typeof perform>>['sent']>[number]
  try {
    // the daemon was confirmed when it started: each swap is simulated and sent without asking again
    const done = await perform(client, [plan.action], route, { confirm: async () => {} })
    sent = done.sent![0]
  } catch (e) {
    if (!isVaultError(e) || e.code !== 'TX_WOULD_REVERT') throw e
    const reason = /\b([A-Z][A-Za-z]+)\(/.exec(e.message)?.[1] ?? 'reverted'
    if (reason === 'NotAuthorized') {
      throw new VaultError('NOT_A_KEEPER', e.message)
    }
    m.skipped[reason] = (m.skipped[reason] ?? 0) + 1
    opts.onEvent({ kind: 'skipped', block, reason: e.message })
    return
  }
  m.executions++
  m.volume[plan.tokenIn.symbol] = (m.volume[plan.tokenIn.symbol] ?? 0n) + plan.tradeSize
  opts.onEvent({
    kind: 'executed',
    block: sent.receipt.blockNumber,
    txHash: sent.txHash,
    tradeSize: plan.tradeSize,
    tokenIn: plan.tokenIn.symbol,
    tokenOut: plan.tokenOut.symbol,
    deviationBps: plan.deviationBps,
  })
}
