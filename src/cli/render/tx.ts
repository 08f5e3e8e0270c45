import type { CreatedPool } from '../../pools/create-flow.js'
import type { ProposedResult } from '../../tx/call.js'
import { c } from '../color.js'

export function renderProposed(p: ProposedResult): string {
  return [
    c.green(`✔ Proposed to Safe ${p.safe} (nonce ${p.nonce}, needs ${p.threshold} signatures)`),
    `  safeTxHash ${p.safeTxHash}`,
    `  file       ${p.file}`,
    ...p.warnings.map((w) => c.yellow(`  ! ${w}`)),
    `Next: each owner runs \`vault safe sign ${p.file}\`, then anyone runs \`vault safe execute ${p.file}\`.`,
  ].join('\n')
}

export function renderCreated(res: { pools: CreatedPool[]; proposal?: ProposedResult }): string {
  const lines = res.pools.map((p) =>
    p.status === 'created'
      ? c.green(`✔ ${p.base}/${p.quote} created: ${p.pool} (tx ${p.txHash})`)
      : p.status === 'exists'
        ? c.dim(`· ${p.base}/${p.quote} already exists: ${p.pool}`)
        : `… ${p.base}/${p.quote} proposed`,
  )
  if (res.proposal) lines.push(renderProposed(res.proposal))
  return lines.join('\n')
}
