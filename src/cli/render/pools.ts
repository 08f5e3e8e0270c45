import { formatAmount } from '../../core/format.js'
import type { PoolInfo } from '../../pools/read.js'
import { fmtReserve, humanPrice, type poolRow } from '../../pools/view.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'
import { renderProposed } from './tx.js'

export const fmtDev = (bps?: bigint, band = 10n) => {
  if (bps === undefined) return c.dim('n/a')
  const s = `${bps > 0n ? '+' : ''}${bps} bps`
  return (bps < 0n ? -bps : bps) > band ? c.red(s) : c.green(s)
}

export async function renderPoolList(all: { info: PoolInfo; row: ReturnType<typeof poolRow> }[]): Promise<string> {
  if (!all.length) return 'No pools found. Create them with `vault pools create --public-set`.'
  return renderTable(
    ['chain', 'pair', 'address', 'kind', 'mid price', 'base reserve', 'quote reserve', 'deviation'],
    all.map(({ info: p, row }) => [
      row.chainId,
      p.pair,
      p.address,
      row.visibility,
      row.price,
      fmtReserve(p.state.B, p.base.decimals),
      fmtReserve(p.state.Q, p.quote.decimals),
      fmtDev(p.deviationBps),
    ]),
  )
}

export function renderPoolShow(
  p: PoolInfo,
  d: ReturnType<typeof poolRow> & {
    state: Record<string, unknown>
    depth: { bps: bigint; sellBaseToLower: bigint | null; sellQuoteToRaise: bigint | null }[]
  },
): string {
  const amt = (v: bigint | null, dec: number, sym: string) =>
    v === null ? 'unreachable' : `${fmtReserve(v, dec)} ${sym}`
  const lines: [string, unknown][] = [
    ['pool', `${p.pair} ${p.address} (${d.visibility}, bucket ${d.bucket})`],
    ['mid price', `${d.price} ${p.quote.symbol} per ${p.base.symbol}`],
    ['oracle peg', d.pegPrice !== undefined ? humanPrice(p, d.pegPrice) : 'n/a (no oracle price)'],
    ['deviation', fmtDev(p.deviationBps)],
    ...Object.entries(d.state).map(([k, v]) => [k, String(v)] as [string, unknown]),
    ...d.depth.flatMap((x): [string, unknown][] => [
      [`−${Number(x.bps) / 100}% depth`, amt(x.sellBaseToLower, p.base.decimals, p.base.symbol)],
      [`+${Number(x.bps) / 100}% depth`, amt(x.sellQuoteToRaise, p.quote.decimals, p.quote.symbol)],
    ]),
  ]
  const w = Math.max(...lines.map(([k]) => k.length))
  return lines.map(([k, v]) => `${c.bold(k.padEnd(w))}  ${v}`).join('\n')
}

export function renderQuote(q: import('../../pools/quote.js').PoolQuote): string {
  const p = q.pool
  const [inDec, outDec] = q.side === 'base' ? [p.base.decimals, p.quote.decimals] : [p.quote.decimals, p.base.decimals]
  const lines = [
    `${c.bold('sell')}      ${fmtReserve(q.amountIn, inDec)} ${q.tokenIn} into ${p.pair} at block ${q.block}`,
  ]
  if (q.offline) {
    lines.push(`${c.bold('receive')}   ${formatAmount(q.offline.receive, outDec)} ${q.tokenOut} (PMM math)`)
    lines.push(
      `${c.bold('fees')}      LP ${formatAmount(q.offline.lpFee, outDec)} · maintainer ${formatAmount(q.offline.mtFee, outDec)} ${q.tokenOut}`,
    )
    lines.push(`${c.bold('impact')}    ${q.offline.impactBps.toFixed(2)} bps vs mid ${humanPrice(p, p.midPrice)}`)
  }
  if (q.onchain)
    lines.push(
      `${c.bold('contract')}  ${formatAmount(q.onchain.receive, outDec)} ${q.tokenOut} (querySell${q.side === 'base' ? 'Base' : 'Quote'})`,
    )
  if (q.agree !== undefined)
    lines.push(
      q.agree
        ? c.green('✔ off-chain math and contract agree to the unit')
        : c.red('✖ off-chain math and contract DISAGREE'),
    )
  return lines.join('\n')
}

export async function renderMesh(
  v: Awaited<ReturnType<typeof import('../../pools/mesh.js').meshView>>,
): Promise<string> {
  const legs = await renderTable(
    ['token', 'private pool (vs cXAUC)', 'mid price', 'vs oracle', ''],
    v.legInfo.map((l, n) => [
      l.base.symbol,
      l.address,
      humanPrice(l, l.midPrice),
      fmtDev(l.deviationBps),
      v.legs[n].withinBand ? c.green('in band') : c.red(`beyond ±${v.thresholdBps} bps`),
    ]),
  )
  const parity = await renderTable(
    ['pair', 'A → XAU → B', 'direct / peg', 'parity gap'],
    v.parity.map((p) => [
      p.pair,
      formatAmount(p.triangulated, 18, { maxFraction: 6, group: false }),
      p.direct
        ? `${formatAmount(p.direct.midPrice, 18, { maxFraction: 6, group: false })} (public pool)`
        : p.peg
          ? `${formatAmount(p.peg, 18, { maxFraction: 6, group: false })} (oracle)`
          : 'n/a',
      fmtDev(p.parityGapBps),
    ]),
  )
  const missing = v.missing.length
    ? c.yellow(`Missing private pools: ${v.missing.join(', ')} (vault pools mesh create)`)
    : c.green('✔ every token has its private pool')
  const verdict = v.ok
    ? c.green(`✔ every leg within ±${v.thresholdBps} bps of the oracle cross rate`)
    : c.red(
        `✖ legs off the oracle cross rate by more than ${v.thresholdBps} bps: ${v.legs
          .filter((l) => !l.withinBand)
          .map((l) => l.token)
          .join(', ')}`,
      )
  return [c.bold('Private XAU-anchored mesh'), legs, c.bold('Triangular parity'), parity, missing, verdict].join('\n')
}

export function renderMeshCreated(res: import('../../pools/mesh-flow.js').MeshCreateResult): string {
  const lines = res.legs.map((l) => {
    const where = `${l.token}/cXAUC leg on ${l.chainId}`
    if (l.status === 'created') return c.green(`✔ ${where} created at ${l.pool}: mid ${l.midPrice} = the cross rate`)
    if (l.status === 'proposed') return `… ${where} proposed at ${l.pool}: ${l.steps.join(', ')}`
    return l.steps.length
      ? `· ${where} exists at ${l.pool}: ${l.steps.join(', ')}`
      : c.dim(`· ${where} in place: ${l.pool}`)
  })
  for (const w of res.warnings) lines.push(c.yellow(`! ${w}`))
  if (!res.proposals.length && res.legs.every((l) => !l.steps.length))
    lines.push('The mesh is complete: nothing to do.')
  return [lines.join('\n'), ...res.proposals.map(renderProposed)].join('\n')
}
