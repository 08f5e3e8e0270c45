import type { Context } from '../config/context.js'
import type { AdminOp, AdminResult } from '../stabilizer/admin.js'
import type { RouteFlagValues } from '../tx/route.js'
import { VaultCommand } from './command.js'

/**
 * The Stabilizer's owner/guardian commands (add-pool, remove-pool, set-params --pool, pause, unpause,
 * set-guardian): each is one AdminOp, planned and checked by src/stabilizer/admin.ts, written through the
 * spine (simulate → confirm → send | propose) and rendered the same way. A command only names its operation
 * (`set-params` returns either this or its chain-wide result: hence the Result parameter).
 */
export abstract class StabilizerAdminCommand<Result = AdminResult> extends VaultCommand<Result> {
  protected async admin(
    flags: RouteFlagValues & { yes?: boolean; profile?: string; 'rpc-url'?: string[]; chain?: string },
    op: AdminOp | ((ctx: Context) => AdminOp),
  ): Promise<AdminResult> {
    const ctx = await this.context(flags, { oneChain: true })
    const opOf = typeof op === 'function' ? op(ctx) : op
    const { route, confirm } = await this.writeRoute(flags, ctx)
    const { performAdmin } = await import('../stabilizer/admin.js')
    const res = await performAdmin(await ctx.client(ctx.chainId), { op: opOf, route, confirm })
    const { renderAdmin } = await import('./render/stabilizer-registry.js')
    this.out(renderAdmin(res))
    return res
  }
}
