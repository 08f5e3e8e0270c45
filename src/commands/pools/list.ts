import { chainFlags, VaultCommand } from '../../cli/command.js'
import type { poolRow } from '../../pools/view.js'

/** JSON of `vault pools list`: one row per pool, every chain of the profile. */
export type PoolsListResult = ReturnType<typeof poolRow>[]

export default class PoolsList extends VaultCommand<PoolsListResult> {
  static override summary = 'Every pool the integration knows, with price, reserves and deviation from the oracle.'
  static override description =
    `One row per pool: pair, address, public/private, mid price, base and quote reserves, deviation of the mid price from the oracle peg (bps). One batched read per chain, whatever the number of pools.
JSON: [{chainId, pair, address, visibility, bucket, base, quote, midPrice, price, baseReserve, quoteReserve, pegPrice?, deviationBps?}]`
  static override examples = ['<%= config.bin %> pools list', '<%= config.bin %> pools list --chain 138 --json']
  static override flags = { ...chainFlags }

  async run(): Promise<PoolsListResult> {
    const { flags } = await this.parse(PoolsList)
    const ctx = await this.context(flags)
    const { poolAddresses, readPools } = await import('../../pools/read.js')
    const { poolRow } = await import('../../pools/view.js')
    const perChain = await this.withSpinner('Reading pools…', () =>
      Promise.all(
        ctx.chains().map(async (id) => {
          const client = await ctx.client(id)
          const { pools } = await readPools(client, { addresses: await poolAddresses(client) })
          return pools.map((p) => ({ info: p, row: poolRow(p, id) }))
        }),
      ),
    )
    const all = perChain
      .flat()
      .sort((a, b) => a.row.chainId - b.row.chainId || a.row.visibility.localeCompare(b.row.visibility) * -1)
    if (!this.jsonEnabled()) {
      const { renderPoolList } = await import('../../cli/render/pools.js')
      this.out(await renderPoolList(all))
    }
    return all.map((x) => x.row)
  }
}
