import {
  type Abi,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  encodeFunctionData,
  getAddress,
  type Hex,
  keccak256,
  type PublicClient,
  parseEventLogs,
} from 'viem'
import { isTransportFault } from '../chain/fault.js'
import { withGasHeadroom } from '../chain/gas.js'
import { SAFE_ERRORS } from '../chain/revert.js'
import { VaultError } from '../core/errors.js'
import { type TxOptions, txFields } from '../tx/call.js'
import { lookUpTransaction } from '../tx/send.js'
import { safeAbi } from './abi.js'
import { assertDelegateCallAllowed, proposalWarnings } from './delegatecall.js'
import { assertNonceNext } from './guard.js'
import { stringifyArg } from './multisend.js'
import type { Proposal } from './proposal.js'
import { execArgs } from './safe-tx.js'
import { collectSignatures, type SafeWalletClient } from './sign.js'

export interface ExecuteOptions {
  /** Refuse when the network's gas price is above this (wei). */
  maxGasPrice?: bigint
  /** ABIs to decode the inner call's events and revert reasons. */
  abis?: readonly Abi[]
  /** Execute a top-level DELEGATECALL to a target that is not MultiSend (refused otherwise). */
  allowDelegateCall?: boolean
  /** Called after every check and the simulation passed, before sending; throw to cancel (nothing is sent). */
  beforeSend?: (info: { executor: Address; signers: Address[]; gas: bigint; gasPrice: bigint }) => Promise<void>
  /** The sender's options (--gas-price, --priority-gas-price, --nonce, --legacy, --confirmations). */
  tx?: TxOptions
}

export interface DecodedEvent {
  address: Address
  name: string
  args: Record<string, string>
}

export interface ExecuteResult {
  safe: Address
  safeTxHash: Hex
  nonce: bigint
  transactionHash: Hex
  blockNumber: bigint
  gasUsed: bigint
  effectiveGasPrice: bigint
  signers: Address[]
  events: DecodedEvent[]
  warnings: string[]
}

function revertReason(error: unknown, abis: readonly Abi[]): string | undefined {
  if (!(error instanceof BaseError)) return undefined
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
  if (reverted instanceof ContractFunctionRevertedError) {
    if (reverted.reason) {
      const gs = SAFE_ERRORS[reverted.reason]
      return gs ? `${reverted.reason}: ${gs}` : reverted.reason
    }
    if (reverted.raw) return decodeRevertData(reverted.raw, abis)
  }
  const withData = error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as { data?: Hex } | null
  if (withData?.data) return decodeRevertData(withData.data, abis)
  return error.shortMessage
}

function decodeRevertData(data: Hex, abis: readonly Abi[]): string {
  if (data === '0x') return 'reverted without a reason'
  for (const abi of [[], ...abis] as readonly Abi[]) {
    try {
      const { errorName, args } = decodeErrorResult({ abi, data })
      return `${errorName}(${(args ?? []).map(stringifyArg).join(', ')})`
    } catch {
      // try the next ABI
    }
  }
  return `reverted with data ${data}`
}

/** Why the inner call reverts: the call replayed from the Safe's address (CALL operations only). */
async function innerRevertReason(client: PublicClient, p: Proposal, abis: readonly Abi[]): Promise<string | undefined> {
  if (p.operation !== 0) return undefined
  try {
    await client.call({ account: p.safe, to: p.to, data: p.data, value: p.value })
    return undefined
  } catch (e) {
    return revertReason(e, abis) ?? (e instanceof Error ? e.message : String(e))
  }
}

/**
 * Execute a proposal once enough owners have signed or approved: checks the threshold, the nonce and the gas price,
 * simulates `execTransaction`, sends it from the wallet client's account and decodes the resulting events.
 */
/**
 * Sends execTransaction with its hash known before the send (signed here when the account can sign): a reply lost
 * on the way back is resolved by looking the transaction up by that hash — mined or pending, it was sent; only a
 * transaction the node does not know is a failed send. Never reported as a revert.
 */
async function sendExec(
  client: PublicClient,
  wallet: SafeWalletClient,
  request: Parameters<SafeWalletClient['writeContract']>[0],
): Promise<Hex> {
  const account = wallet.account
  if (!account?.signTransaction)
    return wallet.writeContract({
      ...request,
      gas: withGasHeadroom(await client.estimateContractGas({ ...request, account } as never)),
    })
  const { abi, functionName, args, address, ...rest } = request as typeof request & { args: readonly unknown[] }
  const prepared = await wallet.prepareTransactionRequest({
    ...rest,
    to: address,
    data: encodeFunctionData({ abi, functionName, args } as never),
  } as never)
  if (prepared.gas !== undefined) prepared.gas = withGasHeadroom(prepared.gas)
  const serializedTransaction = await account.signTransaction(prepared as never)
  const hash = keccak256(serializedTransaction)
  try {
    await wallet.sendRawTransaction({ serializedTransaction })
  } catch (e) {
    if ((await lookUpTransaction(client, hash)).state !== 'unknown') return hash
    if (!isTransportFault(e)) throw e
    throw new VaultError('TX_NOT_SENT', 'Transaction not sent: the node did not take it', {
      details: `execTransaction ${hash} from ${account.address}; the node does not know the transaction`,
      hints: ['Nothing changed on chain; run the command again when the node answers.'],
      cause: e,
    })
  }
  return hash
}

export async function executeProposal(
  client: PublicClient,
  {
    wallet,
    proposal,
    maxGasPrice,
    abis = [],
    beforeSend,
    allowDelegateCall,
    tx = {},
  }: ExecuteOptions & { wallet: SafeWalletClient; proposal: Proposal },
): Promise<ExecuteResult> {
  assertDelegateCallAllowed(proposal, allowDelegateCall)
  const account = wallet.account
  if (!account) throw new VaultError('ACCOUNT_MISSING', 'The wallet client has no account')
  const executor = getAddress(account.address)
  const collected = await collectSignatures(client, proposal, { executor })
  assertNonceNext(proposal, collected.safeNonce)
  const have = collected.signatures.length
  const need = Number(collected.threshold)
  if (BigInt(have) < collected.threshold) {
    throw new VaultError('BELOW_THRESHOLD', `Proposal has ${have} of the ${need} signatures it needs`, {
      details: [
        `signed/approved: ${collected.signatures.map((s) => s.owner).join(', ') || 'nobody'}`,
        ...collected.ignored.map((i) => `ignored ${i.owner}: ${i.reason}`),
      ].join('; '),
      data: { have, need, signers: collected.signatures.map((s) => s.owner), ignored: collected.ignored },
    })
  }
  if (maxGasPrice !== undefined) {
    const gasPrice = tx.gasPrice ?? (await client.getGasPrice())
    if (gasPrice > maxGasPrice) {
      throw new VaultError('GAS_PRICE_ABOVE_CAP', 'Gas price is above the cap', {
        details: `network ${gasPrice} wei > cap ${maxGasPrice} wei`,
        data: { gasPrice: gasPrice.toString(), maxGasPrice: maxGasPrice.toString() },
      })
    }
  }
  const args = execArgs(proposal, collected.packed)
  const { request } = await client
    .simulateContract({ account, address: proposal.safe, abi: safeAbi, functionName: 'execTransaction', args })
    .catch(async (e: unknown) => {
      let reason = revertReason(e, abis) ?? 'unknown reason'
      if (reason.startsWith('GS013')) {
        reason = `${reason}; inner call: ${(await innerRevertReason(client, proposal, abis)) ?? 'unknown'}`
      }
      throw new VaultError('SAFE_TX_REVERTED', 'The Safe transaction would revert; nothing was sent', {
        details: reason,
        cause: e,
      })
    })
  if (beforeSend) {
    const [gas, gasPrice] = await Promise.all([
      client.estimateContractGas({ ...request, account }),
      tx.gasPrice ?? client.getGasPrice(),
    ])
    await beforeSend({ executor, signers: collected.signatures.map((s) => s.owner), gas, gasPrice })
  }
  const transactionHash = await sendExec(client, wallet, {
    ...request,
    account,
    chain: wallet.chain,
    ...txFields(tx, 0),
  } as never)
  const receipt = await client
    .waitForTransactionReceipt({ hash: transactionHash, confirmations: tx.confirmations })
    .catch(async (e: unknown) => {
      const found = await lookUpTransaction(client, transactionHash)
      if (found.state === 'mined') return found.receipt
      throw new VaultError(
        found.state === 'pending' ? 'TX_PENDING' : 'TX_OUTCOME_UNKNOWN',
        'Safe transaction sent, its receipt was not read',
        {
          details: `execTransaction ${transactionHash}`,
          hints: [`Look it up before running the command again (e.g. cast receipt ${transactionHash}).`],
          data: { txHash: transactionHash },
          cause: e,
        },
      )
    })
  if (receipt.status !== 'success') {
    throw new VaultError('SAFE_TX_REVERTED', 'The Safe transaction reverted', {
      details: `transaction ${transactionHash}`,
    })
  }
  const logs = parseEventLogs({ abi: [...safeAbi, ...abis.flat()] as Abi, logs: receipt.logs, strict: false })
  const events: DecodedEvent[] = logs.map((l) => ({
    address: getAddress(l.address),
    name: l.eventName ?? 'unknown',
    args: Object.fromEntries(
      Object.entries((l.args ?? {}) as Record<string, unknown>).map(([k, v]) => [k, stringifyArg(v)]),
    ),
  }))
  const fromSafe = events.filter((e) => e.address === proposal.safe)
  if (fromSafe.some((e) => e.name === 'ExecutionFailure')) {
    throw new VaultError('SAFE_TX_FAILED', 'The Safe executed the transaction but its inner call failed', {
      details: `transaction ${transactionHash}`,
    })
  }
  if (!fromSafe.some((e) => e.name === 'ExecutionSuccess' && e.args.txHash === proposal.safeTxHash)) {
    throw new VaultError('SAFE_TX_FAILED', 'No ExecutionSuccess event for this proposal', {
      details: `transaction ${transactionHash}`,
    })
  }
  return {
    safe: proposal.safe,
    safeTxHash: proposal.safeTxHash,
    nonce: proposal.nonce,
    transactionHash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    effectiveGasPrice: receipt.effectiveGasPrice,
    signers: collected.signatures.map((s) => s.owner),
    events,
    warnings: [
      ...proposalWarnings(proposal),
      ...collected.ignored.map((i) => `ignored signature of ${i.owner}: ${i.reason}`),
    ],
  }
}
