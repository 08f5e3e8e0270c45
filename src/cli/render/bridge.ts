import type { ArbEvent } from '../../bridge/arb.js'
import type { PendingReport } from '../../bridge/pending.js'
import type { BridgeRelayResult } from '../../commands/bridge/relay.js'
import { c, ce } from '../color.js'
import { renderTable } from '../table.js'
import { renderProposed } from './tx.js'

export async function renderPending(r: PendingReport): Promise<string> {
  const head = r.chains.map((ch) =>
    c.dim(`${ch.chainId}: ${ch.bridgeOuts} BridgeOut in blocks ${ch.fromBlock}–${ch.toBlock}`),
  )
  if (r.pending.length === 0) return [...head, c.green('✔ Nothing pending')].join('\n')
  const rows = r.pending.map((p) => [
    `${p.srcChainId} → ${p.dstChainId}`,
    p.srcNonce,
    p.symbol,
    p.amount,
    p.to,
    p.blockNumber,
  ])
  const t = await renderTable(['from → to', 'nonce', 'token', 'amount', 'recipient', 'block'], rows)
  return [...head, t, c.yellow(`! ${r.pending.length} pending — \`vault bridge relay\` releases them`)].join('\n')
}

export function renderRelayed(r: BridgeRelayResult): string {
  const lines = r.relayed
    .filter((x) => x.txHash)
    .map((x) =>
      c.green(`✔ ${x.symbol} nonce ${x.srcNonce} ${x.srcChainId} → ${x.dstChainId} released (tx ${x.txHash})`),
    )
  return [...lines, ...r.proposals.map(renderProposed)].join('\n')
}

/** One line per parity-bot event (an unchanged spread is not repeated). */
export function arbPrinter(): (e: ArbEvent) => string | undefined {
  const last = new Map<string, string>()
  return (e) => {
    switch (e.kind) {
      case 'start':
        return `bot ${e.bot} watching ${e.pairs.join(', ')} on 138 and Alltra`
      case 'spread': {
        const text = `${e.pair} spread ${e.spreadBps} bps: ${e.action}${e.reason ? ` (${e.reason})` : ''}`
        if (last.get(e.pair) === text) return undefined
        last.set(e.pair, text)
        return text
      }
      case 'sent':
        return ce.cyan(
          `sent ${e.pair} on ${e.chainId}: sell ${e.amountIn} ${e.side} (spread ${e.spreadBps} → ${e.spreadAfterBps} bps, tx ${e.txHash})`,
        )
      case 'executed':
        return ce.green(`executed ${e.pair} on ${e.chainId} in block ${e.block}`)
      case 'failed':
        return ce.red(`failed ${e.pair} on ${e.chainId}: ${e.reason} (tx ${e.txHash})`)
      case 'approve':
        return `approved the router for ${e.token} on ${e.chainId} (tx ${e.txHash})`
      case 'bridge-out':
        return ce.cyan(
          `bridged ${e.amount} base units of ${e.symbol} from ${e.chainId} to ${e.dstChainId} (inventory low there; tx ${e.txHash})`,
        )
      case 'bridge-in':
        return ce.green(`${e.symbol} refill arrived on ${e.chainId} (source nonce ${e.srcNonce})`)
      case 'error':
        return ce.red(`error: ${e.message}`)
      case 'stop':
        return `stopped after ${e.summary.rounds} rounds: ${e.summary.trades} legs sent, ${e.summary.bridgeTransfers} bridge refills, ${e.summary.failures} failed, ${e.summary.errors} errors`
    }
  }
}
