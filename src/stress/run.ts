// `vault stress`: the simulator's seeded flow (core/sim/flow.ts, run 0 of the seed) replayed block by block into
// the localnet's public pools on both chains, mined at an interval, while the keeper daemon and the parity bot run
// in this process; the §16 targets measured from end-of-block prices with the simulator's own accumulator and
// report code, beside the simulator's prediction for the same seed and parameters.
// A little over 300 lines: the run loop and the daemons it starts beside it share the run's state.
import { erc20Abi, type Hex, parseGwei } from 'viem'
import { runArb } from '../bridge/arb.js'
import { localRpc } from '../chain/local-rpc.js'
import type { Context } from '../config/context.js'
import { backends, type SimPath } from '../core/sim/backend.js'
import { FlowGenerator } from '../core/sim/flow.js'
import { RunAccumulator } from '../core/sim/metrics.js'
import type { SimParams } from '../core/sim/params.js'
import { createRng, deriveSeed } from '../core/sim/prng.js'
import { buildReport, type RunSummary, type TargetResult } from '../core/sim/report.js'
import { simulateSystem } from '../core/sim/system.js'
import { runKeeperDaemon } from '../keeper/daemon.js'
import { execThroughSafe } from '../localnet/claim.js'
import { MarketSender, pegsAt, type SentFlow, sendFlow } from './drive.js'
import { measureBlock } from './measure.js'
import {
  deployerWallet,
  localSafe,
  oracleCall,
  prepareChain,
  type StressChain,
  stressAccounts,
  stressChain,
} from './setup.js'

export interface StressOptions {
  /** Resolved simulation parameters (runs ignored: stress replays run 0 of the seed). */
  params: SimParams
  /** Seconds between blocks on both chains while the flow runs. */
  intervalSec: number
  path: SimPath
  /** Keep the chains as the run left them (default: back to the state before it). */
  keep: boolean
  signal?: AbortSignal
  onProgress?(done: number, total: number): void
}

/** A §16 target, measured on chain and predicted by the simulator for the same seed. */
export interface StressTarget {
  id: TargetResult['id']
  name: string
  target: string
  measured: number | null
  predicted: number | null
  measuredVerdict: TargetResult['verdict']
  predictedVerdict: TargetResult['verdict']
}

export interface StressResult {
  seed: number
  blocks: number
  intervalSec: number
  path: SimPath
  chains: { chainId: number; firstBlock: bigint; lastBlock: bigint }[]
  /** What was driven: steps (one per block), steps that started after their block, the flow's transactions. */
  driven: {
    steps: number
    lateSteps: number
    flowTxs: number
    flowFailed: number
    flowNotLanded: number
    oracleUpdates: number
  }
  keeper: { executions: number; failures: number; errors: number }
  bot: { trades: number; failures: number; errors: number }
  /** Blocks measured (per chain) and pool prices judged (eight public pools a block). */
  measured: { blocks: number; poolSamples: number; run: RunSummary; targets: TargetResult[] }
  predicted: { run: RunSummary; targets: TargetResult[] }
  targets: StressTarget[]
  /** Every measured target met. */
  ok: boolean
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function runStress(ctx: Context, opts: StressOptions): Promise<StressResult> {
  const params: SimParams = { ...opts.params, runs: 1 }
  const chains: StressChain[] = await Promise.all(
    ([138, 651940] as const).map(async (id) => stressChain(await ctx.client(id))),
  )
  const safe = ctx.profile.safe?.address
  if (!safe) throw new Error('the profile has no Safe address')
  const snapshots = opts.keep ? [] : await Promise.all(chains.map((c) => localRpc(c.client, 'evm_snapshot')))
  const accounts = stressAccounts()
  const flow = new FlowGenerator(params, createRng(deriveSeed(params.seed, 0)))
  const chainUsd = chains.map(() => Float64Array.from(flow.usd))
  const stop = new AbortController()
  const abort = () => stop.abort()
  opts.signal?.addEventListener('abort', abort, { once: true })
  const keeper = { executions: 0, failures: 0, errors: 0 }
  const bot = { trades: 0, failures: 0, errors: 0 }
  try {
    for (const c of chains)
      await prepareChain(c, {
        accounts,
        safe,
        usd: flow.usd,
        funding: { marketUsd: 20_000_000, botUsd: Number(params.botInventory) / 1e6 },
      })
    // the prediction starts from the stabilizer inventory the chains hold
    params.inventory = await leastInventory(chains, flow.usd)
    const predictedRec = simulateSystem(backends[opts.path] as (typeof backends)['exact'], params, 0)
    const daemons = startDaemons(chains, accounts, params, ctx, stop.signal, keeper, bot)
    await daemons.ready
    const senders = await Promise.all(
      chains.map(async (c) => {
        const base = (await c.client.getBlock()).baseFeePerGas ?? 0n
        const s = new MarketSender(c, accounts.market, {
          maxFeePerGas: base * 10n + parseGwei('2'),
          maxPriorityFeePerGas: parseGwei('1'),
        })
        await s.start()
        return s
      }),
    )
    for (const c of chains) {
      await localRpc(c.client, 'evm_setAutomine', [false])
      await localRpc(c.client, 'evm_setIntervalMining', [opts.intervalSec])
    }
    const base = await Promise.all(chains.map((c) => c.client.getBlockNumber()))
    const acc = new RunAccumulator(params, 0, deriveSeed(params.seed, 0), {})
    const sent = new Map<Hex, SentFlow>()
    const driven = { steps: 0, lateSteps: 0, flowTxs: 0, flowFailed: 0, flowNotLanded: 0, oracleUpdates: 0 }
    const span = Math.max(params.stabilizer.twapWindow, params.stabilizer.sustainBlocks)
    let measured = 0
    const measure = async (j: number) => {
      const a = await measureBlock(chains, {
        acc,
        blocks: base.map((b) => b + 1n + BigInt(j)),
        sent,
        actors: { keeper: accounts.keeper.address, bot: accounts.bot.address },
      })
      driven.flowTxs += a.flowTxs
      driven.flowFailed += a.flowFailed
      measured++
    }
    const heads = async (target: bigint[]) => {
      let late = false
      for (;;) {
        if (stop.signal.aborted) throw new Error('stopped')
        const now = await Promise.all(chains.map((c) => c.client.getBlockNumber()))
        if (now.every((n, c) => n >= target[c])) {
          late = now.some((n, c) => n > target[c])
          return late
        }
        await sleep(50)
      }
    }
    for (let i = 0; i < params.blocks; i++) {
      if (await heads(base.map((b) => b + BigInt(i)))) driven.lateSteps++
      flow.step(span + i)
      await Promise.all(
        chains.map(async (c, n) => {
          if (flow.oracleUpdate[n] === 1) {
            chainUsd[n].set(flow.usd)
            driven.oracleUpdates++
            await execThroughSafe(c.client, {
              wallet: deployerWallet(c),
              safe: localSafe(safe),
              calls: [oracleCall(c, chainUsd[n])],
              wait: false,
            })
          }
          const mine = await sendFlow(senders[n], {
            flow,
            params,
            chainIndex: n,
            step: i,
            pegs: pegsAt(chainUsd[n]),
            to: accounts.market.address,
          })
          for (const [h, f] of mine) sent.set(h, f)
        }),
      )
      driven.steps++
      if (i > 0) await measure(i - 1)
      opts.onProgress?.(i + 1, params.blocks)
    }
    await heads(base.map((b) => b + BigInt(params.blocks)))
    await measure(params.blocks - 1)
    driven.flowNotLanded = sent.size
    stop.abort()
    await daemons.done
    const measuredRec = acc.finish([])
    const measuredReport = buildReport(params, [measuredRec], opts.path)
    const predictedReport = buildReport(params, [predictedRec], opts.path)
    const targets = measuredReport.targets.map((t, n): StressTarget => {
      const p = predictedReport.targets[n]
      return {
        id: t.id,
        name: t.name,
        target: t.target,
        measured: t.value,
        predicted: p.value,
        measuredVerdict: t.verdict,
        predictedVerdict: p.verdict,
      }
    })
    return {
      seed: params.seed,
      blocks: params.blocks,
      intervalSec: opts.intervalSec,
      path: opts.path,
      chains: chains.map((c, n) => ({
        chainId: c.chainId,
        firstBlock: base[n] + 1n,
        lastBlock: base[n] + BigInt(params.blocks),
      })),
      driven,
      keeper,
      bot,
      measured: {
        blocks: measured,
        poolSamples: measured * 8,
        run: measuredReport.runs[0],
        targets: measuredReport.targets,
      },
      predicted: { run: predictedReport.runs[0], targets: predictedReport.targets },
      targets,
      ok: measuredReport.ok,
    }
  } finally {
    stop.abort()
    opts.signal?.removeEventListener('abort', abort)
    for (const [n, c] of chains.entries()) {
      await localRpc(c.client, 'evm_setIntervalMining', [0]).catch(() => {})
      await localRpc(c.client, 'evm_setAutomine', [true]).catch(() => {})
      if (snapshots[n] !== undefined) await localRpc(c.client, 'evm_revert', [snapshots[n]]).catch(() => {})
    }
  }
}

/** The smallest USD value of any token the Stabilizers hold (the simulator's one inventory figure), base units. */
async function leastInventory(chains: StressChain[], usd: ArrayLike<number>): Promise<bigint> {
  let least = Number.POSITIVE_INFINITY
  for (const c of chains)
    for (const [t, token] of c.tokens.entries()) {
      const bal = await c.client.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [c.stabilizer],
      })
      least = Math.min(least, Number(bal) * usd[t])
    }
  return BigInt(Math.floor(least))
}

/** The keeper daemon on both chains and the parity bot, in this process, until `signal`. */
function startDaemons(
  chains: StressChain[],
  accounts: ReturnType<typeof stressAccounts>,
  params: SimParams,
  ctx: Context,
  signal: AbortSignal,
  keeper: StressResult['keeper'],
  bot: StressResult['bot'],
) {
  let started = 0
  let onReady: () => void = () => {}
  const ready = new Promise<void>((r) => (onReady = r))
  const began = () => {
    if (++started === 3) onReady()
  }
  const tipWei = parseGwei('1')
  const keeperRun = runKeeperDaemon({
    account: accounts.keeper,
    chains: chains.map((c) => ({ client: c.client, stabilizer: c.stabilizer })),
    intervalMs: 100,
    signal,
    tipWei,
    onEvent: (e) => {
      if (e.kind === 'start') began()
      else if (e.kind === 'executed') keeper.executions++
      else if (e.kind === 'failed' && e.reason !== 'stuck') keeper.failures++
      else if (e.kind === 'error') keeper.errors++
    },
  })
  const arbRun = runArb({
    account: accounts.bot,
    chains: [chains[0], chains[1]],
    thresholdBps: BigInt(params.arbThresholdBps),
    maxFeeBps: 30n,
    slippageBps: 50n,
    maxGasPrice: parseGwei(String(ctx.profile.stabilizer.maxGasPriceGwei)),
    tipWei,
    intervalMs: 100,
    signal,
    onEvent: (e) => {
      if (e.kind === 'start') began()
      else if (e.kind === 'sent') bot.trades++
      else if (e.kind === 'failed') bot.failures++
      else if (e.kind === 'error') bot.errors++
    },
  })
  const done = Promise.allSettled([keeperRun, arbRun]).then((r) => {
    for (const x of r) if (x.status === 'rejected') throw x.reason
  })
  // a daemon that fails to start must not leave the run waiting
  const ended = done.then(() => {
    throw new Error('the keeper or the bot stopped before the run began')
  })
  ended.catch(() => {})
  return { ready: Promise.race([ready, ended]), done }
}
