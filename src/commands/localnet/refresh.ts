import { Flags } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'
import type { LocalnetRefreshResult } from '../../localnet/refresh.js'

export type { LocalnetRefreshResult }

export default class LocalnetRefresh extends VaultCommand<LocalnetRefreshResult> {
  static override summary = 'Keep the local oracle fresh: re-post prices that are half as old as maxOracleAge.'
  static override description =
    `The localnet uses a realistic maxOracleAge (profile stabilizer.maxOracleAge, one hour by default) and its chains' clocks follow this machine's, so a localnet left running goes stale and the Stabilizer refuses to act. This re-posts every price at least half as old as maxOracleAge, unchanged, through the local Safe (its owner keys are the localnet's), on both chains; --force re-posts every price. The demo does it when it starts. Anvil chains only (LOCALNET_ONLY otherwise).
Exit 0 · 3 not a local chain · 4 chain · 5 the re-post failed.
JSON: {maxOracleAge, chains: [{chainId, oldestAgeSec, refreshed: [token], txHash?}]}`
  static override examples = ['<%= config.bin %> localnet refresh', '<%= config.bin %> localnet refresh --force --json']
  static override flags = {
    force: Flags.boolean({ description: 'Re-post every price, whatever its age.' }),
  }

  async run(): Promise<LocalnetRefreshResult> {
    const { flags } = await this.parse(LocalnetRefresh)
    const ctx = await this.context({ profile: flags.profile ?? 'local' })
    const { refreshLocalOracle } = await import('../../localnet/refresh.js')
    const res = await refreshLocalOracle(await ctx.clients(), {
      safe: ctx.profile.safe.address!,
      maxOracleAge: BigInt(ctx.profile.stabilizer.maxOracleAge),
      force: flags.force,
    })
    this.out(
      res.chains
        .map((c) =>
          c.refreshed.length
            ? `✔ chain ${c.chainId}: re-posted ${c.refreshed.join(', ')} (oldest was ${c.oldestAgeSec}s; tx ${c.txHash})`
            : `· chain ${c.chainId}: every price younger than ${res.maxOracleAge / 2n}s (oldest ${c.oldestAgeSec}s)`,
        )
        .join('\n'),
    )
    return res
  }
}
