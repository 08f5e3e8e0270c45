import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'

import type { reserveCheck } from '../../reserve/check.js'

/** JSON of `vault reserve check`: the buckets on chain against the policy. */
export type ReserveCheckResult = Awaited<ReturnType<typeof reserveCheck>>

export default class ReserveCheck extends VaultCommand<ReserveCheckResult> {
  static override summary = 'On-chain holdings per capital bucket A–E, in USD, against the bucket policy.'
  static override description =
    `Values, by the oracle, what each bucket holds on the chains of the profile (or --chain):
  A public pools' reserves · B private mesh pools' reserves + stabilizer balances · C balances of contracts named flashLiquidity… in the profile (pools lend their own reserves, already in A; C is capital set aside for flash lending) · D bridge reserve balances · E the Safe's balances.
Each bucket's target is its --policy share (default: the profile's reserve.policy, A=30,B=30,C=10,D=15,E=15 unless changed; an assumption, the spec gives no shares) of the total: the sum held, or --total (USD). A bucket is short below target × (1 − --tolerance). With --peak-outflow (USD per minute), B must also hold P × --window × safety (profile reserve.safety or --safety), without tolerance. Two batched reads per chain.
Exit 0 when every bucket holds enough, 2 when any is short, 3 bad input, 4 chain unreachable.
JSON: {ok, chains, totalUsd, totalBasis: "held"|"given", heldUsd, policy, toleranceBps, stabilizationRequiredUsd?, totalShortUsd, buckets: [{id, name, haveUsd, targetUsd, needUsd, shortUsd, ok, shareBps, policyBps, basis}], holdings: [{chainId, bucket, holder, holderAddress, token, tokenAddress, amount, decimals, usd}], unpriced: [...]} (USD amounts in 1e18 fixed point, token amounts in base units, all as decimal strings).`
  static override examples = [
    '<%= config.bin %> reserve check',
    '<%= config.bin %> reserve check --total 2000000 --policy A=40,B=30,C=0,D=20,E=10 --tolerance 0',
    '<%= config.bin %> reserve check --chain 138 --peak-outflow 10000 --window 5 --json',
  ]
  static override flags = {
    ...chainFlags,
    total: Flags.string({ description: 'Planned total capital in USD (default: the sum held).' }),
    policy: Flags.string({ description: 'Bucket shares in percent, e.g. A=30,B=30,C=10,D=15,E=15.' }),
    tolerance: Flags.string({
      description: 'How far (percent of its target) a bucket may fall short (default: profile reserve.toleranceBps).',
    }),
    'peak-outflow': Flags.string({
      description: 'Stabilization peak outflow P in USD per minute (adds B ≥ P×T×safety).',
    }),
    window: Flags.string({ description: 'T for --peak-outflow, minutes.', default: '5' }),
    safety: Flags.string({ description: 'Safety factor for --peak-outflow (default: profile reserve.safety).' }),
  }

  async run(): Promise<ReserveCheckResult> {
    const { flags } = await this.parse(ReserveCheck)
    const ctx = await this.context(flags)
    const { parsePolicy, parseWhole } = await import('../../reserve/size.js')
    const { reserveCheck } = await import('../../reserve/check.js')
    const P = flags['peak-outflow']
    const report = await reserveCheck(await ctx.clients(), {
      safe: ctx.profile.safe.address,
      policy: parsePolicy(flags.policy, ctx.profile.reserve.policy),
      toleranceBps:
        flags.tolerance === undefined
          ? ctx.profile.reserve.toleranceBps
          : Number(parseWhole(flags.tolerance, 'Tolerance (percent)', 2)),
      totalUsd: flags.total === undefined ? undefined : parseWhole(flags.total, 'Total capital (USD)'),
      stabilization:
        P === undefined
          ? undefined
          : {
              peakOutflowUsdPerMin: parseWhole(P, 'Peak outflow per minute (USD)'),
              windowMin: flags.window,
              safety: flags.safety ?? String(ctx.profile.reserve.safety),
            },
    })
    if (!report.ok) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderReserveCheck } = await import('../../cli/render/models.js')
      this.out(await renderReserveCheck(report))
    }
    return report
  }
}
