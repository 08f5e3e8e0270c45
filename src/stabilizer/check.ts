import type { Address } from 'viem'
import { stabilizerAbi } from '../chain/abi/integration.js'
import { multicall3Abi } from '../chain/abi/multicall3.js'
import { MULTICALL3 } from '../chain/chains.js'
import type { ChainClient } from '../chain/client.js'
import { ok, readMany } from '../chain/read.js'
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
export async function checkStabilizer(client: ChainClient, settings: ChainSettings): Promise<StabilizerCheck> {
  const stabilizer = stabilizerOf(settings, client.chainId)
  await client.ready()
  const block = await client.public.getBlockNumber()
  const res = await readMany(
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
  const params = ok<StabilizerParams>(res[1])
  const pool = ok<Address>(res[2])
  const h = ok<bigint>(res[3]) ?? block
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
  const check = ok<readonly [bigint, boolean]>(res[0])
  const contract = check
    ? {
        deviationBps: check[0],
        shouldRebalance: check[1],
        maxTradeSize: ok<bigint>(res[4]),
        peg: ok<readonly bigint[]>(res[5])?.[0],
      }
    : { error: (res[0] as { error?: Error }).error?.message.split('\n')[0] ?? 'reverted' }
  const agree =
    'deviationBps' in contract &&
    contract.deviationBps === cli.evaluation.twapDeviationBps &&
    contract.shouldRebalance === cli.evaluation.shouldRebalance
  return { stabilizer, block, h, params, contract, cli, agree }
}
