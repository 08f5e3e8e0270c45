import {
  type Address,
  encodeFunctionData,
  erc20Abi,
  getContractAddress,
  parseEventLogs,
  type TransactionReceipt,
  zeroAddress,
} from 'viem'
import { stabilizerAbi, vaultPMMIntegrationAbi, vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf } from '../chain/read.js'
import { requireContract } from '../config/context.js'
import { pegPrice } from '../core/deviation/price.js'
import { VaultError } from '../core/errors.js'
import { parseDecimal, parseK, percentToFee, priceToI } from '../core/pmm/convert.js'
import { judgeSeed, type SeedAtPeg, seedAtPeg } from '../core/pmm/seed.js'
import { PUBLIC_POOL_PAIRS } from '../core/registry.js'
import type { PoolParams } from '../stabilizer/check.js'
import type { Action, SentResult } from '../tx/call.js'
import { readTokens, type TokenInfo } from './read.js'
import { resolveToken } from './tokens.js'

/** The spec's four public pools (§4), base/quote: the registry's. */
export const PUBLIC_SET: readonly [string, string][] = PUBLIC_POOL_PAIRS

export interface CreateSpec {
  base: string
  quote: string
  /** Human price the pool should open at, quote per base; default: the oracle's price for the pair. */
  price?: string
  /** Seed amounts in whole tokens (decimal strings); quote defaults to the base amount's value at the price. */
  baseAmount: string
  quoteAmount?: string
  k: string
  fee: string
  twap: boolean
  allowDuplicate?: boolean
}

/** What every pool of one run shares on a chain. */
export interface CreateContext {
  /** Who pays the seed: the key's address or the Safe. */
  provider: Address
  /** θ the opening mid is judged against (bps), and the params the pool is registered with. */
  thresholdBps: bigint
  params: PoolParams
  /** Go on (with a warning) when the opening mid is more than θ off the oracle. */
  acceptOffPeg: boolean
  /** The address the next created pool gets (the integration creates clones with CREATE). */
  nextPool: () => Address
}

export interface CreatePlan {
  chainId: number
  pair: string
  base: TokenInfo
  quote: TokenInfo
  k: bigint
  lpFeeRate: bigint
  isOpenTWAP: boolean
  seed: SeedAtPeg
  /** The pool: the existing one, or the address the creation will give it. */
  pool: Address
  existing: boolean
  /** Whether the Stabilizer already has it (existing pools only). */
  registered: boolean
  /** Create, approve, seed and register; or only register (an existing pool the Stabilizer lacks); or nothing. */
  actions: Action[]
  warnings: string[]
}

/** The integration's next clone address: contracts start at nonce 1 and create one clone per pool. */
export async function poolAllocator(client: VaultClient, integration: Address): Promise<() => Address> {
  let nonce = BigInt(await client.getTransactionCount({ address: integration }))
  return () => getContractAddress({ from: integration, nonce: nonce++ })
}

/** The target mid and the oracle's mid for a pair (mid-price units); ORACLE_PRICE_MISSING without a price. */
async function prices(
  client: VaultClient,
  { base, quote, price }: { base: TokenInfo; quote: TokenInfo; price?: string },
) {
  const tokens = await readTokens(client, { addresses: [base.address, quote.address] })
  const b = tokens.get(base.address.toLowerCase())?.usd
  const q = tokens.get(quote.address.toLowerCase())?.usd
  if (!b || !q) {
    throw new VaultError('ORACLE_PRICE_MISSING', `No oracle price for ${!b ? base.symbol : quote.symbol}`, {
      details: 'A new pool is seeded at the oracle price and judged against it.',
      hints: [`Set one with \`vault oracle set\`, or configure chains.${client.chainId}.contracts.oracle.`],
    })
  }
  const oracleMid = pegPrice({
    baseUsd: b.price,
    quoteUsd: q.price,
    baseDecimals: base.decimals,
    quoteDecimals: quote.decimals,
  })
  return { oracleMid, targetMid: price ? priceToI(price, base.decimals, quote.decimals) : oracleMid }
}

/**
 * Validate (parameters first, then tokens, oracle and registry on chain), solve i so the pool opens at the target
 * mid for its seed amounts, judge that mid against the oracle and θ (SEED_OFF_PEG unless accepted), and build the
 * calls: createPool, approve + addLiquidity for the seed, and the Stabilizer's addPool with the profile's params.
 */
export async function planPoolCreate(
  client: VaultClient,
  { spec, ...ctx }: CreateContext & { spec: CreateSpec },
): Promise<CreatePlan> {
  const k = parseK(spec.k)
  const lpFeeRate = percentToFee(spec.fee)
  if (spec.price !== undefined) priceToI(spec.price, 6, 6) // syntax and sign first; the exact i is solved below
  parseDecimal(spec.baseAmount, 18, '--base-amount')
  if (spec.quoteAmount !== undefined) parseDecimal(spec.quoteAmount, 18, '--quote-amount')
  const integration = requireContract(client, 'integration', 'DODOPMMIntegration')
  const stabilizer = requireContract(client, 'stabilizer', 'Stabilizer')
  const [base, quote] = await Promise.all([
    resolveToken(client, { token: spec.base }),
    resolveToken(client, { token: spec.quote }),
  ])
  if (base.address.toLowerCase() === quote.address.toLowerCase()) {
    throw new VaultError('TOKEN_SAME', `Base and quote are the same token (${base.symbol})`)
  }
  const pair = `${base.symbol}/${quote.symbol}`
  const { oracleMid, targetMid } = await prices(client, { base, quote, price: spec.price })
  const seed = seedAtPeg({
    baseAmount: parseDecimal(spec.baseAmount, base.decimals, '--base-amount'),
    quoteAmount:
      spec.quoteAmount === undefined ? undefined : parseDecimal(spec.quoteAmount, quote.decimals, '--quote-amount'),
    K: k,
    targetMid,
    oracleMid,
    thresholdBps: ctx.thresholdBps,
  })
  const [found] = await readContracts(client, [
    { address: integration, abi: vaultPMMIntegrationAbi, functionName: 'getPool', args: [base.address, quote.address] },
  ])
  const existingAddr = resultOf(found)
  const existing = existingAddr && existingAddr !== zeroAddress ? existingAddr : undefined
  const common = { chainId: client.chainId, pair, base, quote, k, lpFeeRate, isOpenTWAP: spec.twap, seed }
  const register = (pool: Address): Action => ({
    chainId: client.chainId,
    to: stabilizer,
    data: encodeFunctionData({ abi: stabilizerAbi, functionName: 'addPool', args: [pool, ctx.params] }),
    description: `addPool(${pair} ${pool}, θ ${ctx.params.thresholdBps} bps, N ${ctx.params.sustainBlocks}, W ${ctx.params.twapWindow}) on the Stabilizer`,
    abis: [stabilizerAbi],
  })
  if (existing && !spec.allowDuplicate) {
    const [isPool, i, mid, reserves, twap] = await readContracts(client, [
      { address: stabilizer, abi: stabilizerAbi, functionName: 'isPool', args: [existing] },
      { address: existing, abi: vaultPMMPoolAbi, functionName: '_I_' },
      { address: existing, abi: vaultPMMPoolAbi, functionName: 'getMidPrice' },
      { address: existing, abi: vaultPMMPoolAbi, functionName: 'getVaultReserve' },
      { address: existing, abi: vaultPMMPoolAbi, functionName: '_IS_OPEN_TWAP_' },
    ])
    const registered = resultOf(isPool) === true
    const [B, Q] = resultOf(reserves) ?? [0n, 0n]
    const own = judgeSeed(
      { ...seed, baseAmount: B, quoteAmount: Q, i: resultOf(i) ?? 0n, mid: resultOf(mid) ?? 0n },
      ctx.thresholdBps,
    )
    const observable = resultOf(twap) === true
    const actions = registered || !observable ? [] : [register(existing)]
    return {
      ...common,
      isOpenTWAP: observable,
      seed: own,
      pool: existing,
      existing: true,
      registered,
      actions,
      warnings: [],
    }
  }
  const warnings: string[] = []
  if (!seed.withinBand) {
    const what = `${pair} would open at mid ${seed.mid}, ${seed.offPegBps} bps off the oracle's ${seed.oracleMid} (θ ${ctx.thresholdBps} bps)`
    if (!ctx.acceptOffPeg) {
      throw new VaultError('SEED_OFF_PEG', `${what}; nothing was sent or written`, {
        data: { pair, mid: seed.mid, oracleMid: seed.oracleMid, offPegBps: seed.offPegBps },
        hints: [
          spec.price !== undefined
            ? 'Drop --price to open at the oracle price.'
            : 'Seed with less quote against the base (a vending machine cannot open at the peg with too much quote).',
          'Pass --accept-off-peg to create it anyway.',
        ],
      })
    }
    warnings.push(`${what}: accepted (--accept-off-peg)`)
  }
  const pool = ctx.nextPool()
  const functionName = spec.allowDuplicate ? 'createPoolAllowDuplicate' : 'createPool'
  const approve = (t: TokenInfo, amount: bigint): Action => ({
    chainId: client.chainId,
    to: t.address,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [integration, amount] }),
    description: `approve ${amount} ${t.symbol} base units to the integration`,
    abis: [erc20Abi],
  })
  const actions: Action[] = [
    {
      chainId: client.chainId,
      to: integration,
      data: encodeFunctionData({
        abi: vaultPMMIntegrationAbi,
        functionName,
        args: [base.address, quote.address, lpFeeRate, seed.i, k, spec.twap],
      }),
      description: `${functionName}(${pair}, fee ${lpFeeRate}, i ${seed.i}, k ${k}, TWAP ${spec.twap ? 'on' : 'off'}) → ${pool}`,
      abis: [vaultPMMIntegrationAbi],
    },
    approve(base, seed.baseAmount),
    ...(seed.quoteAmount > 0n ? [approve(quote, seed.quoteAmount)] : []),
    {
      chainId: client.chainId,
      to: integration,
      data: encodeFunctionData({
        abi: vaultPMMIntegrationAbi,
        functionName: 'addLiquidity',
        args: [pool, seed.baseAmount, seed.quoteAmount],
      }),
      description: `addLiquidity(${pair}, ${seed.baseAmount} ${base.symbol}, ${seed.quoteAmount} ${quote.symbol} base units): opens at mid ${seed.mid} (oracle ${seed.oracleMid}, ${seed.offPegBps} bps)`,
      abis: [vaultPMMIntegrationAbi, vaultPMMPoolAbi],
    },
    ...(spec.twap ? [register(pool)] : []),
  ]
  if (!spec.twap) warnings.push(`${pair}: TWAP off, so the Stabilizer cannot watch it: not registered`)
  return { ...common, pool, existing: false, registered: false, actions, warnings }
}

export function duplicateError(plan: CreatePlan): VaultError {
  return new VaultError('POOL_EXISTS', `A pool for ${plan.pair} already exists: ${plan.pool}`, {
    hints: [`vault pools show ${plan.pool}`, 'Pass --allow-duplicate to create another one anyway.'],
    data: { pool: plan.pool },
  })
}

/** The pool address from the integration's PoolCreated event in a receipt. */
/** The pool a PoolCreated receipt names. */
function createdPool(receipt: TransactionReceipt): Address {
  const [ev] = parseEventLogs({ abi: vaultPMMIntegrationAbi, eventName: 'PoolCreated', logs: receipt.logs })
  if (!ev) throw new VaultError('POOL_EVENT_MISSING', 'No PoolCreated event in the receipt')
  return ev.args.pool
}

/**
 * Key route, after the send: each plan that sent anything, with the first transaction sent for it (`sent` holds
 * every plan's actions end to end, in plan order).
 */
export function firstSentOfEach<P extends { actions: readonly unknown[] }>(
  plans: readonly P[],
  sent: readonly SentResult[],
): [P, SentResult][] {
  const out: [P, SentResult][] = []
  let at = 0
  for (const p of plans) {
    if (p.actions.length) out.push([p, sent[at]])
    at += p.actions.length
  }
  return out
}

/** The pool `sent` created, which must be at the `planned` address its seed and registration went to. */
export function createdAtPlanned(sent: SentResult, planned: Address, what: string): Address {
  const pool = createdPool(sent.receipt)
  if (pool.toLowerCase() !== planned.toLowerCase()) {
    throw new VaultError('POOL_ADDRESS_MOVED', `${what} was created at ${pool}, not at the planned ${planned}`, {
      details: 'Another pool was created in between; the seed and registration went to the planned address.',
      data: { pool, planned, txHash: sent.txHash },
    })
  }
  return pool
}
