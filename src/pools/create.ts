import { type Address, encodeFunctionData, parseEventLogs, type TransactionReceipt, zeroAddress } from 'viem'
import { vaultPMMIntegrationAbi, vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf } from '../chain/read.js'
import { requireContract } from '../config/context.js'
import type { ChainId, ChainSettings } from '../config/schema.js'
import { pegPrice } from '../core/deviation/price.js'
import { VaultError } from '../core/errors.js'
import { parseK, percentToFee, priceToI } from '../core/pmm/convert.js'
import type { Action } from '../tx/call.js'
import { readTokens, type TokenInfo } from './read.js'
import { resolveToken } from './tokens.js'

/** The spec's four public pools (§4), base/quote. */
export const PUBLIC_SET: readonly [string, string][] = [
  ['cUSDT', 'cUSDC'],
  ['cUSDT', 'cXAUC'],
  ['cUSDC', 'cXAUC'],
  ['cEURT', 'cXAUC'],
]

export interface CreateSpec {
  base: string
  quote: string
  /** Human price, quote per base; or `fromOracle` for the oracle's peg. */
  price: string | 'fromOracle'
  k: string
  fee: string
  twap: boolean
  allowDuplicate?: boolean
}

export interface CreatePlan {
  chainId: number
  base: TokenInfo
  quote: TokenInfo
  i: bigint
  k: bigint
  lpFeeRate: bigint
  isOpenTWAP: boolean
  existing?: Address
  action: Action
}

const integrationOf = (settings: ChainSettings, chainId: ChainId) =>
  requireContract(settings, chainId, 'integration', 'DODOPMMIntegration')

/** Validate everything (parameters first, then tokens and the registry on chain) and build the createPool call. */
export async function planPoolCreate(
  client: VaultClient,
  settings: ChainSettings,
  spec: CreateSpec,
): Promise<CreatePlan> {
  const k = parseK(spec.k)
  const lpFeeRate = percentToFee(spec.fee)
  if (spec.price !== 'fromOracle') priceToI(spec.price, 6, 6) // early syntax/sign check; exact i below
  const integration = integrationOf(settings, client.chainId)
  const [base, quote] = await Promise.all([
    resolveToken(client, settings, spec.base),
    resolveToken(client, settings, spec.quote),
  ])
  if (base.address.toLowerCase() === quote.address.toLowerCase()) {
    throw new VaultError('TOKEN_SAME', `Base and quote are the same token (${base.symbol})`)
  }
  let i: bigint
  if (spec.price === 'fromOracle') {
    const tokens = await readTokens(client, settings, [base.address, quote.address])
    const b = tokens.get(base.address.toLowerCase())?.usd
    const q = tokens.get(quote.address.toLowerCase())?.usd
    if (!b || !q) {
      throw new VaultError('ORACLE_PRICE_MISSING', `No oracle price for ${!b ? base.symbol : quote.symbol}`, {
        hints: ['Pass --price, or configure chains.<id>.contracts.oracle.'],
      })
    }
    i = pegPrice({ baseUsd: b.price, quoteUsd: q.price, baseDecimals: base.decimals, quoteDecimals: quote.decimals })
  } else {
    i = priceToI(spec.price, base.decimals, quote.decimals)
  }
  const [found] = await readContracts(client, [
    { address: integration, abi: vaultPMMIntegrationAbi, functionName: 'getPool', args: [base.address, quote.address] },
  ])
  const existingAddr = resultOf(found)
  const existing = existingAddr && existingAddr !== zeroAddress ? existingAddr : undefined
  const functionName = spec.allowDuplicate ? 'createPoolAllowDuplicate' : 'createPool'
  return {
    chainId: client.chainId,
    base,
    quote,
    i,
    k,
    lpFeeRate,
    isOpenTWAP: spec.twap,
    existing,
    action: {
      chainId: client.chainId,
      to: integration,
      data: encodeFunctionData({
        abi: vaultPMMIntegrationAbi,
        functionName,
        args: [base.address, quote.address, lpFeeRate, i, k, spec.twap],
      }),
      description: `${functionName}(${base.symbol}/${quote.symbol}, fee ${lpFeeRate}, i ${i}, k ${k}, TWAP ${spec.twap ? 'on' : 'off'})`,
      abis: [vaultPMMIntegrationAbi],
    },
  }
}

export function duplicateError(plan: CreatePlan): VaultError {
  return new VaultError(
    'POOL_EXISTS',
    `A pool for ${plan.base.symbol}/${plan.quote.symbol} already exists: ${plan.existing}`,
    {
      hints: [`vault pools show ${plan.existing}`, 'Pass --allow-duplicate to create another one anyway.'],
      data: { pool: plan.existing },
    },
  )
}

/** The pool address from the integration's PoolCreated event in a receipt. */
export function createdPool(receipt: TransactionReceipt): Address {
  const [ev] = parseEventLogs({ abi: vaultPMMIntegrationAbi, eventName: 'PoolCreated', logs: receipt.logs })
  if (!ev) throw new VaultError('POOL_EVENT_MISSING', 'No PoolCreated event in the receipt')
  return ev.args.pool
}

/**
 * Read a new pool back: it must hold the intended tokens, i, k, fee and TWAP flag, and `init` must refuse a second
 * call (a pool that can be initialised again is an open door). Returns the mismatches (empty when all is right).
 */
export async function verifyPool(client: VaultClient, pool: Address, plan: CreatePlan): Promise<string[]> {
  const [base, quote, i, k, fee, twap] = await readContracts(client, [
    { address: pool, abi: vaultPMMPoolAbi, functionName: '_BASE_TOKEN_' },
    { address: pool, abi: vaultPMMPoolAbi, functionName: '_QUOTE_TOKEN_' },
    { address: pool, abi: vaultPMMPoolAbi, functionName: '_I_' },
    { address: pool, abi: vaultPMMPoolAbi, functionName: '_K_' },
    { address: pool, abi: vaultPMMPoolAbi, functionName: '_LP_FEE_RATE_' },
    { address: pool, abi: vaultPMMPoolAbi, functionName: '_IS_OPEN_TWAP_' },
  ])
  const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)
  const want: [string, unknown, { status: string; result?: unknown }][] = [
    ['base token', plan.base.address, base],
    ['quote token', plan.quote.address, quote],
    ['i', plan.i, i],
    ['k', plan.k, k],
    ['lpFeeRate', plan.lpFeeRate, fee],
    ['isOpenTWAP', plan.isOpenTWAP, twap],
  ]
  const bad = want.flatMap(([name, v, got]) =>
    got.status === 'success' && norm(got.result) === norm(v)
      ? []
      : [`${name}: expected ${String(v)}, pool has ${got.status === 'success' ? String(got.result) : 'no answer'}`],
  )
  try {
    await client.simulateContract({
      address: pool,
      abi: vaultPMMPoolAbi,
      functionName: 'init',
      args: [
        zeroAddress,
        plan.base.address,
        plan.quote.address,
        plan.lpFeeRate,
        zeroAddress,
        plan.i,
        plan.k,
        plan.isOpenTWAP,
      ],
      account: '0x000000000000000000000000000000000000dEaD',
    })
    bad.push('init can be called again: the pool is not initialised (open door)')
  } catch {
    // reverted as it must
  }
  return bad
}
