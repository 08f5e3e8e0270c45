import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { runSwap } from '../../stabilizer/swap.js'

/** JSON of `vault stabilizer swap`. */
export type StabilizerSwapResult = Awaited<ReturnType<typeof runSwap>>

export default class StabilizerSwap extends VaultCommand<StabilizerSwapResult> {
  static override summary = 'Rebalance now: executePrivateSwap in the direction and size the deviation calls for.'
  static override description =
    `Asks the Stabilizer for checkDeviation() and maxTradeSize(): when shouldRebalance is false it explains why (inside the band, or not sustained for N blocks) and exits 2. Otherwise the direction follows the TWAP deviation (price above peg → sell base) and the size is min(kPerBps × |deviation|, perBlockCap, the amount that moves the pool's mid price back to the peg by the PMM math), or --size (a token amount, at most maxTradeSize).
The call is simulated (from the Safe with --safe, else from the keeper key), confirmed (--yes to skip), then proposed to the Safe or sent.
Each private XAU leg the correction routes through is reset to the oracle cross rate in the same transaction.
Exit codes: 0 proposed/sent · 2 no rebalance due · 3 bad --size, unknown or unregistered --pool · 4 chain · 5 the call would revert (reason shown).
JSON: {chainId, stabilizer, pool, pair, deviationBps, shouldRebalance, direction, tokenIn, tokenOut, maxTradeSize, toPeg, tradeSize, sizedBy, midPrice, peg, inventory, warnings, proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> stabilizer swap --safe',
    '<%= config.bin %> stabilizer swap --pool cUSDT/cXAUC --keystore keeper.json --yes --json',
    '<%= config.bin %> stabilizer swap --size 2500 --keystore keeper.json --yes',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    size: Flags.string({ description: 'Trade size in tokenIn units (default: the rule’s size, capped at the peg).' }),
    pool: Flags.string({
      description: 'The registered pool to correct (BASE/QUOTE or address; default cUSDT/cUSDC, else the first).',
    }),
  }

  async run(): Promise<StabilizerSwapResult> {
    const { flags } = await this.parse(StabilizerSwap)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { route, confirm } = await this.writeRoute(flags, ctx)
    const { runSwap } = await import('../../stabilizer/swap.js')
    const res = await runSwap(await ctx.client(id), {
      size: flags.size,
      pool: flags.pool,
      route,
      confirm,
    })
    const { renderSwap } = await import('../../cli/render/stabilizer.js')
    this.out(renderSwap(res))
    return res
  }
}
