import { Args, Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { addLiquidity } from '../../pools/liquidity.js'

/** JSON of `vault pools add-liquidity`. */
export type PoolsAddLiquidityResult = Awaited<ReturnType<typeof addLiquidity>>

export default class PoolsAddLiquidity extends VaultCommand<PoolsAddLiquidityResult> {
  static override summary = 'Provide liquidity to a pool: send base and quote, then buy LP shares.'
  static override description =
    `Sends --base and --quote (token amounts) to the pool and calls buyShares for the provider: the key's address, or the Safe with --safe (one atomic MultiSend batch, simulated from the Safe, proposed to the owners).
Shows the simulated calls and asks for confirmation (--yes to skip). With a key it is three transactions and resumable: tokens already in the pool beyond its reserves (a run stopped after its transfers) count toward the deposit and are not sent again (resumed: true). Exit 3 for bad amounts or an unknown pool, 4 when a reply was lost and the transaction cannot be found, 5 when a call would revert.
JSON: {pool, pair, base, quote, provider, resumed, txHashes?, proposal?}`
  static override examples = [
    '<%= config.bin %> pools add-liquidity cUSDT/cUSDC --base 100000 --quote 50000',
    '<%= config.bin %> pools add-liquidity cEURT/cXAUC --base 10000 --quote 4 --safe',
  ]
  static override args = { pool: Args.string({ description: 'Pool address or BASE/QUOTE pair', required: true }) }
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    base: Flags.string({ description: 'Base token amount to add.', required: true }),
    quote: Flags.string({ description: 'Quote token amount to add.', default: '0' }),
  }

  async run(): Promise<PoolsAddLiquidityResult> {
    const { args, flags } = await this.parse(PoolsAddLiquidity)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const client = await ctx.client(id)
    const { route, confirm } = await this.writeRoute(flags, ctx)
    const { addLiquidity } = await import('../../pools/liquidity.js')
    const res = await addLiquidity(client, {
      pool: args.pool,
      base: flags.base,
      quote: flags.quote,
      route,
      confirm,
    })
    const { renderProposed } = await import('../../cli/render/tx.js')
    this.out(
      res.proposal
        ? renderProposed(res.proposal)
        : `✔ Added liquidity to ${res.pair} for ${res.provider} (${res.txHashes?.length} transactions)`,
    )
    return res
  }
}
