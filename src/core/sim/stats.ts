// Percentiles for the simulation's reports (nearest-rank: every reported value is one that was observed).

/** The q-th percentile (0 < q ≤ 100) of `values` by nearest rank; null for no values. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((x, y) => x - y)
  return sortedPercentile(sorted, q)
}

function sortedPercentile(sorted: readonly number[], q: number): number {
  const rank = Math.ceil((q / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

/** p50, p95, p99 and max of a sample (null when it is empty), with its size. */
export interface Summary {
  count: number
  p50: number | null
  p95: number | null
  p99: number | null
  max: number | null
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null }
  const sorted = [...values].sort((x, y) => x - y)
  return {
    count: sorted.length,
    p50: sortedPercentile(sorted, 50),
    p95: sortedPercentile(sorted, 95),
    p99: sortedPercentile(sorted, 99),
    max: sorted[sorted.length - 1],
  }
}

/** A per-run statistic across runs: p50 and p95 (p5 where higher is better), and the worst run. */
export interface AcrossRuns {
  /** Runs that produced a value (event metrics are undefined in a run without events). */
  runs: number
  p50: number | null
  /** The value 95% of runs do at least as well as: the 95th percentile, or the 5th where higher is better. */
  p95: number | null
  worst: number | null
}

export function acrossRuns(values: readonly (number | null)[], higherIsBetter = false): AcrossRuns {
  const v = values.filter((x): x is number => x !== null)
  if (v.length === 0) return { runs: 0, p50: null, p95: null, worst: null }
  const sorted = v.sort((x, y) => x - y)
  return {
    runs: sorted.length,
    p50: sortedPercentile(sorted, 50),
    p95: higherIsBetter ? sortedPercentile(sorted, 5) : sortedPercentile(sorted, 95),
    worst: higherIsBetter ? sorted[0] : sorted[sorted.length - 1],
  }
}
