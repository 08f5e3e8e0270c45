import { Flags } from '@oclif/core'
import { chainFlags } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import { StabilizerAdminCommand } from '../../cli/stabilizer-admin.js'
import type { AdminResult } from '../../stabilizer/admin.js'

export type { AdminResult }

/** JSON of `vault stabilizer remove-pool`. */
export type StabilizerRemovePoolResult = AdminResult

export default class StabilizerRemovePool extends StabilizerAdminCommand<StabilizerRemovePoolResult> {
  static override summary = 'Unregister a pool from the Stabilizer (its params and state are forgotten).'
  static override description =
    `Refuses an unknown pool (POOL_UNKNOWN) and one that is not registered (POOL_NOT_REGISTERED) before anything is sent. Through the Safe (--safe) or the owner key.\nJSON: {chainId, stabilizer, change: {pool, pair}, proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> stabilizer remove-pool --pool cEURT/cXAUC --safe',
    '<%= config.bin %> stabilizer remove-pool --pool cEURT/cXAUC --chain 651940 --safe --yes --json',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    pool: Flags.string({ description: 'The pool: BASE/QUOTE from the profile, or its address.', required: true }),
  }

  async run(): Promise<StabilizerRemovePoolResult> {
    const { flags } = await this.parse(StabilizerRemovePool)
    return this.admin(flags, { kind: 'remove-pool', pool: flags.pool })
  }
}
