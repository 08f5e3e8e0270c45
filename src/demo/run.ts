import { encodeFunctionData, erc20Abi, type Hex, parseUnits } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { stabilizerAbi, vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { localRpc } from '../chain/local-rpc.js'
import { type Context, requireContract } from '../config/context.js'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { formatAmount } from '../core/format.js'
import { reserveSize } from '../core/models/reserve.js'
import { amountToReachPrice } from '../core/pmm/analytics.js'
import { deviationReport } from '../deviation/read.js'
import { localnetStatus } from '../localnet/status.js'
import { LOCAL_KEYS } from '../localnet/up.js'
import { meshView } from '../pools/mesh.js'
import { poolAddresses, readPool, readPools } from '../pools/read.js'
import { bridgeCheck } from '../reserve/bridge.js'
import { safeAbi } from '../safe/abi.js'
import { checkStabilizer } from '../stabilizer/check.js'
import { chainStatus } from '../status/status.js'
import { defaultProposalsDir } from '../tx/call.js'
import { perform } from '../tx/perform.js'

export interface DemoStep {
  title: string
  ok: boolean
  summary: string
  data?: unknown
}

export interface DemoDeps {
  /** Make sure the local network runs (start it if not); returns the fresh context for the `local` profile. */
  ensureLocalnet: () => Promise<{ ctx: Context; started: boolean }>
  onStep: (step: DemoStep) => void
  /** Shock size in cUSDT sold into cUSDT/cUSDC (default 7,500: ~30 bps, within one stabilizer trade). */
  shock?: string
}

const rpc = (client: VaultClient, method: string, params: unknown[] = []) => localRpc(client, method, params)

/**
 * The operator runbook end to end on the local network, through the same library code the commands use:
 * status → pools → a market shock → deviation sustained → stabilizer agrees → reserve sizing →
 * a stabilizer swap proposed to the Safe, signed by two owners, executed → deviation back in band → the private
 * XAU mesh at parity (the legs the swap routed through were reset to the oracle cross rate).
 */
export async function runDemo(deps: DemoDeps): Promise<{ steps: DemoStep[]; ok: boolean; startedLocalnet: boolean }> {
  const steps: DemoStep[] = []
  const step = (s: DemoStep) => {
    steps.push(s)
    deps.onStep(s)
    if (!s.ok) throw Object.assign(new Error(s.summary), { demoStep: s })
  }
  const { ctx, started } = await deps.ensureLocalnet()
  const net = await localnetStatus()
  step({
    title: 'Local network',
    ok: net.running,
    summary: `${started ? 'started' : 'already running'}: ${net.chains.map((c) => `chain ${c.chainId} at ${c.url}`).join(', ')}`,
    data: net,
  })
  try {
    const id: ChainId = 138
    const client = await ctx.client(id)

    const statuses = await Promise.all((await ctx.clients()).map((c) => chainStatus(c)))
    const missing = statuses.flatMap((s) => s.contracts.filter((k) => !k.hasCode).map((k) => `${s.chainId}:${k.name}`))
    step({
      title: 'Status',
      ok: statuses.every((s) => s.reachable) && missing.length === 0,
      summary:
        statuses
          .map((s) => `chain ${s.chainId} block ${s.headBlock}, ${s.contracts.length} contracts with code`)
          .join('; ') + (missing.length ? `; missing: ${missing.join(', ')}` : ''),
    })

    const { pools } = await readPools(client, { addresses: await poolAddresses(client) })
    const pub = pools.filter((p) => !p.isPrivate)
    step({
      title: 'Pools',
      ok: pub.length >= 4,
      summary: `${pub.length} public pools (${pub.map((p) => `${p.pair} ${p.deviationBps ?? '?'} bps`).join(', ')}), ${pools.length - pub.length} private mesh pools`,
    })

    const params = {
      W: ctx.profile.stabilizer.twapWindow,
      N: ctx.profile.stabilizer.sustainBlocks,
      thresholdBps: ctx.profile.stabilizer.thresholdBps,
    }
    const target = 'cUSDT/cUSDC'
    const pool = await readPool(client, { pool: target })
    const market = client.wallet(LOCAL_KEYS.deployer)
    const amount = parseUnits(deps.shock ?? '7500', pool.base.decimals)
    await rpc(client, 'evm_setAutomine', [false])
    const h1 = await market.sendTransaction({
      to: pool.base.address,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool.address, amount] }),
    })
    const h2 = await market.sendTransaction({
      to: pool.address,
      data: encodeFunctionData({ abi: vaultPMMPoolAbi, functionName: 'sellBase', args: [market.account.address] }),
      gas: 1_000_000n,
    })
    await rpc(client, 'evm_mine')
    await rpc(client, 'evm_setAutomine', [true])
    for (const hash of [h1, h2]) {
      const r = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 })
      if (r.status !== 'success')
        throw new VaultError('TX_REVERTED', 'The demo market trade reverted', { details: `tx ${hash}` })
    }
    await rpc(client, 'anvil_mine', [`0x${(params.N + 1).toString(16)}`])
    const shocked = await deviationReport([client], { params, only: [target] })
    const ev = shocked.pools[0].evaluation
    step({
      title: 'Deviation after a large trade',
      ok: ev.shouldRebalance,
      summary: `sold ${deps.shock ?? '7500'} ${pool.base.symbol} into ${target}, held ${params.N + 1} blocks: TWAP ${ev.twapDeviationBps} bps, out of band for ${ev.sustainedBlocks} blocks → ${ev.verdict} (vault deviation exits 2)`,
    })

    const chk = await checkStabilizer(client)
    step({
      title: 'Stabilizer check',
      ok: chk.agree && 'shouldRebalance' in chk.contract && chk.contract.shouldRebalance,
      summary: `checkDeviation() = ${'deviationBps' in chk.contract ? `${chk.contract.deviationBps} bps, shouldRebalance ${chk.contract.shouldRebalance}` : chk.contract.error}; vault agrees: ${chk.agree}`,
    })

    const r = reserveSize({ peakOutflowPerMin: 10_000n, windowMin: 5n, safety: 3 })
    step({
      title: 'Reserve sizing',
      ok: r.base === 50_000n && r.required === 150_000n,
      summary: `P = 10,000/min, T = 5 min → Reserve ≥ ${r.base.toLocaleString('en-US')}; 3× safety → ${r.required.toLocaleString('en-US')}`,
    })

    const bridge = () => bridgeCheck(ctx, { lookback: 1_000n, latencyMin: String(ctx.profile.bridge.latencyMin) })
    const b1 = await bridge()
    const shockedSpread = b1.spreads.find((x) => x.pair === target)
    step({
      title: 'Bridge check',
      ok: b1.buffers.every((x) => x.ok) && shockedSpread?.ok === false,
      summary: `${b1.buffers.filter((x) => x.ok).length}/${b1.buffers.length} bridge buffers ≥ peak outflow × ${b1.latencyMin} min; ${target} spread 138 vs Alltra ${shockedSpread?.spreadBps ?? '?'} bps ≥ 15 → desync detected (vault bridge check exits 2)`,
    })

    // the stabilizer's trade: back to the peg, within its own cap
    const now = await readPool(client, { pool: target })
    const move = amountToReachPrice(now.state, now.pegPrice!, now.lpFeeRate, now.mtFeeRate)
    const stabilizer = requireContract(client, 'stabilizer')
    const cap = await client.readContract({
      address: stabilizer,
      abi: stabilizerAbi,
      functionName: 'maxTradeSize',
      args: [now.address],
    })
    const size = move && move.amount < cap ? move.amount : cap
    const [tokenIn, tokenOut] = move?.side === 'base' ? [now.base, now.quote] : [now.quote, now.base]
    const safe = ctx.profile.safe.address!
    // the demo is the only proposer: take the Safe's own next nonce, whatever an interrupted run left queued
    const nonce = await client.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' })
    // the demo runs on the local network it started: the spine simulates from the Safe, no confirmation is asked
    const { proposal: proposed } = await perform(client, {
      actions: [
        {
          chainId: id,
          to: stabilizer,
          data: encodeFunctionData({
            abi: stabilizerAbi,
            functionName: 'executePrivateSwap',
            args: [now.address, size, tokenIn.address, tokenOut.address],
          }),
          description: `executePrivateSwap(${size} ${tokenIn.symbol} → ${tokenOut.symbol})`,
          abis: [stabilizerAbi],
        },
      ],
      route: { kind: 'safe', safe, proposalsDir: ctx.profile.safe.proposalsDir ?? defaultProposalsDir() },
      nonce,
      confirm: async () => {},
    })
    if (!proposed) throw new Error('the Safe route writes a proposal')
    const signed = await signAndExecute(
      client,
      proposed.file,
      [LOCAL_KEYS.owners[0], LOCAL_KEYS.owners[1]],
      LOCAL_KEYS.owners[2],
    )
    step({
      title: 'Stabilizer swap through the Safe',
      ok: signed.ok,
      summary: `proposed executePrivateSwap(${formatAmount(size, tokenIn.decimals)} ${tokenIn.symbol} → ${tokenOut.symbol}) (safeTxHash ${proposed.safeTxHash.slice(0, 10)}…), signed by owners 1 and 2, executed by owner 3 in tx ${signed.txHash.slice(0, 10)}…`,
      data: { file: proposed.file, ...signed },
    })

    await rpc(client, 'anvil_mine', [`0x${(params.W + 1).toString(16)}`])
    const after = await deviationReport([client], { params, only: [target] })
    const ea = after.pools[0].evaluation
    const b2 = await bridge()
    const spread = b2.spreads.find((x) => x.pair === target)
    step({
      title: 'Deviation back in band',
      ok: !ea.shouldRebalance && ea.verdict === 'in-band' && spread?.ok === true,
      summary: `${target}: spot ${ea.spotDeviationBps} bps, TWAP ${ea.twapDeviationBps} bps → ${ea.verdict}; spread 138 vs Alltra ${spread?.spreadBps ?? '?'} bps`,
    })

    // the swap's proceeds came back through the private legs, which the Stabilizer reset to the oracle cross rate
    const mesh = await meshView(client, { thresholdBps: ctx.profile.stabilizer.meshThresholdBps })
    step({
      title: 'Mesh at parity',
      ok: mesh.ok && mesh.missing.length === 0,
      summary: `${mesh.legs.map((l) => `${l.token}/cXAUC ${l.pegDeviationBps ?? '?'} bps`).join(', ')} from the oracle cross rate, θ ${mesh.thresholdBps} bps (vault pools mesh exits ${mesh.ok ? 0 : 2})`,
    })
  } catch (e) {
    const s = (e as { demoStep?: DemoStep }).demoStep
    if (!s) {
      steps.push({ title: 'Unexpected failure', ok: false, summary: (e as Error).message })
      deps.onStep(steps.at(-1)!)
    }
  }
  return { steps, ok: steps.every((s) => s.ok), startedLocalnet: started }
}

/** Owners sign the proposal file one after the other, then another owner executes it. */
async function signAndExecute(client: VaultClient, file: string, signers: Hex[], executor: Hex) {
  const { readProposal } = await import('../safe/proposal.js')
  const { writeProposal } = await import('../safe/store.js')
  const { signProposal } = await import('../safe/sign.js')
  const { executeProposal } = await import('../safe/execute.js')
  for (const key of signers) {
    const p = await readProposal(file, { chainId: client.chainId })
    const { proposal } = await signProposal(client, { proposal: p, account: privateKeyToAccount(key) })
    await writeProposal(file, proposal)
  }
  const p = await readProposal(file, { chainId: client.chainId })
  const res = await executeProposal(client, {
    wallet: client.wallet(executor),
    proposal: p,
    abis: [stabilizerAbi],
  })
  const swapped = res.events.some((e) => e.name === 'PrivateSwapExecuted')
  return { ok: swapped, txHash: res.transactionHash, events: res.events.map((e) => e.name) }
}
