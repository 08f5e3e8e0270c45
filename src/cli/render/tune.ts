import type { TargetId } from '../../core/sim/report.js'
import type { TuneResult, TuneSet } from '../../core/sim/tune.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'

const NAMES: Record<TargetId, string> = {
  peg: 'Peg stability (% in band)',
  spread: 'Cross-chain spread (bps)',
  rebalanceLatency: 'Rebalance latency (blocks)',
  flashRecovery: 'Flash drain recovery (blocks)',
  cantilever: 'Stabilizer throughput (Δ/min)',
}
const num = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }))

export const setText = (s: TuneSet) =>
  `θ ${s.thresholdBps} bps, N ${s.sustainBlocks}, W ${s.twapWindow}, MIN_BLOCKS ${s.minBlocks}, cap ${num(s.perBlockCap)}, k ${num(s.kPerBps)}/bp, bot > ${s.arbThresholdBps} bps`

export async function renderTune(
  r: TuneResult,
  wrote: { name: string; keys: string[] } | null,
  asked: string | undefined,
): Promise<string> {
  const o = r.options
  const b = r.best
  const lines = [
    c.bold(
      `Successive halving: ${o.candidates} sets, rungs of ${o.rungs.join(' → ')} runs (keep ${o.keep}), seed ${o.seed}`,
    ),
    `${b.passes ? c.green('✔ Best set (passes every target)') : c.red('✖ No set passes; the best')} at ${b.runs} runs: ${setText(b.set)}`,
    await renderTable(
      ['target', 'value', 'margin', ''],
      b.targets.map((t) => [
        NAMES[t.id],
        num(t.value),
        num(t.margin),
        t.verdict === 'pass' ? c.green('✔') : t.verdict === 'fail' ? c.red('✖') : c.yellow('no data'),
      ]),
    ),
  ]
  if (!b.passes) lines.push(`binding target: ${NAMES[b.binding]}`)
  if (r.frontier) {
    const [x, y] = r.frontier.targets
    lines.push(c.bold(`Frontier: ${NAMES[x]} vs ${NAMES[y]} (margins; > 0 is inside the limit)`))
    lines.push(
      await renderTable(
        [`${x} margin`, `${y} margin`, 'set'],
        r.frontier.points.map((p) => [num(p.margins[0]), num(p.margins[1]), setText(p.set)]),
      ),
    )
  }
  if (wrote)
    lines.push(
      c.green(
        `Wrote ${wrote.keys.join(', ')} to profile "${wrote.name}" (\`vault bridge arb\` and \`vault simulate\` read the bot threshold from it)`,
      ),
    )
  else if (asked)
    lines.push(c.yellow(`Profile "${asked}" not written: the best set fails a target (--force writes it anyway)`))
  return lines.join('\n')
}
