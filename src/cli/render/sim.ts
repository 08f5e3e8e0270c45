import { formatAmount } from '../../core/format.js'
import { SIM_DECIMALS } from '../../core/sim/params.js'
import type { SimReport, TargetResult } from '../../core/sim/report.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'

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
  const head = [
    c.bold(
      `Stress simulation at ${p.multiplier}× projected volume: ${p.runs} run${p.runs === 1 ? '' : 's'} × ${p.blocks} blocks of ${p.blockTimeSec} s, seed ${p.seed}`,
    ),
    c.dim(
      `  flow ${tokens(p.volumePerHour)}/hr × ${p.multiplier} = ${num(r.model.grossFlowPerMin)}/min per pool, net ${imb}; pools ${tokens(p.depth)} deep (138 and Alltra)`,
    ),
    c.dim(
      `  stabilizer θ ${s.thresholdBps} bps, N ${s.sustainBlocks}, W ${s.twapWindow}, MIN_BLOCKS ${s.minBlocks}, cap ${tokens(s.perBlockCap)}, k ${tokens(s.kPerBps)}/bp`,
    ),
    c.dim(
      `  drains of ${tokens(p.drainSize)} (${r.model.drainDeviationBps} bps): flash ${pct(p.flashRate)}/block reversed in-block, sustained ${pct(p.drainRate)}/block; arbitrage > ${p.arbThresholdBps} bps after ${p.latencyBlocks} block${p.latencyBlocks === 1 ? '' : 's'}`,
    ),
  ]
  const table = await renderTable(
    ['target', 'goal', 'per run', 'p50', 'p95', 'worst', ''],
    r.targets.map((t) => [
      t.name,
      t.target,
      PER_RUN[t.id],
      num(t.overRuns.p50),
      num(t.overRuns.p95),
      num(t.overRuns.worst),
      verdictText(t),
    ]),
  )
  const m = r.metrics
  const lat = r.pooled.rebalanceLatency
  const rec = r.pooled.flashRecovery
  const details = [
    'p50 / p95 / worst: the per-run value over runs (p95 = what 95% of runs reach); a target passes on its p95',
    `|deviation| bps, p95 over runs: p50 ${num(m.absDeviationBps.p50.p95)} · p95 ${num(m.absDeviationBps.p95.p95)} · p99 ${num(m.absDeviationBps.p99.p95)} · max ${num(m.absDeviationBps.max.p95)}`,
    `spread bps, p95 over runs: p95 ${num(m.spreadBps.p95.p95)} · p99 ${num(m.spreadBps.p99.p95)} · max ${num(m.spreadBps.max.p95)}`,
    `rebalance episodes (all runs): ${lat.count}, blocks p50 ${num(lat.p50)} · p95 ${num(lat.p95)} · max ${num(lat.max)}; after the N-th block p95 ${num(lat.afterSustained.p95)}${lat.unresolved ? `; ${lat.unresolved} still open at the end` : ''}`,
    `sustained drains (all runs): ${rec.drains}${rec.ineffective ? ` (${rec.ineffective} left the price in band)` : ''}, recovery p50 ${num(rec.p50)} · p95 ${num(rec.p95)} · max ${num(rec.max)} blocks${rec.unresolved ? `; ${rec.unresolved} unrecovered at the end` : ''}`,
    `flash drains reversed in-block: ${m.flash.events}, up to ${m.flash.peakIntraBlockBps} bps inside a block, never in an end-of-block price`,
    `stabilizer: ${num(m.stabilizer.executions.p50)} executions per run (p50), ${num(m.stabilizer.volumePerMin.p50)}/min traded vs Δ ${num(m.stabilizer.imbalancePerMin.p50)}/min (p50); lowest inventory ${num(m.stabilizer.minInventory.worst)}`,
  ]
  const t = r.tension
  const tension = [
    c.bold(`Sustain rule vs flash recovery (< ${t.targetBlocks} blocks)`),
    ...t.notes.map((n) => `  ${n}`),
    `  measured: recovery p50 ${num(t.measuredP50)} blocks${t.feasibleN ? `; N in [${t.feasibleN.min}, ${t.feasibleN.max}] both ignores one-block excursions and can meet the target` : ''}`,
  ]
  const failed = r.targets.filter((x) => x.verdict === 'fail')
  const verdict = r.ok
    ? c.green('✔ Every §16 target met in ≥ 95% of runs')
    : c.red(`✖ ${failed.map((x) => x.name).join(', ')} missed (exit 2)`)
  return [...head, table, ...details.map((d) => c.dim(d)), '', ...tension, verdict].join('\n')
}
