import { type Address, encodeFunctionData, getAddress, isAddress, zeroAddress } from 'viem'
import { stabilizerAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { VaultError } from '../core/errors.js'
import { readPools } from '../pools/read.js'
import type { Action } from '../tx/call.js'
import { knownPool, type RegisteredPool, readRegistry, requireRegistered, type StabilizerRegistry } from './registry.js'

export type PoolParamsInput = RegisteredPool['params']

/** The contract's bounds (1 ≤ W, N ≤ 1024; slippage ≤ 10000 bps) and ours (θ ≥ 1, MIN_BLOCKS ≥ 1, a cap > 0). */
export function poolParamProblems(p: PoolParamsInput): string[] {
  const out: string[] = []
  if (p.thresholdBps < 1n) out.push('thresholdBps must be at least 1')
  if (p.sustainBlocks < 1n || p.sustainBlocks > 1024n) out.push('sustainBlocks must be 1–1024')
  if (p.twapWindow < 1n || p.twapWindow > 1024n) out.push('twapWindow must be 1–1024')
  if (p.minBlocks < 1n) out.push('minBlocks must be at least 1')
  if (p.perBlockCap < 1n) out.push('perBlockCap must be greater than 0')
  if (p.maxSlippageBps > 10_000n) out.push('maxSlippageBps must be at most 10000')
  return out
}

function checkParams(p: PoolParamsInput) {
  const problems = poolParamProblems(p)
  if (problems.length)
    throw new VaultError('PARAMS_INVALID', 'Invalid pool parameters', { details: problems.join('; ') })
}

const call = (reg: StabilizerRegistry, description: string, data: `0x${string}`): Action => ({
  chainId: reg.chainId,
  to: reg.stabilizer,
  data,
  description,
  abis: [stabilizerAbi],
})

export type AdminOp =
  | { kind: 'add-pool'; pool: string; params: PoolParamsInput }
  | { kind: 'remove-pool'; pool: string }
  | { kind: 'set-params'; pool: string; overrides: Partial<PoolParamsInput> }
  | { kind: 'pause' }
  | { kind: 'unpause' }
  | { kind: 'set-guardian'; guardian: string }

export interface AdminPlan {
  registry: StabilizerRegistry
  action: Action
  /** What changes, for the JSON result and the confirmation. */
  change: Record<string, unknown>
}

/** Validate one owner/guardian operation against the chain's registry and build its call; nothing is sent here. */
export async function planAdmin(client: VaultClient, { op }: { op: AdminOp }): Promise<AdminPlan> {
  const reg = await readRegistry(client)
  switch (op.kind) {
    case 'add-pool': {
      const pool = knownPool(client, { pool: op.pool })
      if (reg.pools.some((p) => p.address.toLowerCase() === pool.toLowerCase()))
        throw new VaultError('POOL_ALREADY_REGISTERED', `${op.pool} is already registered on chain ${reg.chainId}`, {
          hints: ['Change its parameters with `vault stabilizer set-params --pool <BASE/QUOTE>`.'],
        })
      const { pools } = await readPools(client, { addresses: [pool] })
      const info = pools[0]
      if (!info) throw new VaultError('POOL_UNKNOWN', `${op.pool} is not a PMM pool on chain ${reg.chainId}`)
      if (info.isPrivate) throw new VaultError('POOL_IS_PRIVATE', `${op.pool} is a private mesh leg`)
      if (!info.isOpenTWAP)
        throw new VaultError('POOL_NOT_OBSERVABLE', `${op.pool} does not record end-of-block prices (TWAP off)`)
      checkParams(op.params)
      return {
        registry: reg,
        action: call(
          reg,
          `Stabilizer.addPool(${info.pair} ${pool})`,
          encodeFunctionData({ abi: stabilizerAbi, functionName: 'addPool', args: [pool, op.params] }),
        ),
        change: { pool, pair: info.pair, params: op.params },
      }
    }
    case 'remove-pool': {
      const pool = knownPool(client, { pool: op.pool })
      const hit = requireRegistered(reg, pool, op.pool)
      return {
        registry: reg,
        action: call(
          reg,
          `Stabilizer.removePool(${hit.pair} ${pool})`,
          encodeFunctionData({ abi: stabilizerAbi, functionName: 'removePool', args: [pool] }),
        ),
        change: { pool, pair: hit.pair },
      }
    }
    case 'set-params': {
      const pool = knownPool(client, { pool: op.pool })
      const hit = requireRegistered(reg, pool, op.pool)
      const next = {
        ...hit.params,
        ...Object.fromEntries(Object.entries(op.overrides).filter(([, v]) => v !== undefined)),
      }
      checkParams(next)
      const changes = (Object.keys(next) as (keyof PoolParamsInput)[])
        .filter((k) => next[k] !== hit.params[k])
        .map((name) => ({ name, from: hit.params[name], to: next[name] }))
      if (changes.length === 0)
        throw new VaultError('PARAMS_UNCHANGED', 'Nothing to change: the given values are already on chain')
      return {
        registry: reg,
        action: call(
          reg,
          `Stabilizer.setParams(${hit.pair}): ${changes.map((c) => `${c.name} ${c.from} → ${c.to}`).join(', ')}`,
          encodeFunctionData({ abi: stabilizerAbi, functionName: 'setParams', args: [pool, next] }),
        ),
        change: { pool, pair: hit.pair, changes, params: next },
      }
    }
    case 'pause':
      if (reg.paused)
        throw new VaultError('STABILIZER_ALREADY_PAUSED', `The Stabilizer on chain ${reg.chainId} is already paused`)
      return {
        registry: reg,
        action: call(reg, 'Stabilizer.pause()', encodeFunctionData({ abi: stabilizerAbi, functionName: 'pause' })),
        change: { paused: true },
      }
    case 'unpause':
      if (!reg.paused)
        throw new VaultError('STABILIZER_NOT_PAUSED', `The Stabilizer on chain ${reg.chainId} is not paused`)
      return {
        registry: reg,
        action: call(reg, 'Stabilizer.unpause()', encodeFunctionData({ abi: stabilizerAbi, functionName: 'unpause' })),
        change: { paused: false },
      }
    case 'set-guardian': {
      if (!isAddress(op.guardian, { strict: false }))
        throw new VaultError('ADDRESS_INVALID', `"${op.guardian}" is not an address`, { field: 'guardian' })
      const guardian = getAddress(op.guardian)
      const code = await client.getCode({ address: guardian })
      const why =
        guardian === zeroAddress
          ? 'the zero address'
          : guardian.toLowerCase() === reg.stabilizer.toLowerCase()
            ? 'the Stabilizer itself'
            : code && code !== '0x'
              ? 'a contract (the guardian must pause with one key, at once)'
              : undefined
      if (why) throw new VaultError('GUARDIAN_NOT_ALLOWED', `The guardian cannot be ${why}`, { field: 'guardian' })
      return {
        registry: reg,
        action: call(
          reg,
          `Stabilizer.setGuardian(${guardian}) (was ${reg.guardian})`,
          encodeFunctionData({ abi: stabilizerAbi, functionName: 'setGuardian', args: [guardian as Address] }),
        ),
        change: { guardian, previous: reg.guardian },
      }
    }
  }
}

/** JSON of the stabilizer admin commands (add-pool, remove-pool, set-params --pool, pause, unpause, set-guardian). */
export interface AdminResult {
  chainId: number
  stabilizer: Address
  change: Record<string, unknown>
  proposal?: import('../tx/call.js').ProposedResult
  sent?: { txHash: `0x${string}`; from: Address; gasUsed: bigint }[]
}

/** Plan, simulate from the sender (the guardian key, the owner key or the Safe), confirm, send or propose. */
export async function performAdmin(
  client: VaultClient,
  {
    op,
    route,
    confirm,
  }: { op: AdminOp; route: import('../tx/call.js').Route; confirm: (summary: string) => Promise<void> },
): Promise<AdminResult> {
  const plan = await planAdmin(client, { op })
  const { perform } = await import('../tx/perform.js')
  const done = await perform(client, { actions: [plan.action], route, confirm })
  return {
    chainId: plan.registry.chainId,
    stabilizer: plan.registry.stabilizer,
    change: plan.change,
    proposal: done.proposal,
    sent: done.sent?.map((s) => ({ txHash: s.txHash, from: s.from, gasUsed: s.gasUsed })),
  }
}
