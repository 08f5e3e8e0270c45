import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import type { ChainId } from '../../config/schema.js'
import type { StabilizerCheck as Check } from '../../stabilizer/check.js'

/** JSON of `vault stabilizer check`: the contract's verdict and the CLI's at the same block. */
export type StabilizerCheckResult = Pick<Check, 'stabilizer' | 'block' | 'h' | 'params' | 'contract' | 'agree'> & {
  chainId: ChainId
  pool: Check['cli']['pool']['address']
  pair: string
  cli: Pick<
    Check['cli']['evaluation'],
    'twapDeviationBps' | 'shouldRebalance' | 'sustainedBlocks' | 'verdict' | 'spotDeviationBps'
  >
}

export default class StabilizerCheck extends VaultCommand<StabilizerCheckResult> {
  static override summary = "The Stabilizer's checkDeviation() next to the CLI's own evaluation of the same rule."
  static override description =
    `Calls checkDeviation() on chain and evaluates the same rule (TWAP over W blocks vs the oracle peg, |deviation| > θ for ≥ N blocks) from archive prices, for the same block, with the contract's own parameters.
--pool picks the registered pool (default cUSDT/cUSDC, else the first registered).
Exit 0 when they agree; 2 when they disagree (a bug on one side: the output says which numbers differ); 3 an unknown or unregistered --pool.
JSON: {chainId, stabilizer, block, h, params, contract: {deviationBps, shouldRebalance, maxTradeSize, peg} | {error}, cli: {twapDeviationBps, shouldRebalance, sustainedBlocks, verdict, spotDeviationBps}, agree}`
  static override examples = [
    '<%= config.bin %> stabilizer check',
    '<%= config.bin %> stabilizer check --chain 651940 --json',
    '<%= config.bin %> stabilizer check --pool cUSDT/cXAUC',
  ]
  static override flags = {
    ...chainFlags,
    pool: Flags.string({
      description: 'The registered pool to check (BASE/QUOTE or address; default cUSDT/cUSDC, else the first).',
    }),
  }

  async run(): Promise<StabilizerCheckResult> {
    const { flags } = await this.parse(StabilizerCheck)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { checkStabilizer } = await import('../../stabilizer/check.js')
    const r = await this.withSpinner('Checking the stabilizer…', async () =>
      checkStabilizer(await ctx.client(id), { pool: flags.pool }),
    )
    if (!r.agree) this.setExit('condition')
    const e = r.cli.evaluation
    const data = {
      chainId: id,
      stabilizer: r.stabilizer,
      pool: r.cli.pool.address,
      pair: r.cli.pool.pair,
      block: r.block,
      h: r.h,
      params: r.params,
      contract: r.contract,
      cli: {
        twapDeviationBps: e.twapDeviationBps,
        shouldRebalance: e.shouldRebalance,
        sustainedBlocks: e.sustainedBlocks,
        verdict: e.verdict,
        spotDeviationBps: e.spotDeviationBps,
      },
      agree: r.agree,
    }
    if (!this.jsonEnabled()) {
      const { renderStabilizerCheck } = await import('../../cli/render/deviation.js')
      this.out(renderStabilizerCheck(data))
    }
    return data
  }
}
