import { cantilever, flowPerMinute } from '../core/models/cantilever.js'
import { formatDecimal, formatFraction, type Rational } from '../core/models/rational.js'

/** The `--json` shape of `vault reserve cantilever`: decimal text (≤ 6 places) plus exact fractions. */
export interface CantileverReport {
  size: string
  frequencyPerMin: string
  imbalancePerMin: string
  throughputPerMin: string
  holds: boolean
  marginPerMin: string
  marginBps: bigint | null
  minFrequencyPerMin: bigint
  minSize: string
  /** The same numbers as exact fractions ("2500/3"). */
  exact: { imbalancePerMin: string; throughputPerMin: string; marginPerMin: string; minSize: string }
}

const d = (r: Rational) => formatDecimal(r)

/** s × f ≥ Δ (spec §6) with Δ given per minute, or per hour (Δ = flow / 60, exact). */
export function cantileverReport(input: {
  size: string
  frequency: string
  imbalance?: string
  flowPerHour?: string
}): CantileverReport {
  const delta = input.imbalance ?? flowPerMinute(input.flowPerHour ?? '').exact
  const r = cantilever({ size: input.size, frequencyPerMin: input.frequency, imbalancePerMin: delta })
  return {
    size: d(r.size),
    frequencyPerMin: d(r.frequencyPerMin),
    imbalancePerMin: d(r.imbalancePerMin),
    throughputPerMin: d(r.throughput),
    holds: r.holds,
    marginPerMin: d(r.margin),
    marginBps: r.marginBps,
    minFrequencyPerMin: r.minFrequencyPerMin,
    minSize: d(r.minSize),
    exact: {
      imbalancePerMin: formatFraction(r.imbalancePerMin),
      throughputPerMin: formatFraction(r.throughput),
      marginPerMin: formatFraction(r.margin),
      minSize: formatFraction(r.minSize),
    },
  }
}
