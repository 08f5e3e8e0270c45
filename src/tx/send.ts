import { type Account, type Address, type Hex, keccak256, type PublicClient, type TransactionReceipt } from 'viem'
import { unreachable, type VaultClient } from '../chain/client.js'
import { isTransportFault } from '../chain/fault.js'
import { withGasHeadroom } from '../chain/gas.js'
import { isRevert, revertReason } from '../chain/revert.js'
import { VaultError } from '../core/errors.js'
import { type Action, type SentResult, type TxOptions, txFields } from './call.js'
import { wouldRevert } from './simulate.js'

/** The transaction by its hash: mined (receipt), pending (known, no receipt) or unknown to the node. */
export async function lookUpTransaction(
  client: Pick<PublicClient, 'getTransactionReceipt' | 'getTransaction'>,
  hash: Hex,
): Promise<{ state: 'mined'; receipt: TransactionReceipt } | { state: 'pending' } | { state: 'unknown' }> {
  const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined)
  if (receipt) return { state: 'mined', receipt }
  const tx = await client.getTransaction({ hash }).catch(() => undefined)
  return tx ? { state: 'pending' } : { state: 'unknown' }
}

const notSent = (action: Action, from: Address, nonce: number, why: string, cause: unknown) =>
  new VaultError('TX_NOT_SENT', `Transaction not sent: ${why}`, {
    details: `${action.description} from ${from} (nonce ${nonce}); the node does not know the transaction`,
    hints: ['Nothing changed on chain; run the command again when the node answers.'],
    cause,
  })

const notConfirmed = (action: Action, hash: Hex, pending: boolean, cause?: unknown) =>
  new VaultError(
    pending ? 'TX_PENDING' : 'TX_OUTCOME_UNKNOWN',
    pending ? 'Transaction sent, not mined yet' : 'Transaction sent, its outcome is unknown',
    {
      details: `${action.description}: ${hash}`,
      hints: [`Look it up before running the command again (e.g. cast receipt ${hash}).`],
      data: { txHash: hash },
      cause,
    },
  )

/** Wait for the receipt; when the wait fails, the transaction is looked up by its hash (never guessed to be a revert). */
async function settle(client: VaultClient, action: Action, hash: Hex, confirmations = 1): Promise<TransactionReceipt> {
  try {
    return await client.waitForTransactionReceipt({ hash, pollingInterval: 200, confirmations })
  } catch (e) {
    const found = await lookUpTransaction(client, hash)
    if (found.state === 'mined') return found.receipt
    throw notConfirmed(action, hash, found.state === 'pending', e)
  }
}

/**
 * Sign (a local key, or the Ledger: either way the hash is known before the send), send, and wait. A lost reply is resolved by looking the
 * transaction up by its hash and the sender's nonce: mined → its receipt; pending → exit 4 with the hash; not
 * sent → exit 4 and nothing changed. Only a receipt with status reverted is reported as a revert (exit 5).
 */
export async function sendAction(
  client: VaultClient,
  {
    action,
    account,
    tx = {},
    index = 0,
  }: {
    action: Action
    account: Account
    tx?: TxOptions
    /** The action's place in its plan (a nonce offset for the sends that follow in the same block). */
    index?: number
  },
): Promise<SentResult> {
  const wallet = client.wallet(account)
  const from = wallet.account.address
  let request: Awaited<ReturnType<typeof wallet.prepareTransactionRequest>>
  try {
    request = await wallet.prepareTransactionRequest({
      to: action.to,
      data: action.data,
      value: action.value ?? 0n,
      ...txFields(tx, index),
    } as never)
  } catch (e) {
    if (isRevert(e)) throw wouldRevert(revertReason(e, action.abis), `${action.description} (from ${from})`, e)
    throw unreachable(client, e)
  }
  request.gas = withGasHeadroom(request.gas)
  const serializedTransaction = await wallet.signTransaction(request as never)
  const txHash = keccak256(serializedTransaction)
  let recovered = false
  try {
    await wallet.sendRawTransaction({ serializedTransaction })
  } catch (e) {
    const found = await lookUpTransaction(client, txHash)
    if (found.state === 'unknown') {
      if (!isTransportFault(e)) {
        throw new VaultError('TX_REJECTED', `Transaction rejected: ${revertReason(e, action.abis)}`, {
          details: `${action.description} from ${from}; nothing was sent`,
          cause: e,
        })
      }
      const used = await client.getTransactionCount({ address: from, blockTag: 'pending' }).catch(() => {
        throw notConfirmed(action, txHash, false, e)
      })
      throw notSent(
        action,
        from,
        request.nonce,
        used > request.nonce ? 'another transaction used its nonce' : 'the node did not take it',
        e,
      )
    }
    recovered = true
  }
  const receipt = await settle(client, action, txHash, tx.confirmations)
  if (receipt.status !== 'success') {
    let reason = 'reverted on chain'
    try {
      await client.call({ account: from, to: action.to, data: action.data, value: action.value })
    } catch (e) {
      if (isRevert(e)) reason = revertReason(e, action.abis)
    }
    throw new VaultError('TX_REVERTED', `Transaction reverted: ${reason}`, {
      details: `${action.description}: ${txHash} (block ${receipt.blockNumber})`,
      data: { txHash },
    })
  }
  return { mode: 'sent', txHash, from, gasUsed: receipt.gasUsed, receipt, recovered }
}
