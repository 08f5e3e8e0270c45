import { type Address, getAddress, isAddress, zeroAddress } from 'viem'
import { vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf, rethrowRead } from '../chain/read.js'
import { revertReason } from '../chain/revert.js'
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
  /** Quote for this trader (its maintainer fee rate); default the zero address. */
  trader?: string
}

export interface PoolQuote {
  pool: PoolInfo
  block: bigint
  side: Side
  amountIn: bigint
  tokenIn: string
  tokenOut: string
  /** The trader both sides were quoted for (the zero address when none was given), and its fee rates (1e18). */
  trader: Address
  lpFeeRate: bigint
  mtFeeRate: bigint
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

/**
 * Quote a sell off-chain (exact PMM math on the pool's state, with the trader's fee rates) and on-chain (the pool's
 * own query), at one block. A pool that refuses its own quote is a revert (exit 5).
 */
export async function quotePool(client: VaultClient, req: QuoteRequest): Promise<PoolQuote> {
  await client.ready()
  const block = await client.getBlockNumber().catch((e) => rethrowRead(client, e))
  // state, fees and the contract's quote are all read at this one block, so the two sides see the same pool
  const pool = await readPool(client, { pool: req.pool, blockNumber: block })
  const { side, amountIn } = parseSell(pool, req.amount, req.token)
  if (req.trader !== undefined && !isAddress(req.trader, { strict: false }))
    throw new VaultError('ADDRESS_INVALID', `The trader "${req.trader}" is not an address`, { field: 'trader' })
  const trader = req.trader === undefined ? zeroAddress : getAddress(req.trader)
  const [fees, onchain] = await readContracts(
    client,
    [
      { address: pool.address, abi: vaultPMMPoolAbi, functionName: 'getUserFeeRate', args: [trader] },
      {
        address: pool.address,
        abi: vaultPMMPoolAbi,
        functionName: side === 'base' ? 'querySellBase' : 'querySellQuote',
        args: [trader, amountIn],
      },
    ],
    { blockNumber: block },
  )
  // the maintainer fee can depend on the trader (the pool's fee-rate model): the off-chain side uses the same rates
  const [lpFeeRate, mtFeeRate] = resultOf(fees) ?? [pool.lpFeeRate, pool.mtFeeRate]
  const out: PoolQuote = {
    pool,
    block,
    side,
    amountIn,
    tokenIn: side === 'base' ? pool.base.symbol : pool.quote.symbol,
    tokenOut: side === 'base' ? pool.quote.symbol : pool.base.symbol,
    trader,
    lpFeeRate,
    mtFeeRate,
  }
  if (req.mode !== 'onchain') {
    const q = querySell(pool.state, side, amountIn, lpFeeRate, mtFeeRate)
    const imp = q.receive > 0n ? slippage(pool.state, side, amountIn, lpFeeRate, mtFeeRate) : undefined
    out.offline = {
      receive: q.receive,
      lpFee: q.lpFee,
      mtFee: q.mtFee,
      impactBps: imp?.bps ?? 10_000,
      executionPrice: imp?.executionPrice ?? 0n,
    }
  }
  if (req.mode !== 'offline') {
    if (onchain.status === 'failure') {
      throw new VaultError(
        'QUOTE_REVERTED',
        `The pool refused the quote: ${revertReason(onchain.error, [vaultPMMPoolAbi])}`,
        {
          details: `${side === 'base' ? 'querySellBase' : 'querySellQuote'}(${trader}, ${amountIn}) on ${pool.address} at block ${block}`,
        },
      )
    }
    out.onchain = { receive: onchain.result[0], mtFee: onchain.result[1] }
  }
  if (out.offline && out.onchain)
    out.agree = out.offline.receive === out.onchain.receive && out.offline.mtFee === out.onchain.mtFee
  return out
}
