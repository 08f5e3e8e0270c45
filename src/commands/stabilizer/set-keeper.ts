import { Args, Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import { VaultError } from '../../core/errors.js'
import type { setKeeper } from '../../keeper/admin.js'

/** JSON of `vault stabilizer set-keeper`. */
export type StabilizerSetKeeperResult = Awaited<ReturnType<typeof setKeeper>>

export default class StabilizerSetKeeper extends VaultCommand<StabilizerSetKeeperResult> {
  static override summary = 'Allow (or, with --remove, disallow) a keeper address to call executePrivateSwap.'
  static override description =
    `Builds setKeeper(address, allowed) on the Stabilizer; --safe proposes it to the Safe that owns it, otherwise it is sent with the owner key. Shows the call and asks for confirmation (--yes to skip).
Exit 3 for a malformed address; 5 when the call would revert (e.g. the key is not the owner).
JSON: {chainId, stabilizer, keeper, allowed, proposal? | sent?}`
  static override examples = [
    '<%= config.bin %> stabilizer set-keeper 0xKeeper… --safe',
    '<%= config.bin %> stabilizer set-keeper 0xKeeper… --remove --safe --yes --json',
  ]
  static override args = { keeper: Args.string({ description: 'Keeper address', required: true }) }
  static override flags = { ...chainFlags, ...routeFlags, remove: Flags.boolean({ description: 'Disallow instead.' }) }

  async run(): Promise<StabilizerSetKeeperResult> {
    const { args, flags } = await this.parse(StabilizerSetKeeper)
    if (!/^0x[0-9a-fA-F]{40}$/.test(args.keeper))
      throw new VaultError('ADDRESS_INVALID', `"${args.keeper}" is not an address`)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { route, confirm } = await this.writeRoute(flags, ctx)
    const { setKeeper } = await import('../../keeper/admin.js')
    const res = await setKeeper(await ctx.client(id), {
      keeper: args.keeper as `0x${string}`,
      allowed: !flags.remove,
      route,
      confirm,
    })
    const { renderProposed } = await import('../../cli/render/tx.js')
    this.out(res.proposal ? renderProposed(res.proposal) : `✔ ${res.description} (tx ${res.sent?.txHash})`)
    return res
  }
}
