import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { ReserveRebalanceResult } from '../../reserve/rebalance.js'

export type { ReserveRebalanceResult }

export default class ReserveRebalance extends VaultCommand<ReserveRebalanceResult> {
  static override summary = 'Propose the Safe transfers that bring the capital buckets back to the policy.'
  static override description =
    `Per chain, values the buckets as \`reserve check\` does, sets each bucket's target to its policy share (the profile's reserve.policy, or --policy) of the chain's holdings, and plans transfers from buckets above target to buckets below it, from the balances the Safe controls: its own (E), and through withdraw(token, to, amount) the stabilizer's inventory (B), flash liquidity (C) and the bridge reserve (D). Pool liquidity (A, private pools in B) cannot be moved by a transfer: a shortfall there is listed as unresolved (add liquidity). Each chain's transfers become one Safe proposal (MultiSend; the Safe owns every holder, so it is always a proposal); --dry-run only plans.
Exit 0 planned/proposed (also when nothing needs to move) · 3 bad input · 4 chain · 5 a call would revert.
JSON: {policy, chains: [{chainId, totalUsd, buckets: [{id, haveUsd, targetUsd, deltaUsd}], transfers: [{chainId, from: {bucket, holder, address}, to: {…}, token, tokenAddress, amount, usd}], unresolved: [{id, shortUsd}]}], proposals: [{chainId, proposal?, sent?}]} (USD in 1e18 fixed point, amounts in base units, as decimal strings)`
  static override examples = [
    '<%= config.bin %> reserve rebalance --dry-run',
    '<%= config.bin %> reserve rebalance --safe',
    '<%= config.bin %> reserve rebalance --chain 651940 --policy A=30,B=30,C=10,D=20,E=10 --safe --yes --json',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    policy: Flags.string({ description: 'Bucket shares in percent (default: profile reserve.policy).' }),
    'min-usd': Flags.string({ description: 'Skip moves smaller than this many USD.', default: '100' }),
    'dry-run': Flags.boolean({ description: 'Plan only: no proposal, nothing sent.' }),
  }

  async run(): Promise<ReserveRebalanceResult> {
    const { flags } = await this.parse(ReserveRebalance)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags)
    const { parsePolicy, parseWhole } = await import('../../reserve/size.js')
    const policy = parsePolicy(flags.policy, ctx.profile.reserve.policy)
    const minUsd = parseWhole(flags['min-usd'], 'Smallest move (USD)')
    const { resolveRoute } = await import('../../tx/route.js')
    const route = flags['dry-run'] ? undefined : await resolveRoute({ ...flags, safe: true }, ctx, json)
    const { confirmPlan } = await import('../../cli/prompt.js')
    const { reserveRebalance } = await import('../../reserve/rebalance.js')
    const res = await reserveRebalance(await ctx.clients(), {
      safe: ctx.profile.safe.address,
      policy,
      minUsd,
      dryRun: flags['dry-run'],
      route,
      confirm: (s) => confirmPlan(s, { yes: flags.yes, json }),
    })
    if (!json) {
      const { renderRebalance } = await import('../../cli/render/models.js')
      this.out(await renderRebalance(res))
    }
    return res
  }
}
