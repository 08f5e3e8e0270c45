import { Args } from '@oclif/core'
import { chainFlags } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import { StabilizerAdminCommand } from '../../cli/stabilizer-admin.js'
import type { AdminResult } from '../../stabilizer/admin.js'

export type { AdminResult }

/** JSON of `vault stabilizer set-guardian`. */
export type StabilizerSetGuardianResult = AdminResult

export default class StabilizerSetGuardian extends StabilizerAdminCommand<StabilizerSetGuardianResult> {
  static override summary = 'Name the guardian: the one key that can pause the Stabilizer at once.'
  static override description =
    `Refuses a guardian that is not allowed (GUARDIAN_NOT_ALLOWED): the zero address, the Stabilizer itself, or a contract (the guardian pauses with one key, in one transaction). Through the Safe (--safe) or the owner key.\nJSON: {chainId, stabilizer, change: {guardian, previous}, proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> stabilizer set-guardian 0xGuardian… --safe',
    '<%= config.bin %> stabilizer set-guardian 0xGuardian… --chain 651940 --safe --yes --json',
  ]
  static override args = {
    guardian: Args.string({ description: 'Guardian address (a key, not a contract)', required: true }),
  }
  static override flags = {
    ...chainFlags,
    ...routeFlags,
  }

  async run(): Promise<StabilizerSetGuardianResult> {
    const { args, flags } = await this.parse(StabilizerSetGuardian)
    return this.admin(flags, { kind: 'set-guardian', guardian: args.guardian })
  }
}
