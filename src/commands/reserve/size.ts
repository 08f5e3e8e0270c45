import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { DEFAULT_CHAIN } from '../../config/schema.js'

import type { reserveSizeReport } from '../../reserve/size.js'

/** JSON of `vault reserve size`: P × T × safety and the buckets of the total. */
export type ReserveSizeResult = Awaited<ReturnType<typeof reserveSizeReport>>

export default class ReserveSize extends VaultCommand<ReserveSizeResult> {
  static override summary = 'Reserve ≥ P × T × safety (spec §7), and the capital buckets A–E for a total.'
  static override description =
    `P is the peak outflow in one minute, T the stabilization window in minutes (1–1440), safety the factor (1–10; the spec recommends 3–5, default: the profile's reserve.safety). Amounts are whole tokens; decimals are exact. Spec: --peak-outflow 10000 --window 5 → 50,000; ×3 → 150,000.
--from-chain takes P from the bridge reserve's BridgeOut events instead: the largest sum in one calendar minute over --lookback blocks, per token (--token, else the token with the largest peak in USD), and names that minute.
--total X prints the buckets A–E for a total of X under --policy (percent per bucket; default A=30,B=30,C=10,D=15,E=15).
Exit 0, or 3 for bad input (negative outflow, zero or over-a-day window, safety outside 1–10, a policy not summing to 100%).
JSON: {peakOutflowPerMin, windowMin, safety, base, required, recommended: {min, max}, safetyInRecommendedRange, unit, requiredBaseUnits?, decimals?, source?: {chainId, bridgeReserve, fromBlock, toBlock, token: {symbol, address, decimals, peak, minuteStart, minute, events, peakUsd?}, peaks: [...]}, buckets?: {total, policy, allocation: [{id, name, shareBps, amount}]}} (amounts as decimal strings of whole tokens; base units where named so).`
  static override examples = [
    '<%= config.bin %> reserve size --peak-outflow 10000 --window 5 --safety 3',
    '<%= config.bin %> reserve size --from-chain --chain 138 --token cUSDT --window 5 --lookback 50000',
    '<%= config.bin %> reserve size --total 1000000 --policy A=40,B=25,C=5,D=15,E=15 --json',
  ]
  static override flags = {
    ...chainFlags,
    'peak-outflow': Flags.string({
      description: 'P: peak outflow in one minute, whole tokens.',
      exclusive: ['from-chain'],
    }),
    window: Flags.string({ description: 'T: stabilization window in minutes.' }),
    safety: Flags.string({ description: 'Safety factor (spec: 3–5). Default: profile reserve.safety.' }),
    'from-chain': Flags.boolean({ description: 'Estimate P from BridgeOut events of the bridge reserve.' }),
    token: Flags.string({
      description: 'With --from-chain: the token (symbol or address).',
      dependsOn: ['from-chain'],
    }),
    lookback: Flags.integer({ description: 'With --from-chain: blocks to look back.', default: 10_000, min: 1 }),
    total: Flags.string({ description: 'Total capital to split into buckets A–E, whole tokens.' }),
    policy: Flags.string({
      description: 'Bucket shares in percent, e.g. A=30,B=30,C=10,D=15,E=15.',
      dependsOn: ['total'],
    }),
  }

  async run(): Promise<ReserveSizeResult> {
    const { flags } = await this.parse(ReserveSize)
    const needsProfile = flags.safety === undefined || flags['from-chain']
    const ctx = needsProfile ? await this.context(flags) : undefined
    const { reserveSizeReport } = await import('../../reserve/size.js')
    const id = ctx?.chainId ?? DEFAULT_CHAIN
    const fromChain =
      flags['from-chain'] && ctx
        ? async () => {
            const { peakFromChain } = await import('../../reserve/from-chain.js')
            return peakFromChain(await ctx.client(id), {
              token: flags.token,
              lookback: BigInt(flags.lookback),
            })
          }
        : undefined
    const report = await reserveSizeReport(
      {
        peakOutflow: flags['peak-outflow'],
        windowMin: flags.window,
        safety: flags.safety ?? String(ctx?.profile.reserve.safety ?? 3),
        total: flags.total,
        policy: flags.policy,
        defaultPolicy: ctx?.profile.reserve.policy,
      },
      fromChain,
    )
    if (!this.jsonEnabled()) {
      const { renderReserveSize } = await import('../../cli/render/models.js')
      this.out(renderReserveSize(report))
    }
    return report
  }
}
