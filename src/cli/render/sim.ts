import { formatAmount } from '../../core/format.js'
import { SIM_DECIMALS } from '../../core/sim/params.js'
import type { SimReport, TargetResult } from '../../core/sim/report.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'
import { lineChart } from './chart.js'

const tokens = (v: bigint) => formatAmount(v, SIM_DECIMALS, { maxFraction: 2 })
const num = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }))
const pct = (p: number) => `${num(Math.round(p * 10_000) / 100)}%`

/** Short names of the per-run statistics (the JSON's `metric` says it in full). */
const PER_RUN: Record<TargetResult['id'], string> = {
  peg: '% blocks in band',
  spread: 'p99 bps',
  rebalanceLatency: 'p95 blocks',
  flashRecovery: 'p95 blocks',
  cantilever: 'Δ per min',
}

const verdictText = (t: TargetResult) =>
  t.verdict === 'pass' ? c.green('✔ pass') : t.verdict === 'fail' ? c.red('✖ FAIL') : c.yellow('no data')

export async function renderSimulation(r: SimReport): Promise<string> {
  const p = r.params
  const s = p.stabilizer
  const imb =
    p.imbalance['138'] === p.imbalance['651940']
      ? pct(p.imbalance['138'])
      : `${pct(p.imbalance['138'])} (138) / ${pct(p.imbalance['651940'])} (Alltra)`
  const q = p.verdictPercentile
  const head = [
    c.bold(
      `Stress simulation at ${p.multiplier}× projected volume: ${p.runs} run${p.runs === 1 ? '' : 's'} × ${p.blocks} blocks of ${p.blockTimeSec} s, seed ${p.seed} (${r.path} path)`,
    ),
    c.dim(
      `  per chain: ${r.model.pools.join(', ')} (public, ${tokens(p.depth)} deep) and three private XAU legs (${tokens(p.legDepth)})`,
    ),
    c.dim(
      `  flow ${tokens(p.volumePerHour)}/hr × ${p.multiplier} = ${num(r.model.grossFlowPerMin)}/min per pool, net ${imb}, correlation ${pct(p.correlation)}`,
    ),
    c.dim(
      `  stabilizer θ ${s.thresholdBps} bps, N ${s.sustainBlocks}, W ${s.twapWindow}, MIN_BLOCKS ${s.minBlocks}, cap ${tokens(s.perBlockCap)}, k ${tokens(s.kPerBps)}/bp`,
    ),
    c.dim(
      `  drains of ${tokens(p.drainSize)}: flash ${pct(p.flashRate)}/block, sustained ${pct(p.drainRate)}/block; demand ${tokens(p.demand.size)}/block × ${p.demand.blocks}; bot > ${p.arbThresholdBps} bps after ${p.latencyBlocks} block${p.latencyBlocks === 1 ? '' : 's'}`,
    ),
    c.dim(
      `  oracle every ${p.oracle.updateBlocks} blocks (max age ${p.oracle.maxAgeBlocks}); gas spikes ${pct(p.gas.spikeRate)}/block × ${p.gas.spikeBlocks}; bridge ${p.bridge.latencyBlocks} blocks, outages ${pct(p.bridge.outageRate)}/block × ${p.bridge.outageBlocks}`,
    ),
  ]
  const table = await renderTable(
    ['target', 'goal', 'per run', 'p50', `p${q}`, 'worst', 'margin', ''],
    r.targets.map((t) => [
      t.name,
      t.target,
      PER_RUN[t.id],
      num(t.overRuns.p50),
      num(t.value),
      num(t.overRuns.worst),
      num(t.margin),
      verdictText(t),
    ]),
  )
  const m = r.metrics
  const lat = r.pooled.rebalanceLatency
  const rec = r.pooled.flashRecovery
  const details = [
    `p50 / p${q} / worst: the per-run value over runs (p${q} = what ${q}% of runs reach); a target passes on its p${q}; margin > 0 is inside the limit`,
    `|deviation| bps per run: p99 ${num(m.absDeviationP99.p50)} (p50 run) · max ${num(m.absDeviationMax.p50)}; spread p95 ${num(m.spreadP95.p50)} · max ${num(m.spreadMax.p50)}`,
    `rebalance episodes (all runs): ${lat.count}, blocks p50 ${num(lat.p50)} · p95 ${num(lat.p95)} · max ${num(lat.max)}${lat.unresolved ? `; ${lat.unresolved} still open at the end` : ''}`,
    `sustained drains (all runs): ${rec.drains}${rec.ineffective ? ` (${rec.ineffective} left the price in band)` : ''}, recovery p50 ${num(rec.p50)} · p95 ${num(rec.p95)} · max ${num(rec.max)} blocks${rec.unresolved ? `; ${rec.unresolved} unrecovered at the end` : ''}`,
    `stabilizer: ${num(m.executions.p50)} executions per run (p50), ${num(m.stabilizerVolumePerMin.p50)}/min traded vs Δ ${num(m.imbalancePerMin.p50)}/min; lowest inventory $${num(m.minInventoryUsd.worst)}; sizes bounded by k ${r.limitedBy.k}, cap ${r.limitedBy.cap}, peg ${r.limitedBy.peg}, inventory ${r.limitedBy.inventory}`,
    `mesh: ${num(m.meshResets.p50)} oracle resets per run, legs ≤ ${num(m.maxLegDeviationBps.worst)} bps off the oracle; bot ${num(m.arbTrades.p50)} trades, ${num(m.bridgeTransfers.p50)} refills per run`,
    `halted: gas ${num(m.gasBlocks.p50)} and stale oracle ${num(m.staleBlocks.p50)} chain-blocks per run (p50), ${num(m.blockedFirings.p50)} rule firings lost`,
  ]
  const t = r.tension
  const tension = [
    c.bold(`Sustain rule vs flash recovery (< ${t.targetBlocks} blocks)`),
    ...t.notes.map((n) => `  ${n}`),
    `  measured: recovery p50 ${num(rec.p50)} blocks${t.feasibleN ? `; N in [${t.feasibleN.min}, ${t.feasibleN.max}] both ignores one-block excursions and can meet the target` : ''}`,
  ]
  const failed = r.targets.filter((x) => x.verdict === 'fail')
  const verdict = r.ok
    ? c.green(`✔ Every §16 target met in ≥ ${q}% of runs`)
    : c.red(`✖ ${failed.map((x) => x.name).join(', ')} missed (exit 2)`)
  const perColumn = p.blocks / Math.min(60, r.series.deviation.p50.length)
  const blocks = `blocks 0–${p.blocks}, ${num(perColumn)} a column`
  const band = (b: SimReport['series']['deviation']) => [
    { label: 'worst', values: b.worst, mark: '·', color: c.red },
    { label: `p95 over runs`, values: b.p95, mark: '+', color: c.yellow },
    { label: 'p50', values: b.p50, mark: '█', color: c.cyan },
  ]
  const charts = [
    lineChart('|deviation| from the peg, bps (worst public pool, per run)', band(r.series.deviation), {
      xLabel: blocks,
    }),
    lineChart('cross-chain spread, bps (worst pool pair, per run)', band(r.series.spread), { xLabel: blocks }),
  ]
  return [...head, table, ...details.map((d) => c.dim(d)), '', ...charts, '', ...tension, verdict].join('\n')
}
