import { chainName } from '../../chain/chains.js'
import { redactUrl } from '../../config/schema.js'
import { formatAmount } from '../../core/format.js'
import type { ChainStatus } from '../../status/status.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'

export async function renderStatus(profile: string, chains: ChainStatus[]): Promise<string> {
  const parts = [c.bold(`Profile ${profile}`)]
  if (chains.length === 0) parts.push(c.yellow('No chain has an RPC URL in this profile.'))
  for (const s of chains) {
    const head = `${c.bold(chainName(s.chainId))}  ${s.rpcUrls.map(redactUrl).join(', ')}`
    if (!s.reachable) {
      parts.push(
        `${head}\n  ${c.red('✖ unreachable')}: ${s.error?.message ?? ''}${s.error?.details ? ` — ${s.error.details}` : ''}`,
      )
      continue
    }
    parts.push(
      `${head}\n  ${c.green('✔ reachable')} in ${s.latencyMs} ms · block ${s.headBlock} (${s.headAgeSec}s ago) · gas ${formatAmount(s.gasPrice ?? 0n, 9, { maxFraction: 3 })} gwei · multicall ${s.multicall ? 'yes' : 'no (JSON-RPC batch)'}`,
    )
    if (s.contracts.length) {
      parts.push(
        await renderTable(
          ['name', 'kind', 'address', 'code', 'symbol', 'decimals'],
          s.contracts.map((k) => [
            k.name,
            k.kind,
            k.address,
            k.hasCode ? c.green('yes') : c.red('missing'),
            k.symbol,
            k.decimals,
          ]),
        ),
      )
    } else {
      parts.push(c.dim('  No contracts configured for this chain.'))
    }
  }
  return parts.join('\n')
}
