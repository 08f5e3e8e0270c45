import {
  type Address,
  decodeAbiParameters,
  encodeFunctionData,
  formatEther,
  formatGwei,
  type Hex,
  size,
  slice,
} from 'viem'
import { safeAbi, simulateTxAccessorAbi } from '../chain/abi/generated.js'
import { unreachable, type VaultClient } from '../chain/client.js'
import { decodeRevertData, findRevertData, isRevert, revertReason } from '../chain/revert.js'
import { VaultError } from '../core/errors.js'
import type { Action, Route } from './call.js'

/** The Safe transaction a proposal carries: one call, or the calls as one MultiSendCallOnly batch. */
export interface SafeTxCall {
  to: Address
  value: bigint
  data: Hex
  operation: 0 | 1
}

/** What a simulation established; proposals are only written from one (see `proposeSimulated`). */
export interface Simulation {
  readonly route: Route['kind']
  /** The sender (key route) or the Safe (safe route). */
  from: Address
  gasPrice: bigint
  actions: Action[]
  /** Gas per call (key route), or the Safe transaction's estimate (one entry). */
  gas: bigint[]
  /** What each call returns when simulated from the sender (e.g. a new pool's address). */
  results: (Hex | undefined)[]
  /** Key route without eth_simulateV1: calls after the first are simulated just before each is sent. */
  deferred: boolean
  /** Safe route: exactly what was simulated from the Safe and will be proposed. */
  safeTx?: SafeTxCall
}

export const wouldRevert = (reason: string, details: string, cause?: unknown) =>
  new VaultError('TX_WOULD_REVERT', `The call would revert: ${reason}`, {
    details: `${details}; nothing was sent or written.`,
    cause,
  })

/** One call simulated from `from` at the network's gas price (a revert is exit 5). */
export async function simulateOne(
  client: VaultClient,
  { action, from, gasPrice }: { action: Action; from: Address; gasPrice: bigint },
) {
  const tx = { account: from, to: action.to, data: action.data, value: action.value, gasPrice }
  try {
    const [call, gas] = await Promise.all([client.call(tx), client.estimateGas(tx)])
    return { gas, result: call.data }
  } catch (e) {
    if (!isRevert(e)) throw unreachable(client, e)
    throw wouldRevert(revertReason(e, action.abis), `${action.description} (simulated from ${from})`, e)
  }
}

/** Several calls in order from one sender, each seeing the state the earlier ones leave (eth_simulateV1). */
async function simulateSequence(client: VaultClient, actions: Action[], from: Address) {
  const { simulateCalls } = await import('viem/actions')
  let res: Awaited<ReturnType<typeof simulateCalls>>
  try {
    res = await simulateCalls(client, {
      account: from,
      calls: actions.map((a) => ({ to: a.to, data: a.data, value: a.value })),
    })
  } catch {
    return undefined // the node has no eth_simulateV1
  }
  res.results.forEach((r, n) => {
    if (r.status === 'failure') {
      const a = actions[n]
      const reason = r.data && r.data !== '0x' ? decodeRevertData(r.data, a.abis) : revertReason(r.error, a.abis)
      throw wouldRevert(reason, `call ${n + 1} of ${actions.length}, ${a.description} (simulated from ${from})`)
    }
  })
  return res.results.map((r) => ({ gas: r.gasUsed, result: r.data }))
}

/** The Safe transaction for `actions`: the call itself, or a MultiSendCallOnly batch. */
export async function safeTxFor(actions: Action[]): Promise<SafeTxCall> {
  if (actions.length === 1)
    return { to: actions[0].to, value: actions[0].value ?? 0n, data: actions[0].data, operation: 0 }
  const { encodeMultiSend } = await import('../safe/multisend.js')
  return encodeMultiSend(actions.map((a) => ({ to: a.to, value: a.value ?? 0n, data: a.data, operation: 0 as const })))
}

/**
 * The Safe transaction run in the Safe's own context, as `execTransaction` would run it: the Safe's
 * `simulateAndRevert` delegatecalls SimulateTxAccessor, which executes the call (or the MultiSend batch) and
 * reverts with the outcome, so nothing changes. When the batch reverts, eth_simulateV1 names the failing call.
 */
async function simulateFromSafe(client: VaultClient, actions: Action[], safe: Address, given?: SafeTxCall) {
  const { SAFE_141 } = await import('../safe/deploy.js')
  const safeTx = given ?? (await safeTxFor(actions))
  const accessor = SAFE_141.SimulateTxAccessor
  const code = await client.getCode({ address: accessor })
  if (!code || code === '0x') {
    throw new VaultError(
      'SAFE_SIMULATION_UNAVAILABLE',
      'Cannot simulate the Safe transaction: SimulateTxAccessor is not deployed on this chain',
      {
        details: `no code at ${accessor}; nothing was written`,
        hints: ['Deploy the Safe v1.4.1 contracts (`vault safe deploy`) on this chain.'],
      },
    )
  }
  const payload = encodeFunctionData({
    abi: simulateTxAccessorAbi,
    functionName: 'simulate',
    args: [safeTx.to, safeTx.value, safeTx.data, safeTx.operation],
  })
  const data = encodeFunctionData({
    abi: safeAbi,
    functionName: 'simulateAndRevert',
    args: [accessor, payload],
  })
  let raw: Hex | undefined
  try {
    await client.call({ to: safe, data })
  } catch (e) {
    raw = findRevertData(e)
    if (!raw) throw isRevert(e) ? wouldRevert(revertReason(e), `Safe ${safe}`, e) : unreachable(client, e)
  }
  if (!raw || size(raw) < 64) throw wouldRevert('the Safe did not answer simulateAndRevert', `Safe ${safe}`)
  const delegated = BigInt(slice(raw, 0, 32)) === 1n
  const [estimate, success, returnData] = delegated
    ? decodeAbiParameters([{ type: 'uint256' }, { type: 'bool' }, { type: 'bytes' }], slice(raw, 64))
    : [0n, false, '0x' as Hex]
  if (!success) {
    const abis = actions.flatMap((a) => a.abis)
    let where = actions.length === 1 ? actions[0].description : `the batch of ${actions.length} calls`
    let reason = decodeRevertData(returnData, abis)
    if (actions.length > 1) {
      try {
        await simulateSequence(client, actions, safe)
      } catch (e) {
        if (e instanceof VaultError && e.code === 'TX_WOULD_REVERT') {
          reason = e.message.replace(/^The call would revert: /, '')
          where = String(e.details).replace(/ \(simulated from 0x[0-9a-fA-F]{40}\); nothing was sent or written\.$/, '')
        }
      }
    }
    throw wouldRevert(reason, `${where} (simulated from Safe ${safe})`)
  }
  return { safeTx, estimate }
}

/**
 * Simulate a plan before anything is confirmed: with a key, each call from the key's address at the network's gas
 * price (several calls in order, when the node can); with a Safe, the exact Safe transaction from the Safe (the
 * actions' own, or `given`: an imported Safe transaction proposed as it is).
 */
export async function simulatePlan(
  client: VaultClient,
  {
    actions,
    route,
    safeTx: given,
  }: {
    actions: Action[]
    route: Route
    /** Safe route: simulate exactly this Safe transaction (an imported one) instead of the actions' own. */
    safeTx?: SafeTxCall
  },
): Promise<Simulation> {
  await client.ready()
  const gasPrice = (route.kind === 'key' ? route.tx.gasPrice : undefined) ?? (await client.getGasPrice())
  if (route.kind === 'safe') {
    const { safeTx, estimate } = await simulateFromSafe(client, actions, route.safe, given)
    return {
      route: 'safe',
      from: route.safe,
      gasPrice,
      actions,
      gas: [estimate],
      results: [],
      deferred: false,
      safeTx,
    }
  }
  const from = route.account.address
  if (actions.length === 1) {
    const one = await simulateOne(client, { action: actions[0], from, gasPrice })
    return { route: 'key', from, gasPrice, actions, gas: [one.gas], results: [one.result], deferred: false }
  }
  const seq = await simulateSequence(client, actions, from)
  if (seq) {
    const gas = seq.map((s) => s.gas)
    return { route: 'key', from, gasPrice, actions, gas, results: seq.map((s) => s.result), deferred: false }
  }
  const first = await simulateOne(client, { action: actions[0], from, gasPrice })
  return { route: 'key', from, gasPrice, actions, gas: [first.gas], results: [first.result], deferred: true }
}

/** What will happen, for the confirmation. */
export function describeSimulation(s: Simulation): string {
  const lines = s.actions.map((a, n) => {
    const gas = s.route === 'key' ? s.gas[n] : undefined
    const cost = gas ? `\n    gas ~${gas} at ${formatGwei(s.gasPrice)} gwei ≈ ${formatEther(gas * s.gasPrice)} ETH` : ''
    return `${s.actions.length > 1 ? `${n + 1}. ` : ''}${a.description}\n    to ${a.to} on chain ${a.chainId}${cost}`
  })
  if (s.route === 'safe') {
    const batch = s.actions.length > 1 ? ' as one MultiSend batch' : ''
    lines.push(`Simulated from Safe ${s.from}${batch}; a proposal file is written for the owners to sign.`)
  } else {
    lines.push(`Simulated from ${s.from}${s.actions.length > 1 ? `: ${s.actions.length} transactions, in order` : ''}.`)
    if (s.deferred)
      lines.push('The node cannot simulate a sequence: calls after the first are simulated before each send.')
  }
  return lines.join('\n')
}
