import { chainFlags, VaultCommand } from '../../cli/command.js'

export default class StabilizerParams extends VaultCommand {
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

  async run() {
    const { flags } = await this.parse(StabilizerParams)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { compareParams, profileParams, readStabilizer } = await import('../../stabilizer/params.js')
    const s = await readStabilizer(await ctx.client(id), ctx.chainSettings(id))
    const profile = profileParams(ctx.profile.stabilizer)
    const rows = compareParams(s.params, profile)
    const { renderParams } = await import('../../cli/render/stabilizer.js')
    this.out(await renderParams({ ...s, rows }))
    return { ...s, profile, differs: rows.filter((r) => r.differs).map((r) => r.name) }
  }
}
