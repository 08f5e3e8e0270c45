import { chainFlags } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import { StabilizerAdminCommand } from '../../cli/stabilizer-admin.js'
import type { AdminResult } from '../../stabilizer/admin.js'

export type { AdminResult }

/** JSON of `vault stabilizer pause`. */
export type StabilizerPauseResult = AdminResult

export default class StabilizerPause extends StabilizerAdminCommand<StabilizerPauseResult> {
  static override summary =
    "Stop every stabilizer execution and mesh rebalance at once (the guardian's key, or the Safe)."
  static override description =
    `pause() may be sent by the guardian (one key: the fastest stop) or the owner. Refuses when already paused (STABILIZER_ALREADY_PAUSED); a key that is neither guardian nor owner is refused by the simulation (exit 5), nothing sent. Unpausing needs the owner (vault stabilizer unpause --safe).\nJSON: {chainId, stabilizer, change: {paused: true}, proposal? | sent?}`
  static override examples = [
    'VAULT_PRIVATE_KEY=$GUARDIAN_KEY <%= config.bin %> stabilizer pause --yes',
    '<%= config.bin %> stabilizer pause --chain 651940 --safe',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
  }

  async run(): Promise<StabilizerPauseResult> {
    const { flags } = await this.parse(StabilizerPause)
    return this.admin(flags, { kind: 'pause' })
  }
}
