import type { PendingReport } from '../../bridge/pending.js'
import type { BridgeRelayResult } from '../../commands/bridge/relay.js'
import { c } from '../color.js'
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
