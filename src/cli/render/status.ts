import { chainName } from '../../chain/chains.js'
import { redactUrl } from '../../config/schema.js'
import { formatAmount } from '../../core/format.js'
import type { ChainStatus } from '../../status/status.js'
import type { SystemStatus } from '../../status/system.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'

export async function renderStatus(
  profile: string,
  chains: (ChainStatus & { system?: SystemStatus })[],
): Promise<string> {
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
    if (s.system) parts.push(await renderSystem(s.system))
  }
  return parts.join('\n')
}

async function renderSystem(s: SystemStatus): Promise<string> {
  const lines: string[] = []
  if (s.oracle) {
    const age = s.oracle.oldestAgeSec === undefined ? 'no prices' : `oldest price ${s.oracle.oldestAgeSec}s old`
    lines.push(
      `  oracle: ${age} (max ${s.oracle.maxOracleAge}s) ${s.oracle.stale ? c.red('✖ stale') : c.green('✔ fresh')}`,
    )
  }
  if (s.pools.length) {
    lines.push(
      await renderTable(
        ['pool', 'kind', 'vs oracle peg'],
        s.pools.map((p) => [p.pair, p.kind, p.deviationBps === undefined ? '-' : `${p.deviationBps} bps`]),
      ),
    )
  }
  if (s.inventory.length) {
    lines.push(
      `  stabilizer inventory: ${s.inventory.map((i) => `${formatAmount(i.amount, i.decimals, { maxFraction: 2 })} ${i.token}`).join(' · ')}`,
    )
  }
  return lines.join('\n')
}
