import { type Address, encodeFunctionData, erc20Abi } from 'viem'
import { vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { VaultError } from '../core/errors.js'
import { parseDecimal } from '../core/pmm/convert.js'
import type { Action, Route } from '../tx/call.js'
import { perform } from '../tx/perform.js'
import { readPool } from './read.js'

export interface AddLiquidityOptions {
  pool: string
  base: string
  quote: string
  route: Route
  confirm: (summary: string) => Promise<void>
}

/**
 * Adding liquidity to a DVM pool is three calls from the provider: send base, send quote, `buyShares(provider)`.
 * Proposed to a Safe they form one atomic MultiSend batch. With a key they are three transactions, made
 * resumable: `buyShares` counts what the pool holds beyond its reserves, so tokens already in the pool (an
 * earlier run stopped after its transfers) count toward this deposit and only the rest is sent again.
 */
export async function planAddLiquidity(client: VaultClient, opts: AddLiquidityOptions) {
  const pool = await readPool(client, { pool: opts.pool })
  const base = parseDecimal(opts.base, pool.base.decimals, `--base (${pool.base.symbol})`)
  const quote = parseDecimal(opts.quote, pool.quote.decimals, `--quote (${pool.quote.symbol})`)
  if (base === 0n)
    throw new VaultError(
      'AMOUNT_INVALID',
      'A DVM pool needs some base to mint shares: the base amount must be greater than 0',
      {
        field: 'base',
      },
    )
  const provider: Address = opts.route.kind === 'key' ? opts.route.account.address : opts.route.safe
  const balanceOf = (token: Address, holder: Address) =>
    client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [holder] })
  const [hasBase, hasQuote, inPoolBase, inPoolQuote, reserves, shares] = await Promise.all([
    balanceOf(pool.base.address, provider),
    balanceOf(pool.quote.address, provider),
    balanceOf(pool.base.address, pool.address),
    balanceOf(pool.quote.address, pool.address),
    client.readContract({ address: pool.address, abi: vaultPMMPoolAbi, functionName: 'getVaultReserve' }),
    client.readContract({ address: pool.address, abi: vaultPMMPoolAbi, functionName: 'balanceOf', args: [provider] }),
  ])
  // resuming (key route): what already sits in the pool beyond its reserves is not sent again
  const resume = opts.route.kind === 'key'
  const waiting = { base: inPoolBase - reserves[0], quote: inPoolQuote - reserves[1] }
  const send = {
    base: resume && waiting.base > 0n ? (base > waiting.base ? base - waiting.base : 0n) : base,
    quote: resume && waiting.quote > 0n ? (quote > waiting.quote ? quote - waiting.quote : 0n) : quote,
  }
  // refuse before sending anything, so a short balance never leaves tokens stranded in the pool
  for (const [have, need, sym] of [
    [hasBase, send.base, pool.base.symbol],
    [hasQuote, send.quote, pool.quote.symbol],
  ] as const) {
    if (have < need)
      throw new VaultError('INSUFFICIENT_BALANCE', `${provider} holds ${have} ${sym} base units, needs ${need}`)
  }
  const transfer = (token: Address, amount: bigint, symbol: string): Action => ({
    chainId: client.chainId,
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool.address, amount] }),
    description: `transfer ${amount} ${symbol} base units to ${pool.pair}`,
    abis: [erc20Abi],
  })
  const actions: Action[] = [
    ...(send.base > 0n ? [transfer(pool.base.address, send.base, pool.base.symbol)] : []),
    ...(send.quote > 0n ? [transfer(pool.quote.address, send.quote, pool.quote.symbol)] : []),
    {
      chainId: client.chainId,
      to: pool.address,
      data: encodeFunctionData({ abi: vaultPMMPoolAbi, functionName: 'buyShares', args: [provider] }),
      description: `buyShares(${provider}) on ${pool.pair}`,
      abis: [vaultPMMPoolAbi],
    },
  ]
  const resumed = resume && (send.base < base || send.quote < quote)
  return { pool, base, quote, provider, actions, sharesBefore: shares, resumed, alreadyInPool: waiting }
}

/** Plan, then the spine; when sent, the provider's LP shares are read back and must have grown. */
export async function addLiquidity(client: VaultClient, opts: AddLiquidityOptions) {
  const plan = await planAddLiquidity(client, opts)
  const preface = plan.resumed
    ? `${plan.pool.pair} already holds ${plan.alreadyInPool.base} ${plan.pool.base.symbol} and ${plan.alreadyInPool.quote} ${plan.pool.quote.symbol} base units beyond its reserves (an earlier transfer): they count toward this deposit and are not sent again.`
    : undefined
  const done = await perform(client, {
    actions: plan.actions,
    route: opts.route,
    confirm: opts.confirm,
    preface,
    verify: async (d) => {
      if (!d.sent) return
      const after = await client.readContract({
        address: plan.pool.address,
        abi: vaultPMMPoolAbi,
        functionName: 'balanceOf',
        args: [plan.provider],
      })
      if (after <= plan.sharesBefore) {
        throw new VaultError('VERIFY_FAILED', `${plan.provider} holds no new LP shares of ${plan.pool.pair}`, {
          data: { txHashes: d.sent.map((s) => s.txHash) },
        })
      }
    },
  })
  return {
    pool: plan.pool.address,
    pair: plan.pool.pair,
    base: plan.base,
    quote: plan.quote,
    provider: plan.provider,
    resumed: plan.resumed,
    txHashes: done.sent?.map((s) => s.txHash),
    proposal: done.proposal,
  }
}
