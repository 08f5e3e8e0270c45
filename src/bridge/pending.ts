import { type Address, encodeFunctionData, erc20Abi, getAbiItem, type Hex } from 'viem'
import { bridgeReserveAbi } from '../chain/abi/generated.js'
import type { ChainClients } from '../chain/client.js'
import { getLogsPaged } from '../chain/logs.js'
import { readEach, rethrowRead } from '../chain/read.js'
import { requireContract } from '../config/context.js'
import { CHAIN_IDS, type ChainDeployment, type ChainId, type Deployment } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import type { Action } from '../tx/call.js'

/** A BridgeOut on one chain not yet released by bridgeIn on the other. */
export interface PendingTransfer {
  srcChainId: ChainId
  dstChainId: ChainId
  srcNonce: bigint
  symbol: string
  srcToken: Address
  /** The same token (by symbol) on the destination chain; null when the destination profile does not know it. */
  dstToken: Address | null
  from: Address
  to: Address
  amount: bigint
  blockNumber: bigint
  txHash: Hex
}

export interface PendingReport {
  chains: { chainId: ChainId; bridgeReserve: Address; fromBlock: bigint; toBlock: bigint; bridgeOuts: number }[]
  pending: PendingTransfer[]
}

const BRIDGE_OUT = getAbiItem({ abi: bridgeReserveAbi, name: 'BridgeOut' })
const other = (id: ChainId): ChainId => (id === CHAIN_IDS[0] ? CHAIN_IDS[1] : CHAIN_IDS[0])
const symbolOf = (s: Deployment, token: Address) =>
  Object.entries(s.tokens).find(([, a]) => a.toLowerCase() === token.toLowerCase())?.[0]

/**
 * Transfers locked by `bridgeOut` on either chain over the last `lookback` blocks whose source nonce the other
 * chain's reserve has not processed. Both chains must answer: a read that fails is an error, never "none pending".
 */
export async function pendingTransfers(deps: ChainClients, opts: { lookback: bigint }): Promise<PendingReport> {
  if (opts.lookback <= 0n)
    throw new VaultError('PARAM_OUT_OF_RANGE', 'lookback must be at least one block', {
      details: `Got ${opts.lookback}.`,
    })
  const report: PendingReport = { chains: [], pending: [] }
  for (const src of CHAIN_IDS) {
    const dst = other(src)
    const [srcClient, dstClient] = await Promise.all([deps.client(src), deps.client(dst)])
    const bridge = requireContract(srcClient, 'bridgeReserve', 'bridge reserve')
    const dstBridge = requireContract(dstClient, 'bridgeReserve', 'bridge reserve')
    await srcClient.ready()
    const toBlock = await srcClient.getBlockNumber().catch((e) => rethrowRead(srcClient, e))
    const fromBlock = toBlock + 1n > opts.lookback ? toBlock + 1n - opts.lookback : 0n
    const logs = await getLogsPaged(srcClient, { address: bridge, events: [BRIDGE_OUT], fromBlock, toBlock })
    report.chains.push({ chainId: src, bridgeReserve: bridge, fromBlock, toBlock, bridgeOuts: logs.length })
    const outs = logs.filter((l) => l.args.dstChainId === BigInt(dst))
    const done = await readEach(dstClient, {
      address: dstBridge,
      abi: bridgeReserveAbi,
      functionName: 'processedSrcNonce',
      each: outs.map((l) => [l.args.nonce] as const),
    })
    outs.forEach((l, n) => {
      const r = done[n]
      if (r.status !== 'success') {
        throw new VaultError('RPC_READ_FAILED', `Could not read processedSrcNonce(${l.args.nonce}) on ${dst}`, {
          details: r.error.message.split('\n')[0],
        })
      }
      if (r.result === true) return
      const symbol = symbolOf(srcClient.deployment, l.args.token) ?? l.args.token
      report.pending.push({
        srcChainId: src,
        dstChainId: dst,
        srcNonce: l.args.nonce,
        symbol,
        srcToken: l.args.token,
        dstToken: (dstClient.deployment.tokens[symbol] as Address | undefined) ?? null,
        from: l.args.from,
        to: l.args.to,
        amount: l.args.amount,
        blockNumber: l.blockNumber,
        txHash: l.transactionHash,
      })
    })
  }
  return report
}

/** The bridgeIn call that releases a pending transfer on its destination chain. */
export function relayAction(destination: ChainDeployment, { transfer: t }: { transfer: PendingTransfer }): Action {
  if (!t.dstToken) {
    throw new VaultError('TOKEN_UNKNOWN', `Chain ${t.dstChainId} has no token ${t.symbol} in the profile`, {
      details: `BridgeOut nonce ${t.srcNonce} on ${t.srcChainId} cannot be matched.`,
      hints: undefined,
    })
  }
  return {
    chainId: t.dstChainId,
    to: requireContract(destination, 'bridgeReserve', 'bridge reserve'),
    data: encodeFunctionData({
      abi: bridgeReserveAbi,
      functionName: 'bridgeIn',
      args: [t.dstToken, t.to, t.amount, t.srcNonce],
    }),
    description: `bridgeIn ${t.amount} ${t.symbol} to ${t.to} (nonce ${t.srcNonce} from ${t.srcChainId})`,
    abis: [bridgeReserveAbi, erc20Abi],
  }
}
