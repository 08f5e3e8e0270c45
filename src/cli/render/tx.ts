import type { CreatedPool, PoolsCreateResult } from '../../pools/create-flow.js'
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

export function renderCreated(res: PoolsCreateResult): string {
  const where = (p: CreatedPool) => `${p.pair} on ${p.chainId}`
  const lines = res.pools.map((p) =>
    p.status === 'created'
      ? c.green(
          `✔ ${where(p)} created: ${p.pool}, opens at ${p.offPegBps} bps from the oracle, ${p.stabilizer} (tx ${p.txHash})`,
        )
      : p.status === 'exists'
        ? c.dim(`· ${where(p)} already exists: ${p.pool} (${p.stabilizer})`)
        : `… ${where(p)} proposed at ${p.pool}: opens at ${p.offPegBps} bps from the oracle`,
  )
  for (const w of res.warnings) lines.push(c.yellow(`! ${w}`))
  for (const pr of res.proposals) lines.push(renderProposed(pr))
  return lines.join('\n')
}
