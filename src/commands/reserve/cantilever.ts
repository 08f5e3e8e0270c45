import { Flags } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'

import type { cantileverReport } from '../../reserve/cantilever.js'

/** JSON of `vault reserve cantilever`. */
export type ReserveCantileverResult = ReturnType<typeof cantileverReport>

export default class ReserveCantilever extends VaultCommand<ReserveCantileverResult> {
  static override summary = 'Does s × f ≥ Δ hold (spec §6), and by what margin?'
  static override description =
    `s = units per stabilization trade, f = trades per minute, Δ = net imbalance per minute (or --flow-per-hour: Δ = flow / 60, exact). Inputs may be decimals or fractions (833.3, 2500/3); the arithmetic is exact.
Spec: 5 × 33 = 165/min; §11: 25 × 33 = 825/min is below 833/min.
Exit 0 when it holds, 2 when it does not, 3 for bad input (zero or negative s or f, negative Δ).
JSON: {size, frequencyPerMin, imbalancePerMin, throughputPerMin, holds, marginPerMin, marginBps, minFrequencyPerMin, minSize, exact: {imbalancePerMin, throughputPerMin, marginPerMin, minSize}} (numbers as decimal strings; marginBps is null when Δ = 0).`
  static override examples = [
    '<%= config.bin %> reserve cantilever --size 5 --frequency 33 --imbalance 165',
    '<%= config.bin %> reserve cantilever --size 25 --frequency 33 --imbalance 833',
    '<%= config.bin %> reserve cantilever --size 25 --frequency 33 --flow-per-hour 50000 --json',
  ]
  static override flags = {
    size: Flags.string({ char: 's', description: 's: units per trade.', required: true }),
    frequency: Flags.string({ char: 'f', description: 'f: trades per minute.', required: true }),
    imbalance: Flags.string({
      description: 'Δ: net imbalance per minute.',
      exactlyOne: ['imbalance', 'flow-per-hour'],
    }),
    'flow-per-hour': Flags.string({
      description: 'External flow per hour (Δ = flow / 60).',
      exactlyOne: ['imbalance', 'flow-per-hour'],
    }),
  }

  async run(): Promise<ReserveCantileverResult> {
    const { flags } = await this.parse(ReserveCantilever)
    const { cantileverReport } = await import('../../reserve/cantilever.js')
    const report = cantileverReport({
      size: flags.size,
      frequency: flags.frequency,
      imbalance: flags.imbalance,
      flowPerHour: flags['flow-per-hour'],
    })
    if (!report.holds) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderCantilever } = await import('../../cli/render/models.js')
      this.out(renderCantilever(report))
    }
    return report
  }
}
