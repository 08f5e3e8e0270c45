import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { CHAIN_IDS } from '../../config/schema.js'
import type { CreatedPool, PoolsCreateResult } from '../../pools/create-flow.js'

export type { CreatedPool, PoolsCreateResult }

export default class PoolsCreate extends VaultCommand<PoolsCreateResult> {
  static override summary =
    'Create PMM pools seeded at the peg and registered with the Stabilizer (one or both chains).'
  static override description =
    `Solves the initial price i so the pool opens at the oracle's price (or --price) for its seed amounts (a vending machine does not quote at i), and refuses (exit 3, SEED_OFF_PEG) when the opening mid would be more than θ (profile stabilizer.thresholdBps) off the oracle, unless --accept-off-peg. Each pool is created, seeded (approve + addLiquidity from the payer: the key, or the Safe) and registered with the Stabilizer (addPool with the profile's per-pool params): with --safe all of a chain's pools go as ONE MultiSend batch, all or nothing; with a key as transactions in order after the whole sequence was simulated. Every chain is simulated before one confirmation. Pools that exist on chain are recorded in the profile (chains.<id>.pools); an existing pool the Stabilizer lacks is registered. A refused plan sends and writes nothing.
--public-set: cUSDT/cUSDC, cUSDT/cXAUC, cUSDC/cXAUC and cEURT/cXAUC at oracle prices, skipping existing ones (idempotent). --chain all: both chains (138 and 651940). TWAP is on by default: it cannot be switched on later and the Stabilizer needs it.
JSON: {pools: [{chainId, pair, pool, base, quote, i, k, lpFeeRate, isOpenTWAP, baseAmount, quoteAmount, midPrice, oraclePrice, offPegBps, status: created|proposed|exists, stabilizer: registered|proposed|not registered, recorded, txHash?}], proposals: [...], warnings: [...]}`
  static override examples = [
    '<%= config.bin %> pools create --base cUSDT --quote cUSDC --base-amount 1000000 --safe',
    '<%= config.bin %> pools create --public-set --base-amount 1000000 --chain all --safe --yes',
    '<%= config.bin %> pools create --base cEURT --quote cUSDT --base-amount 5000 --price 1.1 --accept-off-peg --yes',
  ]
  static override flags = {
    ...chainFlags,
    chain: Flags.string({
      description: 'Chain to create on: 138, 651940, or all (both).',
      options: ['138', '651940', 'all'],
      helpGroup: 'CHAIN',
    }),
    ...routeFlags,
    base: Flags.string({ description: 'Base token symbol or address.', exclusive: ['public-set'] }),
    quote: Flags.string({ description: 'Quote token symbol or address.', exclusive: ['public-set'] }),
    price: Flags.string({
      description: 'Price to open at, quote per base (default: the oracle’s); judged against the oracle and θ.',
    }),
    'base-amount': Flags.string({ description: 'Base tokens to seed each pool with (whole tokens, e.g. 1000000).' }),
    'quote-amount': Flags.string({
      description: 'Quote tokens to seed with (default: the base amount’s value at the price).',
      exclusive: ['public-set'],
    }),
    k: Flags.string({ description: 'Curve k in [0, 1].', default: '0.1' }),
    fee: Flags.string({ description: 'LP fee in percent, 0–10.', default: '0.3' }),
    twap: Flags.boolean({
      description: 'Open the pool TWAP (cannot be turned on later; the Stabilizer needs it).',
      default: true,
      allowNo: true,
    }),
    'allow-duplicate': Flags.boolean({ description: 'Create even if the pair already has a pool.' }),
    'accept-off-peg': Flags.boolean({
      description: 'Go on (with a warning) when a pool would open more than θ off the oracle.',
    }),
    'public-set': Flags.boolean({
      description: 'The four public pools of the spec, at oracle prices; skips existing.',
    }),
  }

  async run(): Promise<PoolsCreateResult> {
    const { flags } = await this.parse(PoolsCreate)
    const json = this.jsonEnabled()
    const all = flags.chain === 'all'
    const ctx = await this.context({ ...flags, chain: all ? undefined : flags.chain }, { oneChain: !all })
    const chains: (typeof CHAIN_IDS)[number][] = all ? [138, 651940] : [ctx.chainId]
    const { askText, askToken } = await import('../../cli/prompt.js')
    const tokens = (await ctx.client(chains[0])).deployment.tokens
    const pick = async (flag: 'base' | 'quote', label: string) =>
      flags['public-set'] ? undefined : (flags[flag] ?? (await askToken(flag, label, tokens, { json })))
    const base = await pick('base', 'Base token')
    const quote = await pick('quote', 'Quote token')
    const baseAmount =
      flags['base-amount'] ?? (await askText('base-amount', 'Base tokens to seed each pool with', { json }))
    if (!flags.twap) this.warn('TWAP off: it cannot be switched on after creation, and the Stabilizer needs it.')
    const { route, confirm } = await this.writeRoute(flags, ctx)
    const { createPools } = await import('../../pools/create-flow.js')
    const res = await createPools(
      {
        chains,
        client: ctx.client,
        profileName: ctx.profileName,
        profile: ctx.profile,
      },
      {
        publicSet: flags['public-set'],
        spec: {
          base,
          quote,
          price: flags.price,
          baseAmount,
          quoteAmount: flags['quote-amount'],
          k: flags.k,
          fee: flags.fee,
          twap: flags.twap,
          allowDuplicate: flags['allow-duplicate'],
        },
        acceptOffPeg: flags['accept-off-peg'],
        route,
        confirm,
        onStep: (line) => this.note(line),
      },
    )
    const { renderCreated } = await import('../../cli/render/tx.js')
    this.out(renderCreated(res))
    return res
  }
}
