import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { OracleWriteResult } from '../../oracle/set.js'

export type { OracleWriteResult }

/** JSON of `vault oracle set`. */
export type OracleSetResult = OracleWriteResult

export default class OracleSet extends VaultCommand<OracleSetResult> {
  static override summary = 'Set oracle prices (USD per token) through the Safe, or with the owner key.'
  static override description =
    `Reads the current prices, checks each new one (never 0, never beyond 10^18 USD, and a move of at most the profile's oracle.maxMoveBps unless --allow-large-move), simulates setPrice/setPrices from the sender, asks for confirmation (--yes to skip), then with --safe writes one Safe proposal (the oracle is owned by the Safe) or sends it with the owner key. Several --price flags make one setPrices call.
Exit 0 proposed/sent · 3 bad input (ORACLE_PRICE_ZERO, ORACLE_PRICE_INSANE, ORACLE_PRICE_JUMP, TOKEN_UNKNOWN) and nothing sent · 4 chain · 5 the call would revert (e.g. the key is not the owner).
JSON: {chainId, oracle, changes: [{token, address, from?, to, moveBps?}], proposal? | sent?: [{txHash, from, gasUsed}]}`
  static override examples = [
    '<%= config.bin %> oracle set --price cEURT=1.0825 --safe',
    '<%= config.bin %> oracle set --price cUSDT=1 --price cUSDC=0.9998 --chain 651940 --safe --yes --json',
    '<%= config.bin %> oracle set --price cXAUC=3100 --allow-large-move --safe',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    price: Flags.string({
      description: 'SYMBOL=USD, e.g. cEURT=1.0825 (repeatable).',
      multiple: true,
      required: true,
    }),
    'allow-large-move': Flags.boolean({ description: 'Accept a move beyond oracle.maxMoveBps.' }),
  }

  async run(): Promise<OracleSetResult> {
    const { flags } = await this.parse(OracleSet)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { parsePriceArgs } = await import('../../cli/flags/oracle.js')
    const wanted = parsePriceArgs(flags.price)
    const { route, confirm } = await this.writeRoute(flags, ctx)
    const { setPrices } = await import('../../oracle/set.js')
    const res = await setPrices(await ctx.client(id), {
      prices: wanted,
      route,
      confirm,
      maxOracleAge: BigInt(ctx.profile.stabilizer.maxOracleAge),
      maxMoveBps: ctx.profile.oracle.maxMoveBps,
      allowLargeMove: flags['allow-large-move'],
    })
    const { renderOracleWrite } = await import('../../cli/render/oracle.js')
    this.out(renderOracleWrite(res))
    return res
  }
}
