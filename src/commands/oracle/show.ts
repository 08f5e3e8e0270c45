import { chainFlags, VaultCommand } from '../../cli/command.js'
import type { OracleShowResult } from '../../oracle/read.js'

export type { OracleShowResult }

export default class OracleShow extends VaultCommand<OracleShowResult> {
  static override summary =
    "Every token's oracle price, when it was set, its age and whether it is fresh, on both chains."
  static override description =
    `Reads the oracle's price of each profile token at the latest block and judges its age (block time − updatedAt, the clock the Stabilizer uses) against the profile's stabilizer.maxOracleAge: "fresh", "stale" or "unset".
A Stabilizer refuses to act on a stale price, so a stale one is the thing to fix first (\`vault oracle set|sync\`).
Exit 0 when every price is fresh · 2 when any is stale or unset · 3 bad input (no oracle in the profile) · 4 chain.
JSON: {maxOracleAge, stale, chains: [{chainId, oracle, block, blockTime, maxOracleAge, ok, prices: [{token, address, price?, updatedAt?, ageSec?, verdict}]}]} (price in USD 1e18 per whole token).`
  static override examples = [
    '<%= config.bin %> oracle show',
    '<%= config.bin %> oracle show --chain 651940 --json',
    '<%= config.bin %> oracle show --json || page-oncall',
  ]
  static override flags = { ...chainFlags }

  async run(): Promise<OracleShowResult> {
    const { flags } = await this.parse(OracleShow)
    const ctx = await this.context(flags)
    const { oracleShow } = await import('../../oracle/read.js')
    const res = await this.withSpinner('Reading oracle prices…', async () =>
      oracleShow(await ctx.clients(), { maxOracleAge: BigInt(ctx.profile.stabilizer.maxOracleAge) }),
    )
    if (res.stale) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderOracleShow } = await import('../../cli/render/oracle.js')
      this.out(await renderOracleShow(res))
    }
    return res
  }
}
