import { Flags } from '@oclif/core'
import { chainFlags } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import { StabilizerAdminCommand } from '../../cli/stabilizer-admin.js'
import type { AdminResult } from '../../stabilizer/admin.js'
import type { updateParams } from '../../stabilizer/params.js'

/** JSON of `vault stabilizer set-params`: the chain-wide update, or with --pool one pool's params. */
export type StabilizerSetParamsResult = StabilizerParamsUpdate | AdminResult

/** Without --pool: the diff, the new params, and the proposal or the sent transaction. */
export type StabilizerParamsUpdate = Awaited<ReturnType<typeof updateParams>>

const int = (description: string) => Flags.string({ description, helpGroup: 'PARAMETERS' })

export default class StabilizerSetParams extends StabilizerAdminCommand<StabilizerSetParamsResult> {
  static override summary = "Change the Stabilizer's parameters (setParams), through the Safe or with the owner key."
  static override description =
    `Reads the current on-chain params, overrides the given ones, validates the result (1 ≤ twapWindow, sustainBlocks ≤ 1024; minBlocks ≥ 1; thresholdBps ≥ 1; maxSlippageBps ≤ 10000; non-zero cap, gas cap and oracle age), shows the diff and the simulated call, asks for confirmation (--yes to skip), then with --safe writes a Safe proposal (the Stabilizer is owned by the Safe) or sends it with the owner key. --from-profile takes every value the profile has (stabilizer.*). Amounts are base units; gas price in gwei; oracle age in seconds.
Exit codes: 0 proposed/sent · 3 invalid values, nothing to change, or the key is not the owner · 4 chain · 5 revert.
JSON: {chainId, stabilizer, owner, changes: [{name, from, to}], params, proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> stabilizer set-params --threshold-bps 25 --safe',
    '<%= config.bin %> stabilizer set-params --sustain-blocks 2 --min-blocks 1 --safe --chain 651940 --yes --json',
    '<%= config.bin %> stabilizer set-params --from-profile --safe',
    '<%= config.bin %> stabilizer set-params --pool cUSDT/cXAUC --threshold-bps 15 --safe',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    'threshold-bps': int('Deviation band θ in bps.'),
    'sustain-blocks': int('N: blocks the deviation must hold.'),
    'twap-window': int('W: TWAP window in blocks.'),
    'min-blocks': int('MIN_BLOCKS between executions.'),
    'per-block-cap': int('Per-block volume cap (base units).'),
    'k-per-bps': int('Trade size per bp of deviation (base units).'),
    'max-slippage-bps': int('Slippage cap in bps.'),
    'max-gas-price-gwei': Flags.string({ description: 'Gas price cap in gwei.', helpGroup: 'PARAMETERS' }),
    'max-oracle-age': int('Oldest oracle price accepted, seconds.'),
    'from-profile': Flags.boolean({ description: 'Use the profile’s stabilizer.* values (flags still win).' }),
    pool: Flags.string({
      description:
        'The registered pool to change (BASE/QUOTE or address): setParams(pool, …) with only its own params.',
      exclusive: ['from-profile', 'max-gas-price-gwei', 'max-oracle-age'],
    }),
  }

  async run(): Promise<StabilizerSetParamsResult> {
    const { flags } = await this.parse(StabilizerSetParams)
    if (flags.pool) {
      const { parsePoolParamFlags } = await import('../../cli/flags/stabilizer.js')
      return this.admin(flags, { kind: 'set-params', pool: flags.pool, overrides: parsePoolParamFlags(flags) })
    }
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { parseParamFlags } = await import('../../cli/flags/stabilizer.js')
    const { profileParams, updateParams } = await import('../../stabilizer/params.js')
    const overrides = {
      ...(flags['from-profile'] ? profileParams(ctx.profile.stabilizer) : {}),
      ...parseParamFlags(flags),
    }
    const { route, confirm } = await this.writeRoute(flags, ctx)
    const res = await updateParams(await ctx.client(id), { overrides, route, confirm })
    const { renderSetParams } = await import('../../cli/render/stabilizer.js')
    this.out(renderSetParams(res))
    return res
  }
}
