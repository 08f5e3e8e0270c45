import { Flags } from '@oclif/core'
import type { PendingReport } from '../../bridge/pending.js'
import { chainFlags, VaultCommand } from '../../cli/command.js'

export type BridgePendingResult = PendingReport

export default class BridgePending extends VaultCommand<BridgePendingResult> {
  static override summary = 'BridgeOut transfers on either chain not yet released by bridgeIn on the other.'
  static override description =
    `Reads BridgeOut events of each chain's BridgeReserve over the last --lookback blocks and asks the other chain's reserve whether each source nonce was processed. Both chains must answer.
Exit 0 when nothing is pending, 2 when some transfer is pending, 4 when a chain is unreachable.
JSON: {chains: [{chainId, bridgeReserve, fromBlock, toBlock, bridgeOuts}], pending: [{srcChainId, dstChainId, srcNonce, symbol, srcToken, dstToken, from, to, amount, blockNumber, txHash}]} (amounts in base units, as decimal strings).`
  static override examples = [
    '<%= config.bin %> bridge pending',
    '<%= config.bin %> bridge pending --lookback 50000 --json',
  ]
  static override flags = {
    'rpc-url': chainFlags['rpc-url'],
    lookback: Flags.integer({
      description: 'Blocks of BridgeOut history to read on each chain.',
      default: 10_000,
      min: 1,
    }),
  }

  async run(): Promise<BridgePendingResult> {
    const { flags } = await this.parse(BridgePending)
    const ctx = await this.context(flags)
    const { pendingTransfers } = await import('../../bridge/pending.js')
    const report = await this.withSpinner('Reading bridge transfers on both chains', () =>
      pendingTransfers(ctx, { lookback: BigInt(flags.lookback) }),
    )
    if (report.pending.length > 0) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderPending } = await import('../../cli/render/bridge.js')
      this.out(await renderPending(report))
    }
    return report
  }
}
