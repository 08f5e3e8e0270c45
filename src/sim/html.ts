// The --report page: one self-contained HTML file (the chart library and the data inline, nothing fetched):
// the targets table, |deviation| and spread over time (p50 / p95 / worst over runs), and each target's
// per-run distribution.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { SimReport } from '../core/sim/report.js'

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)
const num = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }))

/** uPlot's browser build, read from the installed package (not copied into the repository). */
async function chartLibrary() {
  const require = createRequire(import.meta.url)
  const dir = require.resolve('uplot/package.json').replace(/package\.json$/, '')
  const [js, css] = await Promise.all([
    readFile(`${dir}dist/uPlot.iife.min.js`, 'utf8'),
    readFile(`${dir}dist/uPlot.min.css`, 'utf8'),
  ])
  return { js, css }
}

/** Per-run values of each target (the distributions). */
function distributions(r: SimReport) {
  return {
    peg: r.runs.map((x) => x.inBandPct),
    spread: r.runs.map((x) => x.spreadP99),
    rebalanceLatency: r.runs.map((x) => x.rebalanceLatencyP95),
    flashRecovery: r.runs.map((x) => x.flashRecoveryP95),
    cantilever: r.runs.map((x) => x.imbalancePerMin),
  }
}

export async function reportHtml(r: SimReport): Promise<string> {
  const { js, css } = await chartLibrary()
  const p = r.params
  const data = {
    blocksPerBucket: r.series.blocksPerBucket,
    deviation: r.series.deviation,
    spread: r.series.spread,
    targets: r.targets.map((t) => ({ id: t.id, name: t.name, limit: t.limit, op: t.op })),
    distributions: distributions(r),
  }
  const rows = r.targets
    .map(
      (t) =>
        `<tr class="${t.verdict}"><td>${esc(t.name)}</td><td>${esc(t.target)}</td><td>${num(t.overRuns.p50)}</td><td>${num(t.value)}</td><td>${num(t.overRuns.worst)}</td><td>${num(t.margin)}</td><td>${t.verdict}</td></tr>`,
    )
    .join('\n')
  const s = p.stabilizer
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>vault simulate: ${p.runs} runs × ${p.blocks} blocks at ${p.multiplier}×</title>
<style>${css}
body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}
tr.pass td:last-child{color:#1a7f37}tr.fail td:last-child{color:#cf222e;font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:16px}h2{margin-top:28px}</style>
</head><body>
<h1>Stress simulation: ${r.ok ? '✔ every §16 target met' : '✖ targets missed'}</h1>
<p>${p.runs} runs × ${p.blocks} blocks of ${p.blockTimeSec} s at ${p.multiplier}× volume, seed ${p.seed}, ${r.path} path.
Stabilizer θ ${s.thresholdBps} bps, N ${s.sustainBlocks}, W ${s.twapWindow}, MIN_BLOCKS ${s.minBlocks}, cap ${s.perBlockCap}, k ${s.kPerBps} (base units).</p>
<h2>Targets (judged at p${p.verdictPercentile} over runs)</h2>
<table id="targets"><thead><tr><th>target</th><th>goal</th><th>p50</th><th>p${p.verdictPercentile}</th><th>worst</th><th>margin</th><th>verdict</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Over time</h2><div class="charts" id="time"></div>
<h2>Per-run distributions</h2><div class="charts" id="dist"></div>
<script>${js}</script>
<script>
const DATA = ${JSON.stringify(data).replace(/</g, '\\u003c')};
function line(el, title, band, unit) {
  const x = band.p50.map((_, i) => i * DATA.blocksPerBucket);
  new uPlot({ title, width: 560, height: 260, scales: { x: { time: false } },
    series: [{ label: 'block' }, { label: 'p50', stroke: '#0969da' }, { label: 'p95', stroke: '#bf8700' }, { label: 'worst', stroke: '#cf222e' }],
    axes: [{}, { label: unit }] }, [x, band.p50, band.p95, band.worst], el);
}
line(document.getElementById('time'), '|deviation| from the peg, bps (worst public pool per run)', DATA.deviation, 'bps');
line(document.getElementById('time'), 'cross-chain spread, bps (worst pool pair per run)', DATA.spread, 'bps');
for (const t of DATA.targets) {
  const vals = DATA.distributions[t.id].filter((v) => v !== null);
  if (vals.length === 0) continue;
  const lo = Math.min(...vals), hi = Math.max(...vals), bins = 20, w = (hi - lo) / bins || 1;
  const xs = [], ys = [];
  for (let b = 0; b < bins; b++) { xs.push(lo + b * w); ys.push(0); }
  for (const v of vals) ys[Math.min(bins - 1, Math.floor((v - lo) / w))]++;
  new uPlot({ title: t.name + ' (per run; limit ' + t.op + ' ' + t.limit + ')', width: 360, height: 220, scales: { x: { time: false } },
    series: [{ label: 'value' }, { label: 'runs', stroke: '#0969da', fill: 'rgba(9,105,218,0.3)', paths: uPlot.paths.bars({ size: [0.9] }) }] },
    [xs, ys], document.getElementById('dist'));
}
</script>
</body></html>
`
}
