import { Args, Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../tx/route.js'

export default class PoolsAddLiquidity extends VaultCommand {
  static override summary = 'Provide liquidity to a pool: send base and quote, then buy LP shares.'
  static override description =
    `Sends --base and --quote (token amounts) to the pool and calls buyShares for the provider: the key's
address, or the Safe with --safe (one atomic MultiSend batch proposed to the owners). Shows the calls and asks for
confirmation (--yes to skip). Exit 3 for bad amounts or an unknown pool, 5 when a call would revert.
JSON: {pool, pair, base, quote, provider, txHashes?, proposal?}`
  static override examples = [
    '<%= config.bin %> pools add-liquidity cUSDT/cUSDC --base 100000 --quote 50000',
    '<%= config.bin %> pools add-liquidity cEURT/cXAUC --base 10000 --quote 4 --safe',
  ]
  static override args = { pool: Args.string({ description: 'Pool address or BASE/QUOTE pair', required: true }) }
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    base: Flags.string({ description: 'Base token amount to add.', required: true }),
    quote: Flags.string({ description: 'Quote token amount to add.', default: '0' }),
  }

  async run() {
    const { args, flags } = await this.parse(PoolsAddLiquidity)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags, flags.chain ? undefined : 138)
    const id = ctx.selectedChain ?? 138
    const client = await ctx.client(id)
    const { resolveRoute } = await import('../../tx/route.js')
    const route = await resolveRoute(flags, ctx, json)
    const { planAddLiquidity } = await import('../../pools/liquidity.js')
    const plan = await planAddLiquidity(client, ctx.chainSettings(id), {
      pool: args.pool,
      base: flags.base,
      quote: flags.quote,
      route,
    })
    const { confirmPlan } = await import('../../cli/prompt.js')
    await confirmPlan(plan.actions.map((a) => a.description).join('\n'), { yes: flags.yes, json })
    const { proposeAction, sendAction } = await import('../../tx/act.js')
    const out = {
      pool: plan.pool.address,
      pair: plan.pool.pair,
      base: plan.base,
      quote: plan.quote,
      provider: plan.provider,
    }
    if (route.kind === 'safe') {
      const proposal = await proposeAction(client, plan.actions, route)
      const { renderProposed } = await import('../../cli/render/tx.js')
      this.out(renderProposed(proposal))
      return { ...out, proposal }
    }
    const txHashes = []
    for (const a of plan.actions) txHashes.push((await sendAction(client, a, route.key)).txHash)
    this.out(`✔ Added liquidity to ${plan.pool.pair} for ${plan.provider} (${txHashes.length} transactions)`)
    return { ...out, txHashes }
  }
}
