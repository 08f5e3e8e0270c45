import { formatAmount } from '../../core/format.js'
import type { OracleShowResult } from '../../oracle/read.js'
import type { OracleWriteResult } from '../../oracle/set.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'
import { renderProposed } from './tx.js'

const usd = (v?: bigint) => (v === undefined ? '-' : `$${formatAmount(v, 18, { maxFraction: 6 })}`)

function age(sec?: bigint) {
  if (sec === undefined) return '-'
  if (sec < 120n) return `${sec}s`
  if (sec < 7200n) return `${sec / 60n}m`
  return `${sec / 3600n}h ${(sec % 3600n) / 60n}m`
}

export async function renderOracleShow(r: OracleShowResult) {
  const rows = r.chains.flatMap((ch) =>
    ch.prices.map((p) => [
      ch.chainId,
      p.token,
      usd(p.price),
      p.updatedAt === undefined ? '-' : new Date(Number(p.updatedAt) * 1000).toISOString(),
      age(p.ageSec),
      p.verdict === 'fresh' ? c.green('fresh') : c.red(p.verdict),
    ]),
  )
  const table = await renderTable(['chain', 'token', 'price', 'updated', 'age', 'verdict'], rows)
  const verdict = r.stale
    ? c.red(`✖ stale or missing prices (maxOracleAge ${age(r.maxOracleAge)}): the Stabilizer refuses to act`)
    : c.green(`✔ every price is younger than maxOracleAge (${age(r.maxOracleAge)})`)
  return `${table}\n${verdict}`
}

export function renderOracleWrite(r: OracleWriteResult) {
  const lines = r.changes.map(
    (x) => `  ${x.token}: ${usd(x.from)} → ${usd(x.to)}${x.moveBps === undefined ? '' : ` (${x.moveBps} bps)`}`,
  )
  for (const u of r.unchanged ?? []) lines.push(c.dim(`  ${u.token}: within tolerance (${u.gapBps} bps), left alone`))
  if (r.changes.length === 0) lines.push(c.green(`✔ nothing to change on chain ${r.chainId}`))
  if (r.proposal) lines.push(renderProposed(r.proposal))
  for (const s of r.sent ?? []) lines.push(c.green(`✔ sent from ${s.from}: tx ${s.txHash} (gas ${s.gasUsed})`))
  return lines.join('\n')
}
