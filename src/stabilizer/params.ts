import { type Address, encodeFunctionData } from 'viem'
import { stabilizerAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf } from '../chain/read.js'
import { stabilizerParamsOf } from '../config/presets.js'
import type { ChainId, StabilizerSettings } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import type { Action } from '../tx/call.js'
import {
  defaultPool,
  POOL_PARAM_NAMES,
  poolParamsOf,
  type StabilizerLimits,
  type StabilizerParams,
  stabilizerOf,
} from './check.js'

export const PARAM_NAMES = [
  ...POOL_PARAM_NAMES,
  'maxGasPrice',
  'maxOracleAge',
] as const satisfies readonly (keyof StabilizerParams)[]
export type ParamName = (typeof PARAM_NAMES)[number]

/** The contract's MAX_WINDOW: TWAP window and sustain count are capped at 1024 blocks. */
export const MAX_WINDOW = 1024n

export interface StabilizerOnChain {
  chainId: ChainId
  stabilizer: Address
  owner: Address
  /** The registered pool these params govern (see defaultPool). */
  pool: Address
  /** The pool's params with the chain-wide maxGasPrice and maxOracleAge. */
  params: StabilizerParams
  limits: StabilizerLimits
}

/** One pool's params, the limits and the owner (batched reads). Exit 3 when the address is not a Stabilizer. */
export async function readStabilizer(client: VaultClient, opts: { pool?: string } = {}): Promise<StabilizerOnChain> {
  const stabilizer = stabilizerOf(client)
  const pool = await defaultPool(client, { stabilizer, pool: opts.pool })
  const [params, limits, owner] = await readContracts(client, [
    { address: stabilizer, abi: stabilizerAbi, functionName: 'params', args: [pool] },
    { address: stabilizer, abi: stabilizerAbi, functionName: 'limits' },
    { address: stabilizer, abi: stabilizerAbi, functionName: 'owner' },
  ])
  const p = resultOf(params)
  const l = resultOf(limits)
  const o = resultOf(owner)
  if (!p || !l || !o) {
    throw new VaultError(
      'NOT_A_STABILIZER',
      `${stabilizer} does not answer as a Stabilizer on chain ${client.chainId}`,
      { hints: [`Check chains.${client.chainId}.contracts.stabilizer in the profile.`] },
    )
  }
  const merged = { ...poolParamsOf(p as StabilizerParams), maxGasPrice: l.maxGasPrice, maxOracleAge: l.maxOracleAge }
  const limits_ = { maxGasPrice: l.maxGasPrice, maxOracleAge: l.maxOracleAge, meshThresholdBps: l.meshThresholdBps }
  return { chainId: client.chainId, stabilizer, owner: o, pool, params: merged, limits: limits_ }
}

/** The profile's stabilizer settings in the contract's units (gas price gwei → wei). */
export const profileParams = (s: StabilizerSettings): Partial<StabilizerParams> => stabilizerParamsOf(s)

export interface ParamRow {
  name: ParamName
  onChain: bigint
  profile?: bigint
  differs: boolean
}

export function compareParams(onChain: StabilizerParams, profile: Partial<StabilizerParams>): ParamRow[] {
  return PARAM_NAMES.map((name) => ({
    name,
    onChain: onChain[name],
    profile: profile[name],
    differs: profile[name] !== undefined && profile[name] !== onChain[name],
  }))
}

/**
 * The rules the contract enforces (1 ≤ window, sustain ≤ 1024; slippage ≤ 10000 bps) plus the ones that keep the
 * stabilizer meaningful: MIN_BLOCKS ≥ 1 (one action per block at most), θ ≥ 1 bp, a non-zero cap, gas cap and oracle age.
 */
export function paramProblems(p: StabilizerParams): string[] {
  const out: string[] = []
  if (p.thresholdBps < 1n) out.push('thresholdBps must be at least 1 (0 trades on any deviation)')
  if (p.sustainBlocks < 1n || p.sustainBlocks > MAX_WINDOW) out.push(`sustainBlocks must be 1–${MAX_WINDOW}`)
  if (p.twapWindow < 1n || p.twapWindow > MAX_WINDOW) out.push(`twapWindow must be 1–${MAX_WINDOW}`)
  if (p.minBlocks < 1n) out.push('minBlocks must be at least 1 (block delay between executions)')
  if (p.perBlockCap < 1n) out.push('perBlockCap must be greater than 0')
  if (p.maxSlippageBps > 10_000n) out.push('maxSlippageBps must be at most 10000')
  if (p.maxGasPrice < 1n) out.push('maxGasPrice must be greater than 0')
  if (p.maxOracleAge < 1n) out.push('maxOracleAge must be greater than 0')
  return out
}

export interface ParamChange {
  name: ParamName
  from: bigint
  to: bigint
}

/** Current params with the overrides applied, validated; exit 3 on a bad value or when nothing changes. */
export function nextParams(current: StabilizerParams, overrides: Partial<StabilizerParams>) {
  const next = { ...current }
  for (const n of PARAM_NAMES) if (overrides[n] !== undefined) next[n] = overrides[n] as bigint
  const problems = paramProblems(next)
  if (problems.length)
    throw new VaultError('PARAMS_INVALID', 'Invalid stabilizer parameters', { details: problems.join('; ') })
  const changes: ParamChange[] = PARAM_NAMES.filter((n) => next[n] !== current[n]).map((n) => ({
    name: n,
    from: current[n],
    to: next[n],
  }))
  if (changes.length === 0) {
    throw new VaultError('PARAMS_UNCHANGED', 'Nothing to change: the given values are already on chain', {
      hints: ['`vault stabilizer params` shows the current values.'],
    })
  }
  return { next, changes }
}

/** setParams(pool, …) for changed pool fields, setLimits(…) for a changed gas or oracle limit. */
export function setParamsActions(s: StabilizerOnChain, next: StabilizerParams, changes: ParamChange[]): Action[] {
  const describe = (cs: ParamChange[]) => cs.map((c) => `${c.name} ${c.from} → ${c.to}`).join(', ')
  const poolChanges = changes.filter((c) => (POOL_PARAM_NAMES as readonly string[]).includes(c.name))
  const limitChanges = changes.filter((c) => !(POOL_PARAM_NAMES as readonly string[]).includes(c.name))
  const out: Action[] = []
  if (poolChanges.length) {
    out.push({
      chainId: s.chainId,
      to: s.stabilizer,
      data: encodeFunctionData({ abi: stabilizerAbi, functionName: 'setParams', args: [s.pool, poolParamsOf(next)] }),
      description: `Stabilizer.setParams(${s.pool}): ${describe(poolChanges)}`,
      abis: [stabilizerAbi],
    })
  }
  if (limitChanges.length) {
    const limits = { ...s.limits, maxGasPrice: next.maxGasPrice, maxOracleAge: next.maxOracleAge }
    out.push({
      chainId: s.chainId,
      to: s.stabilizer,
      data: encodeFunctionData({ abi: stabilizerAbi, functionName: 'setLimits', args: [limits] }),
      description: `Stabilizer.setLimits: ${describe(limitChanges)}`,
      abis: [stabilizerAbi],
    })
  }
  return out
}

export interface UpdateParamsOptions {
  overrides: Partial<StabilizerParams>
  route: import('../tx/call.js').Route
  confirm: (summary: string) => Promise<void>
}

/** Read → override → validate → diff → simulate (from the Safe or the key) → confirm → propose or send. */
export async function updateParams(client: VaultClient, opts: UpdateParamsOptions) {
  const { sentSummary } = await import('../tx/call.js')
  const { perform } = await import('../tx/perform.js')
  const current = await readStabilizer(client)
  const { next, changes } = nextParams(current.params, opts.overrides)
  const actions = setParamsActions(current, next, changes)
  if (opts.route.kind === 'key') {
    const from = opts.route.account.address
    if (from.toLowerCase() !== current.owner.toLowerCase()) {
      throw new VaultError(
        'STABILIZER_NOT_OWNER',
        `${from} does not own the Stabilizer (its owner is ${current.owner})`,
        { hints: ['If the owner is the Safe, propose the change with --safe.'] },
      )
    }
  }
  const done = await perform(client, {
    actions,
    route: opts.route,
    confirm: opts.confirm,
    verify: async (d) => {
      if (!d.sent) return
      const after = (await readStabilizer(client)).params
      const wrong = changes.filter((c) => after[c.name] !== next[c.name])
      if (wrong.length) {
        throw new VaultError('VERIFY_FAILED', 'The Stabilizer does not hold the new parameters after the transaction', {
          details: wrong.map((c) => `${c.name}: ${after[c.name]}, expected ${next[c.name]}`).join('; '),
          data: { txHash: d.sent[0].txHash },
        })
      }
    },
  })
  const base = { chainId: current.chainId, stabilizer: current.stabilizer, owner: current.owner, changes, params: next }
  return { ...base, proposal: done.proposal, sent: done.sent && sentSummary(done.sent[0]) }
}
