import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { OracleWriteResult } from '../../oracle/set.js'

export type OracleSyncResult = OracleWriteResult & { source: 138 | 651940 }

export default class OracleSync extends VaultCommand<OracleSyncResult> {
  static override summary = "Bring Alltra's oracle prices to chain 138's where they differ beyond a tolerance."
  static override description =
    `Reads both oracles; for every token both chains know (by symbol) whose Alltra price differs from 138's by more than --tolerance bps (default: the profile's oracle.syncToleranceBps), plans one setPrices on Alltra with 138's prices. The same checks as \`oracle set\` apply (no zero, sanity bound). Through the Safe (--safe) or the owner key.
Nothing to change is exit 0 with no changes and nothing sent.
Exit 0 · 3 bad input · 4 a chain unreachable (both are needed) · 5 the call would revert.
JSON: {source: 138, chainId: 651940, oracle, changes: [{token, address, from?, to, moveBps?}], unchanged: [{token, gapBps}], proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> oracle sync --safe',
    '<%= config.bin %> oracle sync --tolerance 1 --safe --yes --json',
  ]
  static override flags = {
    'rpc-url': chainFlags['rpc-url'],
    ...routeFlags,
    tolerance: Flags.integer({ description: 'Gap (bps) below which a price is left alone.', min: 0, max: 10_000 }),
    'allow-large-move': Flags.boolean({ description: 'Accept a move beyond oracle.maxMoveBps.' }),
  }

  async run(): Promise<OracleSyncResult> {
    const { flags } = await this.parse(OracleSync)
    const ctx = await this.context(flags, { chain: 651940 })
    const { route, confirm } = await this.writeRoute(flags, ctx)
    const { syncPrices } = await import('../../oracle/set.js')
    const res = await syncPrices({
      from: await ctx.client(138),
      to: await ctx.client(651940),
      route,
      confirm,
      maxOracleAge: BigInt(ctx.profile.stabilizer.maxOracleAge),
      maxMoveBps: ctx.profile.oracle.maxMoveBps,
      allowLargeMove: flags['allow-large-move'],
      toleranceBps: flags.tolerance ?? ctx.profile.oracle.syncToleranceBps,
    })
    const { renderOracleWrite } = await import('../../cli/render/oracle.js')
    this.out(renderOracleWrite(res))
    return res as OracleSyncResult
  }
}
