import { Flags } from '@oclif/core'
import { VaultCommand } from '../cli/command.js'
import type { Finding } from '../core/lint/params.js'

import type { lintSpec } from '../core/lint/reserve.js'

/** JSON of `vault lint`: every finding (with the flags a skipped check needs) and the summary. */
export type LintResult = ReturnType<typeof lintSpec>

export default class Lint extends VaultCommand<LintResult> {
  static override summary = "Check the stabilizer parameters against the spec's conditions and targets."
  static override description =
    `Lints the profile's stabilizer.* settings (θ, N, W, MIN_BLOCKS, perBlockCap) with the context you add:
s × f ≥ Δ (§6, §11), per-block cap ≥ flash drain (§8), N and N + MIN_BLOCKS against flash recovery < 3 blocks and rebalance latency < 5 blocks (§16), dead band θ against fee + gas, reserve ≥ P × T × 3 (§7), reserve.safety in 3–5.
Amounts are whole tokens; perBlockCap is converted with --decimals. Checks without their inputs are reported as skipped (info). No chain is read. --spec lints the spec's own example parameters instead (s = 25, f = 33/min against 50,000/hr = 833.33/min, …) and names each number's source.
Exit 0 without errors (warnings allowed), 2 on any error-level finding, 3 for bad input.
JSON: {target: "profile"|"spec", profile?, unit, params, context, sources, findings: [{id, level, message, reason, suggestion, data}], summary: {errors, warnings, infos, ok}}`
  static override examples = [
    '<%= config.bin %> lint',
    '<%= config.bin %> lint --flow-per-hour 50000 --trade-size 25 --frequency 33 --flash-drain 2000',
    '<%= config.bin %> lint --spec --json',
  ]
  static override flags = {
    spec: Flags.boolean({ description: "Lint the spec's example parameters instead of the profile's." }),
    'trade-size': Flags.string({
      description: 's: units per stabilization trade (default with f: perBlockCap).',
      helpGroup: 'CONTEXT',
    }),
    frequency: Flags.string({ description: 'f: stabilization trades per minute.', helpGroup: 'CONTEXT' }),
    'block-time': Flags.string({
      description: 'Seconds per block (derives f from MIN_BLOCKS when --frequency is absent).',
      helpGroup: 'CONTEXT',
    }),
    imbalance: Flags.string({
      description: 'Δ: net imbalance per minute.',
      exclusive: ['flow-per-hour'],
      helpGroup: 'CONTEXT',
    }),
    'flow-per-hour': Flags.string({ description: 'External flow per hour (Δ = flow / 60).', helpGroup: 'CONTEXT' }),
    'flash-drain': Flags.string({
      description: 'Largest amount one block can move (the cap must absorb it).',
      helpGroup: 'CONTEXT',
    }),
    'fee-bps': Flags.string({ description: 'Pool fee a rebalance pays, bps.', helpGroup: 'CONTEXT' }),
    'gas-bps': Flags.string({ description: 'Gas cost of a rebalance, bps of a typical trade.', helpGroup: 'CONTEXT' }),
    reserve: Flags.string({ description: 'Stabilization reserve held.', helpGroup: 'CONTEXT' }),
    'peak-outflow': Flags.string({ description: 'P: peak outflow per minute.', helpGroup: 'CONTEXT' }),
    window: Flags.string({ description: 'T: stabilization window, minutes.', helpGroup: 'CONTEXT' }),
    decimals: Flags.integer({
      description: "Decimals of the stabilizer's token (perBlockCap is in base units).",
      default: 6,
      helpGroup: 'CONTEXT',
    }),
  }

  async run(): Promise<LintResult> {
    const { flags: f } = await this.parse(Lint)
    const { lintProfile, lintSpec } = await import('../core/lint/reserve.js')
    let report: ReturnType<typeof lintSpec>
    if (f.spec) report = lintSpec()
    else {
      const ctx = await this.context(f)
      report = lintProfile(ctx.profileName, ctx.profile, {
        tradeSize: f['trade-size'],
        frequency: f.frequency,
        blockTime: f['block-time'],
        imbalance: f.imbalance,
        flowPerHour: f['flow-per-hour'],
        flashDrain: f['flash-drain'],
        feeBps: f['fee-bps'],
        gasBps: f['gas-bps'],
        reserve: f.reserve,
        peakOutflow: f['peak-outflow'],
        windowMin: f.window,
        decimals: f.decimals,
      })
    }
    report.findings = report.findings.map(withFlags)
    if (!report.summary.ok) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderLint } = await import('../cli/render/models.js')
      this.out(renderLint(report))
    }
    return report
  }
}

/** The flags that supply the inputs a skipped check names (by their parameter names). */
const INPUT_FLAGS: Record<string, string> = {
  'imbalancePerMin or flowPerHour': '--imbalance or --flow-per-hour',
  'gasCostBps (or gasCost and typicalTradeSize)': '--gas-bps',
  tradeSize: '--trade-size',
  frequencyPerMin: '--frequency (or --block-time)',
  flashDrain: '--flash-drain',
  feeBps: '--fee-bps',
  peakOutflowPerMin: '--peak-outflow',
  windowMin: '--window',
  reserve: '--reserve',
}

/** A skipped check tells the user which flags would run it. */
function withFlags(f: Finding): Finding {
  if (!f.id.endsWith('.skipped') || typeof f.data.missing !== 'string') return f
  const flags = f.data.missing.split(',').map((name) => INPUT_FLAGS[name] ?? name)
  return { ...f, suggestion: `Give ${flags.join(' and ')} to run this check.` }
}
