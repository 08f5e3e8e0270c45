import type { Address } from 'viem'
import { multicall3Abi, stabilizerAbi } from '../chain/abi/generated.js'
import { MULTICALL3 } from '../chain/chains.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf, rethrowRead } from '../chain/read.js'
import { requireContract } from '../config/context.js'
import type { ChainDeployment } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { type PoolDeviation, poolDeviation } from '../deviation/read.js'
import { readPools, resolvePoolRef } from '../pools/read.js'

/** One registered pool's Appendix A parameters (the contract's `Params`). */
export interface PoolParams {
  thresholdBps: bigint
  sustainBlocks: bigint
  twapWindow: bigint
  minBlocks: bigint
  perBlockCap: bigint
  kPerBps: bigint
  maxSlippageBps: bigint
}

/** The contract's chain-wide `Limits`: one oracle and one gas market per chain. */
export interface StabilizerLimits {
  maxGasPrice: bigint
  maxOracleAge: bigint
  /** rebalanceMesh refuses a leg whose gap to the oracle cross rate is within this. */
  meshThresholdBps: bigint
}

/** What governs one pool: its own parameters and the chain-wide gas and oracle limits. */
export interface StabilizerParams extends PoolParams {
  maxGasPrice: bigint
  maxOracleAge: bigint
}

export const POOL_PARAM_NAMES = [
  'thresholdBps',
  'sustainBlocks',
  'twapWindow',
  'minBlocks',
  'perBlockCap',
  'kPerBps',
  'maxSlippageBps',
] as const satisfies readonly (keyof PoolParams)[]

/** The pool part of a StabilizerParams (what `addPool`/`setParams(pool, …)` take). */
export function poolParamsOf(p: StabilizerParams): PoolParams {
  return Object.fromEntries(POOL_PARAM_NAMES.map((n) => [n, p[n]])) as unknown as PoolParams
}

/**
 * The registered pool the single-pool commands act on: `ref` (`--pool BASE/QUOTE` or an address) when given, which
 * must be registered (POOL_NOT_REGISTERED); else the profile's cUSDT/cUSDC pool when registered, else the first
 * registered pool. Exit 2 when the Stabilizer has no pool.
 */
export async function defaultPool(
  client: VaultClient,
  { stabilizer, pool: ref }: { stabilizer: Address; pool?: string },
) {
  const [res] = await readContracts(client, [{ address: stabilizer, abi: stabilizerAbi, functionName: 'pools' }])
  const registered = resultOf(res)
  if (!registered) {
    throw new VaultError('NOT_A_STABILIZER', `${stabilizer} does not answer as a Stabilizer`)
  }
  if (ref !== undefined) {
    const wanted = (await resolvePoolRef(client, { pool: ref })).toLowerCase()
    const hit = registered.find((p) => p.toLowerCase() === wanted)
    if (!hit) {
      const names = new Map(Object.entries(client.deployment.pools).map(([pair, a]) => [a.toLowerCase(), pair]))
      throw new VaultError(
        'POOL_NOT_REGISTERED',
        `${ref} is not registered with the Stabilizer on chain ${client.chainId}`,
        {
          field: 'pool',
          hints: [
            `Registered: ${registered.map((p) => names.get(p.toLowerCase()) ?? p).join(', ') || 'none'}`,
            'Register it with `vault stabilizer add-pool --pool <BASE/QUOTE> --safe`.',
          ],
        },
      )
    }
    return hit
  }
  const preferred = client.deployment.pools['cUSDT/cUSDC']?.toLowerCase()
  const pool = registered.find((p) => p.toLowerCase() === preferred) ?? registered[0]
  if (!pool) {
    throw new VaultError('NO_POOL_REGISTERED', `Stabilizer ${stabilizer} has no registered pool`, {
      hints: ['The owner registers one with Stabilizer.addPool(pool, params).'],
    })
  }
  return pool
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

export const stabilizerOf = (chain: ChainDeployment) => requireContract(chain, 'stabilizer')

/**
 * Call the Stabilizer's checkDeviation() and evaluate the same rule in the CLI from archive prices, both for the
 * same block. `agree` is false when the deviation or the verdict differs.
 */
export async function checkStabilizer(client: VaultClient, opts: { pool?: string } = {}): Promise<StabilizerCheck> {
  const stabilizer = stabilizerOf(client)
  await client.ready()
  const pool = await defaultPool(client, { stabilizer, pool: opts.pool })
  const block = await client.getBlockNumber().catch((e) => rethrowRead(client, e))
  const [checkRead, paramsRead, limitsRead, hRead, maxRead, pegRead] = await readContracts(
    client,
    [
      { address: stabilizer, abi: stabilizerAbi, functionName: 'checkDeviation', args: [pool] },
      { address: stabilizer, abi: stabilizerAbi, functionName: 'params', args: [pool] },
      { address: stabilizer, abi: stabilizerAbi, functionName: 'limits' },
      { address: MULTICALL3, abi: multicall3Abi, functionName: 'getBlockNumber' },
      { address: stabilizer, abi: stabilizerAbi, functionName: 'maxTradeSize', args: [pool] },
      { address: stabilizer, abi: stabilizerAbi, functionName: 'pegPrice', args: [pool] },
    ],
    { blockNumber: block },
  )
  const poolParams = resultOf(paramsRead)
  const limits = resultOf(limitsRead)
  const h = resultOf(hRead) ?? block
  if (!poolParams || !limits) {
    throw new VaultError('NOT_A_STABILIZER', `${stabilizer} does not answer as a Stabilizer`)
  }
  const params: StabilizerParams = {
    ...poolParamsOf(poolParams as StabilizerParams),
    maxGasPrice: limits.maxGasPrice,
    maxOracleAge: limits.maxOracleAge,
  }
  const { pools } = await readPools(client, { addresses: [pool], blockNumber: block })
  if (!pools.length) throw new VaultError('NOT_A_POOL', `The stabilizer's pool ${pool} is not a PMM pool`)
  const cli = await poolDeviation(client, {
    pool: pools[0],
    params: {
      W: Number(params.twapWindow),
      N: Number(params.sustainBlocks),
      thresholdBps: Number(params.thresholdBps),
    },
    h,
  })
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
