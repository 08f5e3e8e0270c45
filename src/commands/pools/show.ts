import { Args } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import type { poolDepth, poolRow, poolState } from '../../pools/view.js'

/** JSON of `vault pools show`. */
export type PoolsShowResult = ReturnType<typeof poolRow> & {
  state: ReturnType<typeof poolState>
  depth: Awaited<ReturnType<typeof poolDepth>>
}

export default class PoolsShow extends VaultCommand<PoolsShowResult> {
  static override summary = "A pool's full PMM state, price against the oracle, depth and capital bucket."
  static override description =
    `State (i, K, B, Q, B0, Q0, R), fee and TWAP flag, mid price, oracle peg price, deviation in bps, the amount to move the price by 0.1% and 1% each way, and the capital bucket (A public, B private).
Exit 3 when the address is not a pool or the pair is unknown.
JSON: {pool row…, state: {i, K, B, Q, B0, Q0, R, RName, lpFeeRate, mtFeeRate, isOpenTWAP}, depth: [{bps, sellBaseToLower, sellQuoteToRaise}]}`
  static override examples = [
    '<%= config.bin %> pools show cUSDT/cUSDC',
    '<%= config.bin %> pools show 0xPool… --chain 651940 --json',
  ]
  static override args = { pool: Args.string({ description: 'Pool address or BASE/QUOTE pair', required: true }) }
  static override flags = { ...chainFlags }

  async run(): Promise<PoolsShowResult> {
    const { args, flags } = await this.parse(PoolsShow)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { readPool } = await import('../../pools/read.js')
    const { poolRow, poolState, poolDepth } = await import('../../pools/view.js')
    const pool = await this.withSpinner('Reading pool…', async () =>
      readPool(await ctx.client(id), { pool: args.pool }),
    )
    const data = { ...poolRow(pool, id), state: poolState(pool), depth: await poolDepth(pool) }
    if (!this.jsonEnabled()) {
      const { renderPoolShow } = await import('../../cli/render/pools.js')
      this.out(renderPoolShow(pool, data))
    }
    return data
  }
}
