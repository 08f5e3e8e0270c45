import type { StressResult, StressTarget } from '../../stress/run.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'

const num = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }))
const verdict = (v: StressTarget['measuredVerdict']) =>
  v === 'pass' ? c.green('✔ pass') : v === 'fail' ? c.red('✖ FAIL') : c.yellow('no data')

/** Measured beside predicted, one row per §16 target, and what the run drove. */
export async function renderStress(r: StressResult): Promise<string> {
  const d = r.driven
  const m = r.measured.run
  const p = r.predicted.run
  const head = [
    c.bold(
      `Stress on the localnet: seed ${r.seed}, ${r.blocks} blocks a chain at ${r.intervalSec} s (prediction: ${r.path} path)`,
    ),
    c.dim(
      `  ${r.chains.map((x) => `chain ${x.chainId} blocks ${x.firstBlock}–${x.lastBlock}`).join(', ')}; ${d.flowTxs} flow transactions landed (${d.flowFailed} reverted, ${d.flowNotLanded} not landed), ${d.oracleUpdates} oracle updates, ${d.lateSteps} late steps`,
    ),
    c.dim(
      `  keeper: ${r.keeper.executions} executions (predicted ${p.executions}), ${r.keeper.failures} failed, ${r.keeper.errors} errors; bot: ${r.bot.trades} trades, ${r.bot.failures} failed; drains ${m.drains} (predicted ${p.drains})`,
    ),
  ]
  const table = await renderTable(
    ['target', 'goal', 'measured', '', 'predicted', ''],
    r.targets.map((t) => [
      t.name,
      t.target,
      num(t.measured),
      verdict(t.measuredVerdict),
      num(t.predicted),
      verdict(t.predictedVerdict),
    ]),
  )
  const tail = r.ok ? c.green('Every measured target is met.') : c.red('A measured target is not met (exit 2).')
  return [...head, '', table, '', tail].join('\n')
}
