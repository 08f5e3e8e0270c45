import { join } from 'node:path'
import {
  type Abi,
  type Address,
  decodeErrorResult,
  formatEther,
  formatGwei,
  type Hex,
  type TransactionReceipt,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { ChainClient } from '../chain/client.js'
import type { ChainId } from '../config/schema.js'
import { configDir } from '../config/store.js'
import { ExitCode, VaultError } from '../core/errors.js'

/** One privileged call, described for a person before it is sent or proposed. */
export interface Action {
  chainId: ChainId
  to: Address
  data: Hex
  value?: bigint
  description: string
  /** ABIs to decode the call and revert reasons with. */
  abis: readonly Abi[]
}

export type Route =
  | { kind: 'key'; key: Hex }
  | { kind: 'safe'; safe: Address; proposalsDir: string; txServiceUrl?: string }

export interface SentResult {
  mode: 'sent'
  txHash: Hex
  from: Address
  gasUsed: bigint
  receipt: TransactionReceipt
}

export interface ProposedResult {
  mode: 'proposed'
  file: string
  safe: Address
  safeTxHash: Hex
  nonce: bigint
  threshold: bigint
  warnings: string[]
}

export interface Plan {
  action: Action
  from?: Address
  gas?: bigint
  gasPrice: bigint
  costWei?: bigint
  /** What the call returns when simulated from the sender (e.g. the new pool's address). */
  simulatedResult?: Hex
}

export const defaultProposalsDir = () => join(configDir(), 'proposals')

/** Decode a revert into a readable reason with the action's ABIs. */
export function revertReason(e: unknown, abis: readonly Abi[]): string {
  const data = findRevertData(e)
  if (data) {
    for (const abi of abis) {
      try {
        const d = decodeErrorResult({ abi, data })
        return `${d.errorName}(${(d.args ?? []).map(String).join(', ')})`
      } catch {}
    }
  }
  return (e as { shortMessage?: string }).shortMessage ?? (e as Error).message.split('\n')[0]
}

function findRevertData(e: unknown): Hex | undefined {
  let cur = e as { data?: unknown; cause?: unknown; walk?: unknown } | undefined
  for (let n = 0; cur && n < 8; n++) {
    const d = cur.data as { data?: Hex } | Hex | undefined
    if (typeof d === 'string' && d.startsWith('0x')) return d
    if (d && typeof d === 'object' && typeof d.data === 'string') return d.data
    cur = cur.cause as typeof cur
  }
  return undefined
}

/** Simulate from the sender and price the call; a revert here is exit 5 and nothing is sent. */
export async function planAction(client: ChainClient, action: Action, route: Route): Promise<Plan> {
  await client.ready()
  const from = route.kind === 'key' ? privateKeyToAccount(route.key).address : route.safe
  const gasPrice = await client.public.getGasPrice()
  try {
    const [call, gas] = await Promise.all([
      client.public.call({ account: from, to: action.to, data: action.data, value: action.value }),
      client.public.estimateGas({ account: from, to: action.to, data: action.data, value: action.value }),
    ])
    return { action, from, gas, gasPrice, costWei: gas * gasPrice, simulatedResult: call.data }
  } catch (e) {
    throw new VaultError(`The call would revert: ${revertReason(e, action.abis)}`, {
      code: 'TX_WOULD_REVERT',
      exit: ExitCode.txFailed,
      details: `${action.description} (simulated from ${from}); nothing was sent.`,
      cause: e,
    })
  }
}

export const describePlan = (p: Plan) =>
  `${p.action.description}\n  to ${p.action.to} on chain ${p.action.chainId}` +
  (p.gas ? `\n  gas ~${p.gas} at ${formatGwei(p.gasPrice)} gwei ≈ ${formatEther(p.costWei ?? 0n)} ETH` : '')

/** Send with a key and wait; a revert is exit 5 with the decoded reason. */
export async function sendAction(client: ChainClient, action: Action, key: Hex): Promise<SentResult> {
  const wallet = client.wallet(key)
  let txHash: Hex
  try {
    txHash = await wallet.sendTransaction({ to: action.to, data: action.data, value: action.value ?? 0n })
  } catch (e) {
    throw new VaultError(`Transaction rejected: ${revertReason(e, action.abis)}`, {
      code: 'TX_REJECTED',
      exit: ExitCode.txFailed,
      cause: e,
    })
  }
  const receipt = await client.public.waitForTransactionReceipt({ hash: txHash, pollingInterval: 200 })
  if (receipt.status !== 'success') {
    throw new VaultError('Transaction reverted', {
      code: 'TX_REVERTED',
      exit: ExitCode.txFailed,
      details: `tx ${txHash}`,
    })
  }
  return { mode: 'sent', txHash, from: wallet.account.address, gasUsed: receipt.gasUsed, receipt }
}

/** Write a Safe proposal file (next free nonce after queued ones, or `opts.nonce`). */
export async function proposeAction(
  client: ChainClient,
  actions: Action[],
  route: Extract<Route, { kind: 'safe' }>,
  opts: { nonce?: bigint; description?: string } = {},
): Promise<ProposedResult> {
  const { buildProposal } = await import('../safe/build.js')
  const { queuedNonces, proposalFileName } = await import('../safe/pending.js')
  const { writeProposal } = await import('../safe/proposal.js')
  const { mkdir } = await import('node:fs/promises')
  const deps = { publicClient: client.public as never }
  let to = actions[0].to
  let data = actions[0].data
  let value = actions[0].value ?? 0n
  let operation: 0 | 1 = 0
  if (actions.length > 1) {
    const { encodeMultiSend } = await import('../safe/multisend.js')
    const batch = encodeMultiSend(
      actions.map((a) => ({ to: a.to, value: a.value ?? 0n, data: a.data, operation: 0 as const })),
    )
    ;({ to, data, value, operation } = batch)
  }
  const built = await buildProposal(deps, {
    safe: route.safe,
    chainId: actions[0].chainId,
    to,
    data,
    value,
    operation,
    description: opts.description ?? actions.map((a) => a.description).join('; '),
    nonce: opts.nonce,
    queued: await queuedNonces(route.proposalsDir, { chainId: actions[0].chainId, safe: route.safe }),
    abis: actions.flatMap((a) => a.abis),
  })
  await mkdir(route.proposalsDir, { recursive: true })
  const file = join(route.proposalsDir, proposalFileName(built.proposal))
  await writeProposal(file, built.proposal)
  const warnings = [...built.warnings]
  // The service accepts a proposal only with an owner's signature: `vault safe sign` pushes it with the first one.
  if (route.txServiceUrl) warnings.push(`Transaction Service ${route.txServiceUrl}: pushed when the first owner signs`)
  return {
    mode: 'proposed',
    file,
    safe: built.proposal.safe,
    safeTxHash: built.proposal.safeTxHash,
    nonce: built.proposal.nonce,
    threshold: built.threshold,
    warnings,
  }
}

export interface Performed {
  /** The Safe proposal, when the route is a Safe (several actions: one MultiSend batch). */
  proposal?: ProposedResult
  /** One result per action, in order, when sent with a key. */
  sent?: SentResult[]
}

/**
 * The one path for privileged calls: simulate every action from the sender (a revert is exit 5 and nothing is
 * sent), show what will happen and confirm, then propose to the Safe or send one by one with the key.
 */
export async function perform(
  client: ChainClient,
  actions: Action[],
  route: Route,
  confirm: (summary: string) => Promise<void>,
): Promise<Performed> {
  const priced = await Promise.all(actions.map((a) => planAction(client, a, route)))
  await confirm(priced.map(describePlan).join('\n'))
  if (route.kind === 'safe') return { proposal: await proposeAction(client, actions, route) }
  const sent: SentResult[] = []
  for (const a of actions) sent.push(await sendAction(client, a, route.key))
  return { sent }
}

/** The short form of a sent transaction for --json. */
export const sentSummary = (s: SentResult) => ({ txHash: s.txHash, from: s.from, gasUsed: s.gasUsed })
