import type { Address } from 'viem'
import { multicall3Abi, stabilizerAbi } from '../chain/abi/generated.js'
import { MULTICALL3 } from '../chain/chains.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf, rethrowRead } from '../chain/read.js'
import { requireContract } from '../config/context.js'
import type { ChainId, ChainSettings } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { type PoolDeviation, poolDeviation } from '../deviation/read.js'
import { readPools } from '../pools/read.js'

export interface StabilizerParams {
  thresholdBps: bigint
  sustainBlocks: bigint
  twapWindow: bigint
  minBlocks: bigint
  perBlockCap: bigint
  kPerBps: bigint
  maxSlippageBps: bigint
  maxGasPrice: bigint
  maxOracleAge: bigint
}

export interface StabilizerCheck {
  stabilizer: Address
  block: bigint
  /** block.number inside the call: the block the rule was judged for. */
  h: bigint
  params: StabilizerParams
  contract: { deviationBps: bigint; shouldRebalance: boolean; maxTradeSize?: bigint; peg?: bigint } | { error: string }
  cli: PoolDeviation
  agree: boolean
}

export const stabilizerOf = (settings: ChainSettings, chainId: ChainId) =>
  requireContract(settings, chainId, 'stabilizer')

/**
 * Call the Stabilizer's checkDeviation() and evaluate the same rule in the CLI from archive prices, both for the
 * same block. `agree` is false when the deviation or the verdict differs.
 */
export async function checkStabilizer(client: VaultClient, settings: ChainSettings): Promise<StabilizerCheck> {
  const stabilizer = stabilizerOf(settings, client.chainId)
  await client.ready()
  const block = await client.getBlockNumber().catch((e) => rethrowRead(client, e))
  const [checkRead, paramsRead, poolRead, hRead, maxRead, pegRead] = await readContracts(
    client,
    [
      { address: stabilizer, abi: stabilizerAbi, functionName: 'checkDeviation' },
      { address: stabilizer, abi: stabilizerAbi, functionName: 'params' },
      { address: stabilizer, abi: stabilizerAbi, functionName: 'pool' },
      { address: MULTICALL3, abi: multicall3Abi, functionName: 'getBlockNumber' },
      { address: stabilizer, abi: stabilizerAbi, functionName: 'maxTradeSize' },
      { address: stabilizer, abi: stabilizerAbi, functionName: 'pegPrice' },
    ],
    { blockNumber: block },
  )
  const params = resultOf(paramsRead)
  const pool = resultOf(poolRead)
  const h = resultOf(hRead) ?? block
  if (!params || !pool) {
    throw new VaultError('NOT_A_STABILIZER', `${stabilizer} does not answer as a Stabilizer`)
  }
  const { pools } = await readPools(client, settings, [pool], { blockNumber: block })
  if (!pools.length) throw new VaultError('NOT_A_POOL', `The stabilizer's pool ${pool} is not a PMM pool`)
  const cli = await poolDeviation(
    client,
    pools[0],
    { W: Number(params.twapWindow), N: Number(params.sustainBlocks), thresholdBps: Number(params.thresholdBps) },
    h,
  )
  const contract =
    checkRead.status === 'success'
      ? {
          deviationBps: checkRead.result[0],
          shouldRebalance: checkRead.result[1],
          maxTradeSize: resultOf(maxRead),
          peg: resultOf(pegRead)?.[0],
        }
      : { error: checkRead.error.message.split('\n')[0] }
  const agree =
    'deviationBps' in contract &&
    contract.deviationBps === cli.evaluation.twapDeviationBps &&
    contract.shouldRebalance === cli.evaluation.shouldRebalance
  return { stabilizer, block, h, params, contract, cli, agree }
}
