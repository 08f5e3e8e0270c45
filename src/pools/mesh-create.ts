import { type Address, encodeFunctionData, erc20Abi, zeroAddress } from 'viem'
import { stabilizerAbi, vaultPMMIntegrationAbi, vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf } from '../chain/read.js'
import { requireContract } from '../config/context.js'
import { pegPrice } from '../core/deviation/price.js'
import { VaultError } from '../core/errors.js'
import { parseDecimal } from '../core/pmm/convert.js'
import { judgeSeed, type SeedAtPeg, seedLegAtRate } from '../core/pmm/seed.js'
import type { Action } from '../tx/call.js'
import { ANCHOR } from './mesh.js'
import { readTokens, type TokenInfo } from './read.js'
import { resolveToken } from './tokens.js'

export interface MeshLegPlan {
  chainId: number
  token: TokenInfo
  anchor: TokenInfo
  /** The leg: the existing private pool, or the address its creation will give it. */
  pool: Address
  existing: boolean
  seed: SeedAtPeg
  /** What this run does for the leg (empty: nothing left to do). */
  steps: ('create' | 'seed' | 'admin' | 'mesh')[]
  actions: Action[]
}

export interface MeshChainPlan {
  legs: MeshLegPlan[]
  /** The leg actions, then one setMesh for every leg the Stabilizer does not route through yet. */
  actions: Action[]
  warnings: string[]
}

export interface MeshPlanOptions {
  k: bigint
  lpFeeRate: bigint
  /** Whole tokens of each mesh token a new leg is seeded with (the anchor side: equal value at the cross rate). */
  baseAmount?: string
  thresholdBps: bigint
  acceptOffPeg: boolean
  nextPool: () => Address
}

/**
 * The one step that makes the Stabilizer a leg's admin (so it can `reset` the leg to the oracle cross rate after a
 * correction, and `rebalanceMesh` it): the integration, the leg's first admin, hands the role over.
 */
export function legAdminHandOver({
  chainId,
  integration,
  leg,
  stabilizer,
}: {
  chainId: number
  integration: Address
  leg: Address
  stabilizer: Address
}): Action {
  return {
    chainId: chainId as Action['chainId'],
    to: integration,
    data: encodeFunctionData({
      abi: vaultPMMIntegrationAbi,
      functionName: 'setPrivatePoolAdmin',
      args: [leg, stabilizer],
    }),
    description: `setPrivatePoolAdmin(${leg}, the Stabilizer ${stabilizer})`,
    abis: [vaultPMMIntegrationAbi, vaultPMMPoolAbi],
  }
}

/**
 * Every mesh token of the profile gets its private leg against the anchor, seeded at the oracle cross rate, with
 * the Stabilizer as its admin and in the Stabilizer's mesh. Missing legs are created, seeded and handed over;
 * existing ones get whatever step they still lack (so a re-run completes an earlier run).
 */
export async function planMeshChain(client: VaultClient, opts: MeshPlanOptions): Promise<MeshChainPlan> {
  const chainId = client.chainId
  const integration = requireContract(client, 'integration', 'DODOPMMIntegration')
  const stabilizer = requireContract(client, 'stabilizer', 'Stabilizer')
  const symbols = Object.keys(client.deployment.tokens).filter((s) => s !== ANCHOR && !s.startsWith('cXAU'))
  const anchor = await resolveToken(client, { token: ANCHOR })
  const tokens = await Promise.all(symbols.map((s) => resolveToken(client, { token: s })))
  const prices = await readTokens(client, { addresses: [anchor.address, ...tokens.map((t) => t.address)] })
  const usd = (t: TokenInfo) => prices.get(t.address.toLowerCase())?.usd?.price
  const found = await readContracts(
    client,
    tokens.flatMap((t) => [
      {
        address: integration,
        abi: vaultPMMIntegrationAbi,
        functionName: 'getPrivatePool' as const,
        args: [t.address, anchor.address] as const,
      },
      { address: stabilizer, abi: stabilizerAbi, functionName: 'privatePoolFor' as const, args: [t.address] as const },
    ]),
  )
  const legs: MeshLegPlan[] = []
  const warnings: string[] = []
  for (const [n, token] of tokens.entries()) {
    const tu = usd(token)
    const au = usd(anchor)
    if (!tu || !au) throw new VaultError('ORACLE_PRICE_MISSING', `No oracle price for ${!tu ? token.symbol : ANCHOR}`)
    const rate = pegPrice({ baseUsd: tu, quoteUsd: au, baseDecimals: token.decimals, quoteDecimals: anchor.decimals })
    const leg = resultOf(found[2 * n]) as Address | undefined
    const meshLeg = resultOf(found[2 * n + 1]) as Address | undefined
    const existing = leg && leg !== zeroAddress ? leg : undefined
    const plan = existing
      ? await existingLeg(client, { chainId, token, anchor, leg: existing, rate, stabilizer, integration, opts })
      : newLeg({ chainId, token, anchor, rate, integration, stabilizer, opts })
    if (!plan.seed.withinBand && plan.steps.includes('create')) {
      const what = `${token.symbol}/${ANCHOR} would open at mid ${plan.seed.mid}, ${plan.seed.offPegBps} bps off the cross rate ${rate} (θ ${opts.thresholdBps} bps)`
      if (!opts.acceptOffPeg)
        throw new VaultError('SEED_OFF_PEG', `${what}; nothing was sent or written`, {
          data: { token: token.symbol, mid: plan.seed.mid, oracleMid: rate, offPegBps: plan.seed.offPegBps },
          hints: ['Pass --accept-off-peg to create it anyway.'],
        })
      warnings.push(`${what}: accepted (--accept-off-peg)`)
    }
    if (meshLeg?.toLowerCase() !== plan.pool.toLowerCase()) plan.steps.push('mesh')
    legs.push(plan)
  }
  const joining = legs.filter((l) => l.steps.includes('mesh'))
  const setMesh: Action[] = joining.length
    ? [
        {
          chainId,
          to: stabilizer,
          data: encodeFunctionData({
            abi: stabilizerAbi,
            functionName: 'setMesh',
            args: [joining.map((l) => l.token.address), joining.map((l) => l.pool)],
          }),
          description: `setMesh(${joining.map((l) => `${l.token.symbol} → ${l.pool}`).join(', ')}) on the Stabilizer`,
          abis: [stabilizerAbi],
        },
      ]
    : []
  return { legs, actions: [...legs.flatMap((l) => l.actions), ...setMesh], warnings }
}

interface LegInput {
  chainId: number
  token: TokenInfo
  anchor: TokenInfo
  rate: bigint
  integration: Address
  stabilizer: Address
  opts: MeshPlanOptions
}

function newLeg({ chainId, token, anchor, rate, integration, stabilizer, opts }: LegInput): MeshLegPlan {
  if (opts.baseAmount === undefined) {
    throw new VaultError('FLAG_MISSING', `Missing --base-amount: the ${token.symbol}/${ANCHOR} leg is to be seeded`, {
      field: 'base-amount',
    })
  }
  const seed = seedLegAtRate({
    baseAmount: parseDecimal(opts.baseAmount, token.decimals, '--base-amount'),
    K: opts.k,
    oracleMid: rate,
    thresholdBps: opts.thresholdBps,
  })
  const pool = opts.nextPool()
  const at = { chainId: chainId as Action['chainId'], to: integration, abis: [vaultPMMIntegrationAbi, vaultPMMPoolAbi] }
  const approve = (t: TokenInfo, amount: bigint): Action => ({
    chainId: chainId as Action['chainId'],
    to: t.address,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [integration, amount] }),
    description: `approve ${amount} ${t.symbol} base units to the integration`,
    abis: [erc20Abi],
  })
  const actions: Action[] = [
    {
      ...at,
      data: encodeFunctionData({
        abi: vaultPMMIntegrationAbi,
        functionName: 'createPrivatePool',
        args: [token.address, anchor.address, opts.lpFeeRate, seed.i, opts.k, true, [stabilizer]],
      }),
      description: `createPrivatePool(${token.symbol}/${ANCHOR}, i ${seed.i} = the oracle cross rate, allow the Stabilizer) → ${pool}`,
    },
    approve(token, seed.baseAmount),
    ...(seed.quoteAmount > 0n ? [approve(anchor, seed.quoteAmount)] : []),
    {
      ...at,
      data: encodeFunctionData({
        abi: vaultPMMIntegrationAbi,
        functionName: 'addLiquidity',
        args: [pool, seed.baseAmount, seed.quoteAmount],
      }),
      description: `addLiquidity(${token.symbol}/${ANCHOR}, ${seed.baseAmount} ${token.symbol}, ${seed.quoteAmount} ${ANCHOR} base units): opens at mid ${seed.mid}`,
    },
    legAdminHandOver({ chainId, integration, leg: pool, stabilizer }),
  ]
  return { chainId, token, anchor, pool, existing: false, seed, steps: ['create', 'seed', 'admin'], actions }
}

async function existingLeg(
  client: VaultClient,
  { chainId, token, anchor, rate, integration, stabilizer, opts, leg }: LegInput & { leg: Address },
): Promise<MeshLegPlan> {
  const at = { address: leg, abi: vaultPMMPoolAbi } as const
  const [admin, i, mid, reserves] = await readContracts(client, [
    { ...at, functionName: '_ADMIN_' },
    { ...at, functionName: '_I_' },
    { ...at, functionName: 'getMidPrice' },
    { ...at, functionName: 'getVaultReserve' },
  ])
  const [B, Q] = resultOf(reserves) ?? [0n, 0n]
  const seed = judgeSeed(
    { baseAmount: B, quoteAmount: Q, i: resultOf(i) ?? 0n, mid: resultOf(mid) ?? 0n, targetMid: rate, oracleMid: rate },
    opts.thresholdBps,
  )
  const isStabilizer = (resultOf(admin) as Address | undefined)?.toLowerCase() === stabilizer.toLowerCase()
  const actions = isStabilizer ? [] : [legAdminHandOver({ chainId, integration, leg, stabilizer })]
  return { chainId, token, anchor, pool: leg, existing: true, seed, steps: isStabilizer ? [] : ['admin'], actions }
}
