import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'

import type { bridgeCheck } from '../../reserve/bridge.js'

/** JSON of `vault bridge check`: buffers against peak outflow × latency, and the spreads between the chains. */
export type BridgeCheckResult = Awaited<ReturnType<typeof bridgeCheck>>

export default class BridgeCheck extends VaultCommand<BridgeCheckResult> {
  static override summary =
    'Bridge buffers (reserve ≥ peak outflow × latency) and cross-chain price spread, 138 vs Alltra.'
  static override description =
    `On both chains, per token: BridgeReserve.reserveOf(token) ≥ PeakBridgeOutflow × L (spec §9).
A BridgeOut on one chain is paid out of the other chain's reserve, so each reserve is sized by the peak per-minute BridgeOut flow bound for it from the other chain (calendar minutes, over the last --lookback blocks there; tokens matched by symbol). L: --latency minutes, else the profile's bridge.latencyMin.
Per public pool pair named in both chains' profiles: |P138 − PAlltra| / min(P) against --spread-bps (default the §16 target, < 15 bps), prices per whole token.
Exit 0 when every buffer and spread passes, 2 when any fails, 3 bad input or missing config, 4 a chain is unreachable.
JSON: {ok, latencyMin, lookback, spreadThresholdBps, chains: [{chainId, bridgeReserve, fromBlock, toBlock, bridgeOutEvents}], buffers: [{chainId, token, address, decimals, reserve, peakOutflowPerMin, required, ok, shortfall, coverageBps, outflowFrom, peakMinute, events}], spreads: [{pair, price138, priceAlltra, spreadBps, thresholdBps, ok, cheaperOn, error?}]} (amounts in base units, prices per whole token in 1e18, as decimal strings).`
  static override examples = [
    '<%= config.bin %> bridge check',
    '<%= config.bin %> bridge check --latency 10 --lookback 50000 --json',
  ]
  static override flags = {
    'rpc-url': chainFlags['rpc-url'],
    latency: Flags.string({ description: 'Bridge latency L in minutes (default: profile bridge.latencyMin).' }),
    lookback: Flags.integer({
      description: 'Blocks of BridgeOut history to read on each chain.',
      default: 10_000,
      min: 1,
    }),
    'spread-bps': Flags.integer({ description: 'Cross-chain spread threshold in bps.', default: 15, min: 1 }),
  }

  async run(): Promise<BridgeCheckResult> {
    const { flags } = await this.parse(BridgeCheck)
    const ctx = await this.context(flags)
    const { bridgeCheck } = await import('../../reserve/bridge.js')
    const report = await bridgeCheck(ctx, {
      lookback: BigInt(flags.lookback),
      latencyMin: flags.latency ?? String(ctx.profile.bridge.latencyMin),
      spreadThresholdBps: BigInt(flags['spread-bps']),
    })
    if (!report.ok) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderBridgeCheck } = await import('../../cli/render/models.js')
      this.out(await renderBridgeCheck(report))
    }
    return report
  }
}
