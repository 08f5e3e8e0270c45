import type { Address } from 'viem'
import { dvmAbi } from '../chain/abi/dvm.js'
import type { ChainClient } from '../chain/client.js'
import { ok, readMany } from '../chain/read.js'
import type { ChainSettings } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { slippage } from '../core/pmm/analytics.js'
import { parseDecimal } from '../core/pmm/convert.js'
import { querySell, type Side } from '../core/pmm/quote.js'
import { type PoolInfo, readPool } from './read.js'

export interface QuoteRequest {
  pool: string
  amount: string
  token: string
  mode: 'both' | 'onchain' | 'offline'
  trader?: Address
}

export interface PoolQuote {
  pool: PoolInfo
  block: bigint
  side: Side
  amountIn: bigint
  tokenIn: string
  tokenOut: string
  offline?: { receive: bigint; lpFee: bigint; mtFee: bigint; impactBps: number; executionPrice: bigint }
  onchain?: { receive: bigint; mtFee: bigint }
  agree?: boolean
}

/** Parse "<amount> <sym>" for the pool: which side is sold and how much, in base units. */
export function parseSell(pool: PoolInfo, amount: string, token: string): { side: Side; amountIn: bigint } {
  const t = token.toLowerCase()
  const side: Side | undefined =
    t === pool.base.symbol.toLowerCase() || t === pool.base.address.toLowerCase()
      ? 'base'
      : t === pool.quote.symbol.toLowerCase() || t === pool.quote.address.toLowerCase()
        ? 'quote'
        : undefined
  if (!side)
    throw new VaultError('TOKEN_NOT_IN_POOL', `${token} is not a token of ${pool.pair}`, {
      details: `Sell ${pool.base.symbol} or ${pool.quote.symbol}.`,
    })
  const decimals = side === 'base' ? pool.base.decimals : pool.quote.decimals
  const amountIn = parseDecimal(amount, decimals, `The amount of ${token} to sell`)
  if (amountIn <= 0n)
    throw new VaultError('AMOUNT_INVALID', `The amount to sell must be greater than 0 (got ${amount})`)
  return { side, amountIn }
}

/** Quote a sell off-chain (exact PMM math on the pool's state) and on-chain (the pool's own query), at one block. */
export async function quotePool(client: ChainClient, settings: ChainSettings, req: QuoteRequest): Promise<PoolQuote> {
  await client.ready()
  const block = await client.public.getBlockNumber()
  // state and the contract's quote are both read at this one block, so the two sides see the same pool
  const pool = await readPool(client, settings, req.pool, { blockNumber: block })
  const { side, amountIn } = parseSell(pool, req.amount, req.token)
  const trader = req.trader ?? '0x0000000000000000000000000000000000000000'
  const onchainRes =
    req.mode === 'offline'
      ? undefined
      : await readMany(
          client,
          [
            {
              address: pool.address,
              abi: dvmAbi,
              functionName: side === 'base' ? 'querySellBase' : 'querySellQuote',
              args: [trader, amountIn],
            },
          ],
          { blockNumber: block },
        )
  const out: PoolQuote = {
    pool,
    block,
    side,
    amountIn,
    tokenIn: side === 'base' ? pool.base.symbol : pool.quote.symbol,
    tokenOut: side === 'base' ? pool.quote.symbol : pool.base.symbol,
  }
  if (req.mode !== 'onchain') {
    const q = querySell(pool.state, side, amountIn, pool.lpFeeRate, pool.mtFeeRate)
    const imp = q.receive > 0n ? slippage(pool.state, side, amountIn, pool.lpFeeRate, pool.mtFeeRate) : undefined
    out.offline = {
      receive: q.receive,
      lpFee: q.lpFee,
      mtFee: q.mtFee,
      impactBps: imp?.bps ?? 10_000,
      executionPrice: imp?.executionPrice ?? 0n,
    }
  }
  if (onchainRes) {
    const r = ok<readonly [bigint, bigint]>(onchainRes[0])
    if (!r)
      throw new VaultError(
        'TX_WOULD_REVERT',
        `The pool refused the quote: ${(onchainRes[0] as { error?: Error }).error?.message.split('\n')[0] ?? 'reverted'}`,
      )
    out.onchain = { receive: r[0], mtFee: r[1] }
  }
  if (out.offline && out.onchain)
    out.agree = out.offline.receive === out.onchain.receive && out.offline.mtFee === out.onchain.mtFee
  return out
}
