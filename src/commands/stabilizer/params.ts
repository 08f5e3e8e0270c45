import { chainFlags, VaultCommand } from '../../cli/command.js'
import type { StabilizerParams as Params } from '../../stabilizer/check.js'
import type { ParamName, StabilizerOnChain } from '../../stabilizer/params.js'

/** JSON of `vault stabilizer params`: on chain, the profile's values, and the names that differ. */
export type StabilizerParamsResult = StabilizerOnChain & { profile: Partial<Params>; differs: ParamName[] }

export default class StabilizerParams extends VaultCommand<StabilizerParamsResult> {
  static override summary = "The Stabilizer's on-chain parameters next to the profile's."
  static override description =
    `Reads params() from the Stabilizer of the chosen chain and lists each parameter beside the profile's stabilizer.* value (maxGasPrice in wei; the profile keeps gwei).
Always exit 0 when read; differences are shown, not judged (\`vault lint\` judges them).
JSON: {chainId, stabilizer, owner, pool, params: {thresholdBps, sustainBlocks, twapWindow, minBlocks, perBlockCap, kPerBps, maxSlippageBps, maxGasPrice, maxOracleAge}, profile: {…}, differs: [names]}`
  static override examples = [
    '<%= config.bin %> stabilizer params',
    '<%= config.bin %> stabilizer params --chain 651940 --json',
  ]
  static override flags = { ...chainFlags }

  async run(): Promise<StabilizerParamsResult> {
    const { flags } = await this.parse(StabilizerParams)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { compareParams, profileParams, readStabilizer } = await import('../../stabilizer/params.js')
    const s = await readStabilizer(await ctx.client(id))
    const profile = profileParams(ctx.profile.stabilizer)
    const rows = compareParams(s.params, profile)
    const { renderParams } = await import('../../cli/render/stabilizer.js')
    this.out(await renderParams({ ...s, rows }))
    return { ...s, profile, differs: rows.filter((r) => r.differs).map((r) => r.name) }
  }
}
