import { type Address, encodeFunctionData } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { dvmAbi } from '../chain/abi/dvm.js'
import { erc20Abi } from '../chain/abi/erc20.js'
import type { ChainClient } from '../chain/client.js'
import { ok, readMany } from '../chain/read.js'
import type { ChainSettings } from '../config/schema.js'
import { badInput } from '../core/errors.js'
import { parseDecimal } from '../core/pmm/convert.js'
import type { Action, Route } from '../tx/act.js'
import { readPool } from './read.js'

/**
 * Adding liquidity to a DVM pool is three calls from the provider: send base, send quote, `buyShares(provider)`.
 * With a key they go one by one; proposed to a Safe they form one atomic MultiSend batch (the Safe provides).
 */
export async function planAddLiquidity(
  client: ChainClient,
  settings: ChainSettings,
  opts: { pool: string; base: string; quote: string; route: Route },
) {
  const pool = await readPool(client, settings, opts.pool)
  const base = parseDecimal(opts.base, pool.base.decimals, `--base (${pool.base.symbol})`)
  const quote = parseDecimal(opts.quote, pool.quote.decimals, `--quote (${pool.quote.symbol})`)
  if (base === 0n) throw badInput('A DVM pool needs some base to mint shares: --base must be greater than 0')
  const provider: Address = opts.route.kind === 'key' ? privateKeyToAccount(opts.route.key).address : opts.route.safe
  // refuse before sending anything, so a short balance never leaves tokens stranded in the pool
  const [hasBase, hasQuote] = await readMany(client, [
    { address: pool.base.address, abi: erc20Abi, functionName: 'balanceOf', args: [provider] },
    { address: pool.quote.address, abi: erc20Abi, functionName: 'balanceOf', args: [provider] },
  ])
  for (const [have, need, sym] of [
    [ok<bigint>(hasBase) ?? 0n, base, pool.base.symbol],
    [ok<bigint>(hasQuote) ?? 0n, quote, pool.quote.symbol],
  ] as const) {
    if (have < need)
      throw badInput(
        `${provider} holds ${have} ${sym} base units, needs ${need}`,
        undefined,
        [],
        'INSUFFICIENT_BALANCE',
      )
  }
  const transfer = (token: Address, amount: bigint, symbol: string): Action => ({
    chainId: client.chainId,
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool.address, amount] }),
    description: `transfer ${opts[symbol === pool.base.symbol ? 'base' : 'quote']} ${symbol} to ${pool.pair}`,
    abis: [erc20Abi],
  })
  const actions: Action[] = [
    transfer(pool.base.address, base, pool.base.symbol),
    ...(quote > 0n ? [transfer(pool.quote.address, quote, pool.quote.symbol)] : []),
    {
      chainId: client.chainId,
      to: pool.address,
      data: encodeFunctionData({ abi: dvmAbi, functionName: 'buyShares', args: [provider] }),
      description: `buyShares(${provider}) on ${pool.pair}`,
      abis: [dvmAbi],
    },
  ]
  return { pool, base, quote, provider, actions }
}
