import { chainFlags } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import { StabilizerAdminCommand } from '../../cli/stabilizer-admin.js'
import type { AdminResult } from '../../stabilizer/admin.js'

export type { AdminResult }

/** JSON of `vault stabilizer unpause`. */
export type StabilizerUnpauseResult = AdminResult

export default class StabilizerUnpause extends StabilizerAdminCommand<StabilizerUnpauseResult> {
  static override summary = 'Resume the Stabilizer after a pause (the owner only: propose it to the Safe).'
  static override description =
    `unpause() is owner-only: the guardian can stop the Stabilizer but never restart it. Refuses when it is not paused (STABILIZER_NOT_PAUSED); any other key is refused by the simulation (exit 5), nothing sent.\nJSON: {chainId, stabilizer, change: {paused: false}, proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> stabilizer unpause --safe',
    '<%= config.bin %> stabilizer unpause --chain 651940 --safe --yes --json',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
  }

  async run(): Promise<StabilizerUnpauseResult> {
    const { flags } = await this.parse(StabilizerUnpause)
    return this.admin(flags, { kind: 'unpause' })
  }
}
