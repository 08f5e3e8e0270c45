import { Flags } from '@oclif/core'
import type { PendingTransfer } from '../../bridge/pending.js'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { routeFlags } from '../../cli/flags/groups.js'
import type { ProposedResult } from '../../tx/call.js'

export interface BridgeRelayResult {
  relayed: (Pick<PendingTransfer, 'srcChainId' | 'dstChainId' | 'srcNonce' | 'symbol' | 'to' | 'amount'> & {
    txHash?: `0x${string}`
  })[]
  proposals: ProposedResult[]
}

export default class BridgeRelay extends VaultCommand<BridgeRelayResult> {
  static override summary = 'Release pending BridgeOut transfers on their destination chain (bridgeIn).'
  static override description =
    `Finds the transfers \`vault bridge pending\` lists and calls bridgeIn for each on the destination chain's BridgeReserve, with a relayer key (or, with --safe, proposes them to the Safe that owns the reserve). Each source nonce is released at most once by the contract, so a re-run is safe.
Every call is simulated first; shows the plan and asks for confirmation (--yes to skip).
Exit 0 when everything pending was relayed (or nothing was pending), 3 bad input (e.g. a token the destination profile does not know), 4 a chain unreachable, 5 a call would revert (e.g. the key is not a relayer).
JSON: {relayed: [{srcChainId, dstChainId, srcNonce, symbol, to, amount, txHash?}], proposals: [...]}`
  static override examples = [
    'VAULT_PRIVATE_KEY=0x… <%= config.bin %> bridge relay --yes',
    '<%= config.bin %> bridge relay --safe --json',
  ]
  static override flags = {
    'rpc-url': chainFlags['rpc-url'],
    ...routeFlags,
    lookback: Flags.integer({
      description: 'Blocks of BridgeOut history to read on each chain.',
      default: 10_000,
      min: 1,
    }),
  }

  async run(): Promise<BridgeRelayResult> {
    const { flags } = await this.parse(BridgeRelay)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags)
    const { pendingTransfers, relayAction } = await import('../../bridge/pending.js')
    const { pending } = await pendingTransfers(ctx, { lookback: BigInt(flags.lookback) })
    const result: BridgeRelayResult = { relayed: [], proposals: [] }
    if (pending.length === 0) {
      this.log('Nothing pending.')
      return result
    }
    const { perform } = await import('../../tx/perform.js')
    const { route, confirm } = await this.writeRoute(flags, ctx)
    for (const dst of [138, 651940] as const) {
      const batch = pending.filter((t) => t.dstChainId === dst)
      if (batch.length === 0) continue
      const client = await ctx.client(dst)
      const actions = batch.map((transfer) => relayAction(client, { transfer }))
      const done = await perform(client, { actions, route, confirm })
      if (done.proposal) result.proposals.push(done.proposal)
      for (const [n, t] of batch.entries()) {
        result.relayed.push({
          srcChainId: t.srcChainId,
          dstChainId: t.dstChainId,
          srcNonce: t.srcNonce,
          symbol: t.symbol,
          to: t.to,
          amount: t.amount,
          txHash: done.sent?.[n].txHash,
        })
      }
    }
    if (!json) {
      const { renderRelayed } = await import('../../cli/render/bridge.js')
      this.out(renderRelayed(result))
    }
    return result
  }
}
