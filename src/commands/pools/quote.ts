import { Args, Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import type { ChainId } from '../../config/schema.js'
import { VaultError } from '../../core/errors.js'
import type { PoolQuote } from '../../pools/quote.js'

/** JSON of `vault pools quote` (an absent side: not quoted, or --onchain / --offline). */
export interface PoolsQuoteResult {
  chainId: ChainId
  pool: PoolQuote['pool']['address']
  pair: string
  block: bigint
  trader: PoolQuote['trader']
  sell: { token: string; amount: bigint }
  receive: { token: string; offline?: bigint; onchain?: bigint }
  lpFee?: bigint
  mtFee?: bigint
  impactBps?: number
  agree?: boolean
}

export default class PoolsQuote extends VaultCommand<PoolsQuoteResult> {
  static override summary = 'Exact output of a sell: PMM math off-chain next to the pool’s own quote.'
  static override description =
    `Computes the output, fees and price impact with the exact DODO V2 integer math from the pool's state, and reads querySellBase/querySellQuote from the contract at the same block. They must agree to the unit; if they do not, exit 2. --offline skips the contract quote, --onchain skips the math.
JSON: {chainId, pool, pair, block, trader, sell: {token, amount}, receive: {token, offline?, onchain?}, lpFee?, mtFee, impactBps?, agree?}`
  static override examples = [
    '<%= config.bin %> pools quote cUSDT/cUSDC --sell 1000 cUSDT',
    '<%= config.bin %> pools quote 0xPool… --sell 0.5 cXAUC --onchain --json',
  ]
  static override args = { pool: Args.string({ description: 'Pool address or BASE/QUOTE pair', required: true }) }
  static override flags = {
    ...chainFlags,
    sell: Flags.string({ description: 'Amount and token to sell: --sell 100 cUSDT', multiple: true, required: true }),
    onchain: Flags.boolean({ description: 'Only the contract’s quote.', exclusive: ['offline'] }),
    offline: Flags.boolean({ description: 'Only the off-chain math.', exclusive: ['onchain'] }),
    trader: Flags.string({ description: 'Trader address: both sides use its fee rates (default zero address).' }),
  }

  async run(): Promise<PoolsQuoteResult> {
    const { args, flags } = await this.parse(PoolsQuote)
    const parts = flags.sell.flatMap((s) => s.trim().split(/\s+/))
    if (parts.length !== 2)
      throw new VaultError('AMOUNT_INVALID', '--sell takes an amount and a token, e.g. --sell 100 cUSDT')
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { quotePool } = await import('../../pools/quote.js')
    const q = await quotePool(await ctx.client(id), {
      pool: args.pool,
      amount: parts[0],
      token: parts[1],
      mode: flags.onchain ? 'onchain' : flags.offline ? 'offline' : 'both',
      trader: flags.trader,
    })
    if (q.agree === false) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderQuote } = await import('../../cli/render/pools.js')
      this.out(renderQuote(q))
    }
    return {
      chainId: id,
      pool: q.pool.address,
      pair: q.pool.pair,
      block: q.block,
      trader: q.trader,
      sell: { token: q.tokenIn, amount: q.amountIn },
      receive: { token: q.tokenOut, offline: q.offline?.receive, onchain: q.onchain?.receive },
      lpFee: q.offline?.lpFee,
      mtFee: q.onchain?.mtFee ?? q.offline?.mtFee,
      impactBps: q.offline?.impactBps,
      agree: q.agree,
    }
  }
}
