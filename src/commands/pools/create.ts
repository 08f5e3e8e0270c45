import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'

export default class PoolsCreate extends VaultCommand {
  static override summary = 'Create a DODO PMM pool through DODOPMMIntegration (or the spec’s four public pools).'
  static override description =
    `Validates the tokens (code, decimals), computes i from the price, refuses a pair that already has a pool (exit 3, unless --allow-duplicate), shows the call and its cost, asks for confirmation (--yes to skip), then sends it with a key or, with --safe, writes a Safe proposal for the owners to sign. A new pool is read back and must hold the intended tokens, i, k, fee and TWAP flag and refuse a second init.
--public-set creates cUSDT/cUSDC, cUSDT/cXAUC, cUSDC/cXAUC and cEURT/cXAUC at oracle prices, skipping existing ones (idempotent). TWAP is on by default: it cannot be switched on later and the stabilizer needs it.
JSON: single pool {pool, base, quote, i, k, lpFeeRate, isOpenTWAP, status, txHash}; --public-set {pools: [...], proposal?}`
  static override examples = [
    '<%= config.bin %> pools create --base cUSDT --quote cUSDC --price 1 --k 0.1 --fee 0.3',
    '<%= config.bin %> pools create --public-set --yes',
    '<%= config.bin %> pools create --public-set --safe',
  ]
  static override flags = {
    ...chainFlags,
    ...routeFlags,
    base: Flags.string({ description: 'Base token symbol or address.', exclusive: ['public-set'] }),
    quote: Flags.string({ description: 'Quote token symbol or address.', exclusive: ['public-set'] }),
    price: Flags.string({ description: 'Initial price, quote per base (default with --public-set: the oracle’s).' }),
    k: Flags.string({ description: 'Curve k in [0, 1].', default: '0.1' }),
    fee: Flags.string({ description: 'LP fee in percent, 0–10.', default: '0.3' }),
    twap: Flags.boolean({
      description: 'Open the pool TWAP (cannot be turned on later).',
      default: true,
      allowNo: true,
    }),
    'allow-duplicate': Flags.boolean({ description: 'Create even if the pair already has a pool.' }),
    'public-set': Flags.boolean({
      description: 'The four public pools of the spec, at oracle prices; skips existing.',
    }),
  }

  async run() {
    const { flags } = await this.parse(PoolsCreate)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { askText, askToken, confirmPlan } = await import('../../cli/prompt.js')
    const tokens = ctx.chainSettings(id).tokens
    const base = flags['public-set']
      ? undefined
      : (flags.base ?? (await askToken('base', 'Base token', tokens, { json })))
    const quote = flags['public-set']
      ? undefined
      : (flags.quote ?? (await askToken('quote', 'Quote token', tokens, { json })))
    const price =
      flags.price ??
      (flags['public-set'] ? 'fromOracle' : await askText('price', `Price of 1 ${base} in ${quote}`, { json }))
    if (!flags.twap) this.warn('TWAP off: it cannot be switched on after creation, and the stabilizer needs it.')
    const { resolveRoute } = await import('../../tx/route.js')
    const route = await resolveRoute(flags, ctx, json)
    const { createPools } = await import('../../pools/create-flow.js')
    const res = await createPools(await ctx.client(id), ctx.chainSettings(id), {
      publicSet: flags['public-set'],
      spec: {
        base,
        quote,
        price,
        k: flags.k,
        fee: flags.fee,
        twap: flags.twap,
        allowDuplicate: flags['allow-duplicate'],
      },
      route,
      confirm: (summary) => confirmPlan(summary, { yes: flags.yes, json }),
      onStep: (line) => this.note(line),
    })
    const { renderCreated } = await import('../../cli/render/tx.js')
    this.out(renderCreated(res))
    return flags['public-set'] ? res : { ...res.pools[0], proposal: res.proposal }
  }
}
