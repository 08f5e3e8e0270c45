import { chainFlags, VaultCommand } from '../cli/command.js'
import { exitStatus } from '../cli/exit.js'

import type { chainStatus } from '../status/status.js'
import type { systemStatus } from '../status/system.js'

/** JSON of `vault status`: each chain (with the system's state when reachable) and the first failure. */
export interface StatusResult {
  profile: string
  chains: (Awaited<ReturnType<typeof chainStatus>> & { system?: Awaited<ReturnType<typeof systemStatus>> })[]
  error?: { code: string; exit: number; message: string }
}

export default class Status extends VaultCommand<StatusResult> {
  static override summary =
    'One screen of health: chains, heads, gas, contracts, oracle age, pool deviation, stabilizer inventory.'
  static override description =
    `For each chain of the profile: RPC reachable (latency), chain id, head block and its age, gas price, and for every configured contract, token and pool whether it has code (tokens: symbol and decimals).
Then the system: the oldest oracle price's age against stabilizer.maxOracleAge, each pool's (public and private) spot deviation from its oracle peg, and the stabilizer's inventory per token (with its USD value).
Reads are batched: a few round trips per chain.
Exit 4 when a chain is unreachable or reports the wrong chain id (after showing what it could).
JSON: {profile, chains: [{chainId, reachable, latencyMs, headBlock, headAgeSec, gasPrice, multicall, contracts: [{name, kind, address, hasCode, symbol?, decimals?}], error?, system?: {oracle?: {oracle, oldestAgeSec, maxOracleAge, stale}, pools: [{pair, kind, address, deviationBps}], inventory: [{token, amount, decimals, usd?}]}}], error?}`
  static override examples = [
    '<%= config.bin %> status',
    '<%= config.bin %> status --profile mainnet --chain 138',
    '<%= config.bin %> status --json | jq ".chains[].headBlock"',
  ]
  static override flags = { ...chainFlags }

  async run(): Promise<StatusResult> {
    const { flags } = await this.parse(Status)
    const ctx = await this.context(flags)
    const { chainStatus } = await import('../status/status.js')
    const { systemStatus } = await import('../status/system.js')
    const maxAge = BigInt(ctx.profile.stabilizer.maxOracleAge)
    const chains = await this.withSpinner('Checking chains…', () =>
      Promise.all(
        ctx.chains().map(async (id) => {
          const client = await ctx.client(id)
          const status = await chainStatus(client)
          if (!status.reachable) return status
          return { ...status, system: await systemStatus(client, { maxOracleAge: maxAge }) }
        }),
      ),
    )
    if (!this.jsonEnabled()) {
      const { renderStatus } = await import('../cli/render/status.js')
      this.out(await renderStatus(ctx.profileName, chains))
    }
    if (!flags.chain) {
      const { CHAIN_IDS } = await import('../config/schema.js')
      for (const id of CHAIN_IDS.filter((c) => !ctx.chains().includes(c)))
        this.note(
          `chain ${id}: no RPC URL in profile ${ctx.profileName}${id === 651940 ? ' (set VAULT_ALLTRA_RPC_URL or chains.651940.rpcUrls)' : ''}`,
        )
    }
    const down = chains.filter((c) => !c.reachable)
    if (chains.length === 0 || down.length) this.setExit('chain')
    const error = down.length
      ? {
          code: down[0].error?.code ?? 'CHAIN_UNREACHABLE',
          exit: exitStatus.chain,
          message: down.map((c) => c.error?.message).join('; '),
        }
      : chains.length === 0
        ? { code: 'NO_CHAINS', exit: exitStatus.chain, message: 'No chain has an RPC URL in this profile' }
        : undefined
    return { profile: ctx.profileName, chains, error }
  }
}
