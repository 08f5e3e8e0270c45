import { formatAmount } from '../../core/format.js'
import type { Finding } from '../../core/lint/params.js'
import type { LintReport } from '../../core/lint/reserve.js'
import type { BridgeCheckReport } from '../../reserve/bridge.js'
import type { CantileverReport } from '../../reserve/cantilever.js'
import type { ReserveCheckReport } from '../../reserve/check.js'
import type { SizeReport } from '../../reserve/size.js'
import { c } from '../color.js'
import { renderPairs, renderTable } from '../table.js'

/** Whole-token decimal text with thousands separators ("150,000", "2,500.5"). */
const group = (text: string) => {
  const [int, frac] = text.split('.')
  const neg = int.startsWith('-')
  const digits = (neg ? int.slice(1) : int).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}${digits}${frac ? `.${frac}` : ''}`
}
const usd = (v: bigint) => `$${formatAmount(v, 18, { maxFraction: 2 })}`
const pct = (bps: bigint | number) => `${(Number(bps) / 100).toFixed(2)}%`
const verdict = (ok: boolean, yes: string, no: string) => (ok ? c.green(`✔ ${yes}`) : c.red(`✖ ${no}`))

export function renderReserveSize(r: SizeReport): string {
  const out: string[] = []
  if (r.required !== undefined) {
    const unit = r.unit === 'token' ? '' : ` ${r.unit}`
    const pairs: [string, string][] = []
    if (r.source) {
      const t = r.source.token
      pairs.push(
        [
          'source',
          `BridgeOut events of ${r.source.bridgeReserve} on chain ${r.source.chainId}, blocks ${r.source.fromBlock}–${r.source.toBlock}`,
        ],
        [
          'peak minute',
          t.minute
            ? `${t.minute} (${t.events} event${t.events === 1 ? '' : 's'} of ${t.symbol} in the lookback)`
            : `none: no ${t.symbol} outflow in the lookback`,
        ],
      )
    }
    pairs.push(
      ['P (peak outflow / min)', `${group(r.peakOutflowPerMin!)}${unit}`],
      ['T (window)', `${r.windowMin} min`],
      ['P × T', `${group(r.base!)}${unit}`],
      [`× ${r.safety} safety`, c.bold(`${group(r.required)}${unit}`)],
      ['spec band (3–5×)', `${group(r.recommended!.min)} – ${group(r.recommended!.max)}${unit}`],
    )
    out.push(renderPairs(pairs))
    if (!r.safetyInRecommendedRange)
      out.push(c.yellow(`! safety ${r.safety} is outside the spec's 3–5× recommendation`))
    if (r.source && r.source.peaks.length > 1) {
      out.push(
        c.dim(
          `peaks per token: ${r.source.peaks.map((p) => `${p.symbol} ${formatAmount(p.peak, p.decimals)}${p.minute ? ` @ ${p.minute}` : ''}`).join(' · ')}`,
        ),
      )
    }
  }
  if (r.buckets) {
    if (out.length) out.push('')
    out.push(c.bold(`Capital buckets for ${group(r.buckets.total)}${r.unit && r.unit !== 'token' ? ` ${r.unit}` : ''}`))
    out.push(
      renderPairs(
        r.buckets.allocation.map((b) => [`${b.id} ${b.name}`, `${group(b.amount).padStart(16)}  ${pct(b.shareBps)}`]),
      ),
    )
  }
  return out.join('\n')
}

export function renderCantilever(r: CantileverReport): string {
  const pairs: [string, string][] = [
    ['s × f', `${r.size} × ${r.frequencyPerMin} = ${r.throughputPerMin}/min`],
    ['Δ', `${r.imbalancePerMin}/min${r.exact.imbalancePerMin.includes('/') ? ` (${r.exact.imbalancePerMin})` : ''}`],
    ['margin', `${r.marginPerMin}/min${r.marginBps === null ? '' : ` (${pct(r.marginBps)})`}`],
  ]
  if (!r.holds)
    pairs.push([
      'to hold',
      `f ≥ ${r.minFrequencyPerMin}/min at s = ${r.size}, or s ≥ ${r.minSize} at f = ${r.frequencyPerMin}`,
    ])
  return [
    renderPairs(pairs),
    verdict(
      r.holds,
      `s × f ≥ Δ holds: ${r.throughputPerMin} ≥ ${r.imbalancePerMin}`,
      `s × f < Δ: ${r.throughputPerMin} < ${r.imbalancePerMin}`,
    ),
  ].join('\n')
}

export async function renderReserveCheck(r: ReserveCheckReport): Promise<string> {
  const table = await renderTable(
    ['bucket', 'holds', 'share', 'policy', 'target', 'short', ''],
    r.buckets.map((b) => [
      `${b.id} ${b.name}`,
      usd(b.haveUsd),
      pct(b.shareBps),
      pct(b.policyBps),
      `${usd(b.targetUsd)}${b.basis === 'model' ? ' (P×T×s)' : ''}`,
      b.shortUsd > 0n ? c.red(usd(b.shortUsd)) : '',
      b.ok ? c.green('ok') : c.red('short'),
    ]),
  )
  const lines = [
    table,
    c.dim(
      `total ${usd(r.totalUsd)} (${r.totalBasis === 'held' ? 'held across the buckets' : 'given'}) on chain${r.chains.length > 1 ? 's' : ''} ${r.chains.join(', ')}; short means below target × (1 − ${pct(r.toleranceBps)})`,
    ),
  ]
  if (r.unpriced.length) {
    lines.push(
      c.yellow(
        `! not valued (no oracle price): ${r.unpriced.map((h) => `${formatAmount(h.amount, h.decimals)} ${h.token} at ${h.holder} (${h.chainId})`).join(', ')}`,
      ),
    )
  }
  lines.push(verdict(r.ok, 'every bucket holds its share', `buckets short by ${usd(r.totalShortUsd)} in total`))
  return lines.join('\n')
}

export async function renderBridgeCheck(r: BridgeCheckReport): Promise<string> {
  const buffers = await renderTable(
    ['chain', 'token', 'reserve', 'peak / min', `× ${r.latencyMin} min`, 'peak minute', ''],
    r.buffers.map((b) => [
      b.chainId,
      b.token,
      formatAmount(b.reserve, b.decimals, { maxFraction: 2 }),
      `${formatAmount(b.peakOutflowPerMin, b.decimals, { maxFraction: 2 })} (from ${b.outflowFrom})`,
      formatAmount(b.required, b.decimals, { maxFraction: 2 }),
      b.peakMinute ?? '',
      b.ok ? c.green('ok') : c.red(`short ${formatAmount(b.shortfall, b.decimals, { maxFraction: 2 })}`),
    ]),
  )
  const spreads = r.spreads.length
    ? await renderTable(
        ['pair', 'price 138', 'price 651940', 'spread', ''],
        r.spreads.map((s) => [
          s.pair,
          s.price138 === undefined ? '' : formatAmount(s.price138, 18, { maxFraction: 6 }),
          s.priceAlltra === undefined ? '' : formatAmount(s.priceAlltra, 18, { maxFraction: 6 }),
          s.spreadBps === undefined ? '' : `${s.spreadBps} bps`,
          s.ok ? c.green('ok') : c.red(s.error ?? `≥ ${r.spreadThresholdBps} bps`),
        ]),
      )
    : c.dim('No public pool pair is named on both chains.')
  const bad = r.buffers.filter((b) => !b.ok).length + r.spreads.filter((s) => !s.ok).length
  return [
    c.bold(`Bridge buffers: reserve ≥ peak outflow × ${r.latencyMin} min (BridgeOut over ${r.lookback} blocks)`),
    buffers,
    '',
    c.bold(`Cross-chain spread (< ${r.spreadThresholdBps} bps)`),
    spreads,
    verdict(r.ok, 'buffers covered and chains in parity', `${bad} check${bad === 1 ? '' : 's'} failed`),
  ].join('\n')
}

const LEVEL = { error: c.red('error'), warning: c.yellow('warn '), info: c.dim('info ') } as const

export function renderLint(r: LintReport): string {
  const head = r.target === 'spec' ? "Spec's example parameters" : `Profile "${r.profile}" stabilizer parameters`
  const body = r.findings.map((f: Finding) =>
    [
      `${LEVEL[f.level]} ${f.message} ${c.dim(`[${f.id}]`)}`,
      `      why: ${f.reason}`,
      `      fix: ${f.suggestion}`,
    ].join('\n'),
  )
  const s = r.summary
  return [
    c.bold(head),
    ...(body.length ? body : [c.green('no findings')]),
    verdict(
      s.ok,
      `no errors (${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} skipped)`,
      `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`,
    ),
  ].join('\n')
}

export async function renderRebalance(r: import('../../reserve/rebalance.js').ReserveRebalanceResult): Promise<string> {
  const parts: string[] = []
  for (const ch of r.chains) {
    parts.push(
      c.bold(`Chain ${ch.chainId}: ${usd(ch.totalUsd)} held`),
      await renderTable(
        ['bucket', 'holds', 'target', 'over / under'],
        ch.buckets.map((b) => [
          b.id,
          usd(b.haveUsd),
          usd(b.targetUsd),
          `${b.deltaUsd < 0n ? '-' : '+'}${usd(b.deltaUsd < 0n ? -b.deltaUsd : b.deltaUsd)}`,
        ]),
      ),
    )
    if (ch.transfers.length === 0) parts.push(c.green('  nothing to move'))
    for (const t of ch.transfers)
      parts.push(
        `  ${t.from.bucket} ${t.from.holder} → ${t.to.bucket} ${t.to.holder}: ${formatAmount(t.amount, t.decimals)} ${t.token} (${usd(t.usd)})`,
      )
    for (const u of ch.unresolved)
      parts.push(
        c.yellow(
          `  ! bucket ${u.id} stays ${usd(u.shortUsd)} short: pool liquidity, add it with \`vault pools add-liquidity\``,
        ),
      )
  }
  for (const p of r.proposals) {
    if (p.proposal)
      parts.push(
        c.green(
          `✔ chain ${p.chainId}: proposed to Safe ${p.proposal.safe} (nonce ${p.proposal.nonce}): ${p.proposal.file}`,
        ),
      )
    for (const s of p.sent ?? []) parts.push(c.green(`✔ chain ${p.chainId}: sent ${s.txHash}`))
  }
  return parts.join('\n')
}
