import { formatAmount } from '../../core/format.js'
import type { AdminResult } from '../../stabilizer/admin.js'
import type { HistoryResult } from '../../stabilizer/history.js'
import type { StabilizerRegistry } from '../../stabilizer/registry.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'
import { renderProposed } from './tx.js'

export async function renderRegistry(chains: StabilizerRegistry[]): Promise<string> {
  const parts: string[] = []
  for (const r of chains) {
    parts.push(
      c.bold(`Stabilizer ${r.stabilizer} on chain ${r.chainId}`) +
        `  ${r.paused ? c.red('PAUSED') : c.green('running')}\n  owner ${r.owner} · guardian ${r.guardian}` +
        `\n  limits: gas ≤ ${formatAmount(r.limits.maxGasPrice, 9)} gwei · oracle ≤ ${r.limits.maxOracleAge}s · mesh θ ${r.limits.meshThresholdBps} bps`,
      await renderTable(
        ['pool', 'θ bps', 'N', 'W', 'MIN', 'cap', 'k/bp', 'slip bps', 'last exec', 'TWAP dev', 'rebalance'],
        r.pools.map((p) => [
          p.pair,
          p.params.thresholdBps,
          p.params.sustainBlocks,
          p.params.twapWindow,
          p.params.minBlocks,
          formatAmount(p.params.perBlockCap, 6),
          formatAmount(p.params.kPerBps, 6),
          p.params.maxSlippageBps,
          p.state.lastExecutionBlock || '-',
          'error' in p.check ? c.yellow(p.check.error) : `${p.check.deviationBps} bps`,
          'error' in p.check ? '-' : p.check.shouldRebalance ? c.red('yes') : 'no',
        ]),
      ),
    )
    if (r.mesh.length) parts.push(`  mesh legs: ${r.mesh.map((m) => m.leg).join(', ')}`)
  }
  return parts.join('\n')
}

export function renderAdmin(r: AdminResult): string {
  const lines = [`Chain ${r.chainId}, Stabilizer ${r.stabilizer}`]
  if (r.proposal) lines.push(renderProposed(r.proposal))
  for (const s of r.sent ?? []) lines.push(c.green(`✔ sent from ${s.from}: tx ${s.txHash} (gas ${s.gasUsed})`))
  return lines.join('\n')
}

export async function renderHistory(r: HistoryResult): Promise<string> {
  const fmt = (v: unknown): string =>
    typeof v === 'object' && v !== null
      ? Object.entries(v)
          .map(([k, x]) => `${k}=${String(x)}`)
          .join(' ')
      : String(v)
  const table = await renderTable(
    ['block', 'event', 'details', 'tx'],
    r.events.map((e) => [
      e.blockNumber,
      e.event,
      Object.entries(e.args)
        .map(([k, v]) => `${k}: ${fmt(v)}`)
        .join('; '),
      e.txHash,
    ]),
  )
  const more = r.nextFromBlock === undefined ? '' : `\nmore: --from-block ${r.nextFromBlock}`
  return `Stabilizer ${r.stabilizer} on chain ${r.chainId}, blocks ${r.fromBlock}–${r.toBlock}\n${table}${more}`
}
