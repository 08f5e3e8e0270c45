import { Flags } from '@oclif/core'
import { chainFlags } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import { parsePoolParamFlags, poolParamFlags } from '../../cli/flags/stabilizer.js'
import { StabilizerAdminCommand } from '../../cli/stabilizer-admin.js'
import type { AdminResult } from '../../stabilizer/admin.js'

export type { AdminResult }

/** JSON of `vault stabilizer add-pool`. */
export type StabilizerAddPoolResult = AdminResult

export default class StabilizerAddPool extends StabilizerAdminCommand<StabilizerAddPoolResult> {
  static override summary = 'Register a public pool with the Stabilizer, with its Appendix A parameters.'
  static override description =
    `Resolves --pool (BASE/QUOTE from the profile, or an address) and refuses, before anything is sent: an unknown pool (POOL_UNKNOWN), one already registered (POOL_ALREADY_REGISTERED), a private mesh leg (POOL_IS_PRIVATE), a pool without end-of-block prices (POOL_NOT_OBSERVABLE) and parameters outside the contract's bounds (PARAMS_INVALID). The parameters start from the profile's stabilizer.* defaults; flags override them. Proposed to the Safe with --safe, or sent with the owner key.\nJSON: {chainId, stabilizer, change: {pool, pair, params}, proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> stabilizer add-pool --pool cUSDT/cXAUC --safe',
    '<%= config.bin %> stabilizer add-pool --pool 0xPool… --threshold-bps 15 --chain 651940 --safe --yes --json',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    pool: Flags.string({ description: 'The pool: BASE/QUOTE from the profile, or its address.', required: true }),
    ...poolParamFlags,
  }

  async run(): Promise<StabilizerAddPoolResult> {
    const { flags } = await this.parse(StabilizerAddPool)
    const { stabilizerParamsOf } = await import('../../config/presets.js')
    return this.admin(flags, (ctx) => {
      const { thresholdBps, sustainBlocks, twapWindow, minBlocks, perBlockCap, kPerBps, maxSlippageBps } =
        stabilizerParamsOf(ctx.profile.stabilizer)
      const defaults = { thresholdBps, sustainBlocks, twapWindow, minBlocks, perBlockCap, kPerBps, maxSlippageBps }
      return { kind: 'add-pool', pool: flags.pool, params: { ...defaults, ...parsePoolParamFlags(flags) } }
    })
  }
}
