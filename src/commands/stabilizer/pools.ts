import { chainFlags, VaultCommand } from '../../cli/command.js'
import type { StabilizerRegistry } from '../../stabilizer/registry.js'

/** JSON of `vault stabilizer pools`. */
export interface StabilizerPoolsResult {
  chains: StabilizerRegistry[]
}

export default class StabilizerPools extends VaultCommand<StabilizerPoolsResult> {
  static override summary = 'Every pool registered with the Stabilizer, its parameters and state, on both chains.'
  static override description =
    `For each chain of the profile (or --chain): the Stabilizer's owner, guardian, paused flag and chain-wide limits (gas price cap, oracle age, mesh threshold), and for every registered pool its Appendix A parameters (θ, N, W, MIN_BLOCKS, per-block cap, k, slippage cap), its execution state (last execution block, volume in the current block) and the contract's own checkDeviation verdict at the head; then the private mesh legs it routes through. Two batched reads per chain.
Exit 0 · 3 no stabilizer in the profile, or the address is not a multi-pool Stabilizer · 4 chain.
JSON: {chains: [{chainId, stabilizer, owner, guardian, paused, limits: {maxGasPrice, maxOracleAge, meshThresholdBps}, pools: [{address, pair, params: {thresholdBps, sustainBlocks, twapWindow, minBlocks, perBlockCap, kPerBps, maxSlippageBps}, state: {lastExecutionBlock, volumeBlock, volumeInBlock}, check: {deviationBps, shouldRebalance} | {error}}], mesh: [{token, leg}]}]}`
  static override examples = [
    '<%= config.bin %> stabilizer pools',
    '<%= config.bin %> stabilizer pools --chain 651940 --json',
    '<%= config.bin %> stabilizer pools --json | jq ".chains[].pools[].pair"',
  ]
  static override flags = { ...chainFlags }

  async run(): Promise<StabilizerPoolsResult> {
    const { flags } = await this.parse(StabilizerPools)
    const ctx = await this.context(flags)
    const { readRegistry } = await import('../../stabilizer/registry.js')
    const chains = await this.withSpinner('Reading the Stabilizer registry…', async () =>
      Promise.all((await ctx.clients()).map((client) => readRegistry(client))),
    )
    if (!this.jsonEnabled()) {
      const { renderRegistry } = await import('../../cli/render/stabilizer-registry.js')
      this.out(await renderRegistry(chains))
    }
    return { chains }
  }
}
