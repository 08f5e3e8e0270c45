import type { Address } from 'viem'
import { stabilizerAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, readEach, resultOf } from '../chain/read.js'
import type { ChainDeployment, ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { readPools } from '../pools/read.js'
import { type PoolParams, stabilizerOf } from './check.js'

/** One registered pool: its Appendix A params, execution state and the contract's own verdict at the head. */
export interface RegisteredPool {
  address: Address
  pair: string
  params: PoolParams
  state: { lastExecutionBlock: bigint; volumeBlock: bigint; volumeInBlock: bigint }
  /** checkDeviation(pool): TWAP deviation and shouldRebalance, or why the contract cannot judge it yet. */
  check: { deviationBps: bigint; shouldRebalance: boolean } | { error: string }
}

/** One chain's Stabilizer: roles, limits, pause, registry and mesh. JSON of `vault stabilizer pools` per chain. */
export interface StabilizerRegistry {
  chainId: ChainId
  stabilizer: Address
  owner: Address
  guardian: Address
  paused: boolean
  limits: { maxGasPrice: bigint; maxOracleAge: bigint; meshThresholdBps: bigint }
  pools: RegisteredPool[]
  mesh: { token: Address; leg: Address }[]
}

/** Everything in two batched reads: the registry, then each pool's params, state, verdict and tokens. */
export async function readRegistry(client: VaultClient): Promise<StabilizerRegistry> {
  const stabilizer = stabilizerOf(client)
  const at = { address: stabilizer, abi: stabilizerAbi } as const
  const r1 = await readContracts(client, [
    { ...at, functionName: 'pools' },
    { ...at, functionName: 'owner' },
    { ...at, functionName: 'guardian' },
    { ...at, functionName: 'paused' },
    { ...at, functionName: 'limits' },
    { ...at, functionName: 'meshTokens' },
  ])
  const pools = resultOf(r1[0])
  const limits = resultOf(r1[4])
  const owner = resultOf(r1[1])
  const guardian = resultOf(r1[2])
  if (!pools || !limits || !owner || !guardian) {
    throw new VaultError('NOT_A_STABILIZER', `${stabilizer} does not answer as a multi-pool Stabilizer`, {
      hints: [`Check chains.${client.chainId}.contracts.stabilizer in the profile.`],
    })
  }
  const byPool = pools.map((pool) => [pool] as const)
  const [params, states, checks, info] = await Promise.all([
    readEach(client, { ...at, functionName: 'params', each: byPool }),
    readEach(client, { ...at, functionName: 'poolState', each: byPool }),
    readEach(client, { ...at, functionName: 'checkDeviation', each: byPool }),
    readPools(client, { addresses: [...pools] }),
  ])
  const mesh = resultOf(r1[5])
  return {
    chainId: client.chainId,
    stabilizer,
    owner,
    guardian,
    paused: resultOf(r1[3]) ?? false,
    limits: {
      maxGasPrice: limits.maxGasPrice,
      maxOracleAge: limits.maxOracleAge,
      meshThresholdBps: limits.meshThresholdBps,
    },
    pools: pools.map((address, n): RegisteredPool => {
      const p = resultOf(params[n])
      const s = resultOf(states[n])
      const c = checks[n]
      const verdict = resultOf(c)
      if (!p || !s) {
        throw new VaultError('NOT_A_STABILIZER', `${stabilizer} does not answer params/poolState for ${address}`, {
          hints: [`Check chains.${client.chainId}.contracts.stabilizer in the profile.`],
        })
      }
      return {
        address,
        pair: info.pools.find((x) => x.address.toLowerCase() === address.toLowerCase())?.pair ?? address,
        params: {
          thresholdBps: p.thresholdBps,
          sustainBlocks: p.sustainBlocks,
          twapWindow: p.twapWindow,
          minBlocks: p.minBlocks,
          perBlockCap: p.perBlockCap,
          kPerBps: p.kPerBps,
          maxSlippageBps: p.maxSlippageBps,
        },
        state: { lastExecutionBlock: s.lastExecutionBlock, volumeBlock: s.volumeBlock, volumeInBlock: s.volumeInBlock },
        check: verdict
          ? { deviationBps: verdict[0], shouldRebalance: verdict[1] }
          : {
              error:
                c.status === 'failure'
                  ? ((c.error as { shortMessage?: string }).shortMessage ?? 'reverted')
                  : 'reverted',
            },
      }
    }),
    mesh: mesh ? mesh[0].map((token, n) => ({ token, leg: mesh[1][n] })) : [],
  }
}

/**
 * `--pool <BASE/QUOTE|address>` → the pool's address on this chain: the profile's public pools by pair, or an
 * address (no chain read). An unknown pair is POOL_UNKNOWN; `requireRegistered` then says whether the Stabilizer
 * knows it.
 */
export function knownPool({ chainId, deployment }: ChainDeployment, { pool: ref }: { pool: string }): Address {
  if (/^0x[0-9a-fA-F]{40}$/.test(ref)) return ref as Address
  const hit = Object.entries(deployment.pools).find(([pair]) => pair.toLowerCase() === ref.trim().toLowerCase())
  if (!hit) {
    throw new VaultError('POOL_UNKNOWN', `Unknown pool "${ref}" on chain ${chainId}`, {
      hints: [
        `Known pools: ${Object.keys(deployment.pools).join(', ') || 'none'}`,
        'Pass BASE/QUOTE or the pool address.',
      ],
    })
  }
  return hit[1]
}

/** The registered pool for `ref`, or POOL_NOT_REGISTERED naming the ones that are. */
export function requireRegistered(reg: StabilizerRegistry, pool: Address, ref: string): RegisteredPool {
  const hit = reg.pools.find((p) => p.address.toLowerCase() === pool.toLowerCase())
  if (!hit) {
    throw new VaultError(
      'POOL_NOT_REGISTERED',
      `${ref} is not registered with the Stabilizer on chain ${reg.chainId}`,
      {
        hints: [
          `Registered: ${reg.pools.map((p) => p.pair).join(', ') || 'none'}`,
          'Register it with `vault stabilizer add-pool --pool <BASE/QUOTE> --safe`.',
        ],
      },
    )
  }
  return hit
}
