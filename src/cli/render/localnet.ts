import { privateKeyToAccount } from 'viem/accounts'
import { LOCAL_KEYS, type LocalnetUpResult } from '../../localnet/up.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'

export async function renderLocalnet(res: Omit<LocalnetUpResult, 'children'>, ms: number): Promise<string> {
  const a = res.systems['138']
  const b = res.systems['651940']
  const rows: [string, string, string][] = [['Safe (2 of 3)', res.safe.address, res.safe.address]]
  const add = (label: string, x?: string, y?: string) => rows.push([label, x ?? '', y ?? ''])
  for (const k of Object.keys(a.tokens)) add(`token ${k}`, a.tokens[k as never], b.tokens[k as never])
  for (const k of ['oracle', 'integration', 'stabilizer', 'bridgeReserve', 'multicall3'] as const)
    add(k, a[k as keyof typeof a] as string, b[k as keyof typeof b] as string)
  for (const k of Object.keys(a.pools)) add(`pool ${k}`, a.pools[k as never], b.pools[k as never])
  for (const k of Object.keys(a.privatePools))
    add(`private ${k}/cXAUC`, a.privatePools[k as never], b.privatePools[k as never])
  const chains = res.chains.map((x) => `chain ${x.chainId} at ${x.url} (pid ${x.pid})`).join(', ')
  const keys = LOCAL_KEYS.owners.map((k, i) => `  owner ${i + 1}  ${privateKeyToAccount(k).address}`).join('\n')
  return [
    c.green(`✔ Local network up in ${(ms / 1000).toFixed(1)}s: ${chains}`),
    await renderTable(['contract', 'chain 138', 'chain 651940'], rows),
    c.yellow(
      'Safe owners — LOCAL TEST CHAINS ONLY: anvil development accounts 1–3 (their keys are what `anvil` prints; vault never prints a key):',
    ),
    keys,
    `Profile "local" written to ${res.profilePath}. Next: \`vault status\`, \`vault pools list\`, \`vault localnet down\`.`,
  ].join('\n')
}
