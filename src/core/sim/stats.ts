// Percentiles for the simulation's reports (nearest-rank: every reported value is one that was observed).

/** The q-th percentile (0 < q ≤ 100) of `values` by nearest rank; null for no values. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((x, y) => x - y)
  return sortedPercentile(sorted, q)
}

function sortedPercentile(sorted: readonly number[], q: number): number {
  const rank = Math.ceil(Math.round(q * sorted.length * 1e6) / 1e8)
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

/**
 * A per-run statistic across runs: p50, p95 and p99 (p5 and p1 where higher is better: the value 95% or 99% of
 * runs do at least as well as), and the worst run.
 */
export interface AcrossRuns {
  /** Runs that produced a value (event metrics are undefined in a run without events). */
  runs: number
  p50: number | null
  p95: number | null
  p99: number | null
  worst: number | null
}

/** The value q% of runs do at least as well as (nearest rank on the sorted values). */
export function atLeast(sorted: readonly number[], q: number, higherIsBetter: boolean): number {
  return sortedPercentile(sorted, higherIsBetter ? 100 - q : q)
}

export function acrossRuns(values: readonly (number | null)[], higherIsBetter = false): AcrossRuns {
  const v = values.filter((x): x is number => x !== null)
  if (v.length === 0) return { runs: 0, p50: null, p95: null, p99: null, worst: null }
  const sorted = v.sort((x, y) => x - y)
  return {
    runs: sorted.length,
    p50: sortedPercentile(sorted, 50),
    p95: atLeast(sorted, 95, higherIsBetter),
    p99: atLeast(sorted, 99, higherIsBetter),
    worst: higherIsBetter ? sorted[0] : sorted[sorted.length - 1],
  }
}
