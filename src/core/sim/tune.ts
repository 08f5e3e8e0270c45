// The parameter search behind `vault simulate tune`: successive halving over θ, N, W, MIN_BLOCKS, the per-block
// cap, k and the bot's threshold, within the spec's and the contract's bounds. Seeded: the candidates come from
// the seed, and every candidate is judged on the same runs (indexes 0 … r − 1 of the same base seed), so the last
// rung's result is exactly what `vault simulate --runs r` reports for that set.
import type { SimParams } from './params.js'
import { createRng } from './prng.js'
import type { SimReport, TargetId } from './report.js'

export interface TuneSet {
  thresholdBps: number
  sustainBlocks: number
  twapWindow: number
  minBlocks: number
  /** Whole tokens (base units ÷ 10^6). */
  perBlockCap: number
  kPerBps: number
  arbThresholdBps: number
}

/** The search space: integer ranges and, for the sizes, the values tried. Each with where its bounds come from. */
export const TUNE_SPACE = {
  thresholdBps: { range: [2, 10], source: '§16 peg band ±10 bps: θ above it cannot hold the band' },
  sustainBlocks: { range: [2, 4], source: 'Appendix A: ignore single-block moves (N ≥ 2); contract: N ≥ 1' },
  twapWindow: { range: [1, 8], source: 'contract: 1 ≤ W ≤ 1024; W beyond a few blocks only delays' },
  minBlocks: { range: [3, 5], source: 'Appendix A: MIN_BLOCKS 3–5' },
  perBlockCap: { values: [5_000, 10_000, 20_000, 50_000, 100_000], source: 'tokens; up to 10% of a 1M pool' },
  kPerBps: { values: [100, 250, 500, 1_000, 2_500, 5_000], source: 'tokens per bp' },
  arbThresholdBps: { range: [3, 15], source: 'bot: from the round-trip fee up to the §16 spread target' },
} as const

export interface TuneOptions {
  seed: number
  /** Candidates in the first rung (the profile's set is one of them). */
  candidates: number
  /** Runs per rung, increasing; the last is the verdict (≥ 1,000 for a §16 claim). */
  rungs: number[]
  /** Share kept from one rung to the next. */
  keep: number
}

export interface Judged {
  set: TuneSet
  runs: number
  /** Each target's margin (value − limit or limit − value; > 0 inside) and its verdict, at the verdict percentile. */
  targets: { id: TargetId; value: number | null; margin: number | null; verdict: string }[]
  /** The smallest normalized margin (margin ÷ the target's scale): > 0 (≥ 0 for the peg) when every target passes. */
  score: number
  binding: TargetId
  passes: boolean
}

export interface TuneResult {
  options: TuneOptions
  /** Every candidate's last judgement, best first. */
  judged: Judged[]
  best: Judged
  /** Set when no candidate passes: the two targets that conflict and the sets that trade one for the other. */
  frontier: { targets: [TargetId, TargetId]; points: { set: TuneSet; margins: [number, number] }[] } | null
}

export type Evaluate = (set: TuneSet, runs: number) => Promise<SimReport>

const SCALE: Record<TargetId, (r: SimReport) => number> = {
  peg: () => 1,
  spread: () => 15,
  rebalanceLatency: () => 5,
  flashRecovery: () => 3,
  cantilever: (r) => Math.max(1, r.targets.find((t) => t.id === 'cantilever')!.limit),
}

export function setOf(p: SimParams): TuneSet {
  const s = p.stabilizer
  return {
    thresholdBps: s.thresholdBps,
    sustainBlocks: s.sustainBlocks,
    twapWindow: s.twapWindow,
    minBlocks: s.minBlocks,
    perBlockCap: Number(s.perBlockCap / 10n ** 6n),
    kPerBps: Number(s.kPerBps / 10n ** 6n),
    arbThresholdBps: p.arbThresholdBps,
  }
}

/** The parameters with a set applied (and a number of runs). */
export function withSet(p: SimParams, set: TuneSet, runs: number): SimParams {
  return {
    ...p,
    runs,
    arbThresholdBps: set.arbThresholdBps,
    stabilizer: {
      thresholdBps: set.thresholdBps,
      sustainBlocks: set.sustainBlocks,
      twapWindow: set.twapWindow,
      minBlocks: set.minBlocks,
      perBlockCap: BigInt(set.perBlockCap) * 10n ** 6n,
      kPerBps: BigInt(set.kPerBps) * 10n ** 6n,
      meshThresholdBps: p.stabilizer.meshThresholdBps,
    },
  }
}

export function judge(set: TuneSet, r: SimReport): Judged {
  let score = Number.POSITIVE_INFINITY
  let binding: TargetId = 'peg'
  for (const t of r.targets) {
    // 'no data' (e.g. no drain in these runs) neither passes nor binds
    const m = t.margin === null ? Number.POSITIVE_INFINITY : t.margin / SCALE[t.id](r)
    // the peg passes at margin 0 (≥); the others need margin > 0 (<): the same line for both, just below 0
    const adjusted = t.op === '>=' ? m : m - 1e-9
    if (adjusted < score) {
      score = adjusted
      binding = t.id
    }
  }
  return {
    set,
    runs: r.params.runs,
    targets: r.targets.map((t) => ({ id: t.id, value: t.value, margin: t.margin, verdict: t.verdict })),
    score,
    binding,
    passes: r.ok,
  }
}

const key = (s: TuneSet) => JSON.stringify(s)

/** Candidate sets drawn from the seed (the profile's own set first), all distinct. */
export function candidates(base: TuneSet, n: number, seed: number): TuneSet[] {
  const rng = createRng(seed)
  const pickRange = ([lo, hi]: readonly [number, number]) => lo + rng.int(hi - lo + 1)
  const pick = (values: readonly number[]) => values[rng.int(values.length)]
  const out = new Map<string, TuneSet>([[key(base), base]])
  for (let tries = 0; out.size < n && tries < n * 50; tries++) {
    const s: TuneSet = {
      thresholdBps: pickRange(TUNE_SPACE.thresholdBps.range),
      sustainBlocks: pickRange(TUNE_SPACE.sustainBlocks.range),
      twapWindow: pickRange(TUNE_SPACE.twapWindow.range),
      minBlocks: pickRange(TUNE_SPACE.minBlocks.range),
      perBlockCap: pick(TUNE_SPACE.perBlockCap.values),
      kPerBps: pick(TUNE_SPACE.kPerBps.values),
      arbThresholdBps: pickRange(TUNE_SPACE.arbThresholdBps.range),
    }
    out.set(key(s), s)
  }
  return [...out.values()]
}

const better = (a: Judged, b: Judged) =>
  a.passes !== b.passes ? (a.passes ? -1 : 1) : b.score - a.score || key(a.set).localeCompare(key(b.set))

/** Successive halving: judge every candidate on the first rung's runs, keep the best share, repeat with more runs. */
export async function tune(
  base: TuneSet,
  evaluate: Evaluate,
  opts: TuneOptions,
  onRung?: (rung: number, candidates: number, runs: number) => void,
): Promise<TuneResult> {
  let alive = candidates(base, opts.candidates, opts.seed)
  const last = new Map<string, Judged>()
  for (const [i, runs] of opts.rungs.entries()) {
    onRung?.(i, alive.length, runs)
    const judged: Judged[] = []
    for (const set of alive) {
      const j = judge(set, await evaluate(set, runs))
      last.set(key(set), j)
      judged.push(j)
    }
    judged.sort(better)
    const keepN = i === opts.rungs.length - 1 ? judged.length : Math.max(1, Math.ceil(judged.length * opts.keep))
    alive = judged.slice(0, keepN).map((j) => j.set)
  }
  const finalRuns = opts.rungs[opts.rungs.length - 1]
  const all = [...last.values()].sort((a, b) => b.runs - a.runs || better(a, b))
  const best = all[0]
  return {
    options: opts,
    judged: all,
    best,
    frontier: best.passes || best.runs !== finalRuns ? null : frontier(best, all),
  }
}

const marginOf = (j: Judged, id: TargetId) => {
  const t = j.targets.find((x) => x.id === id)!
  return t.margin ?? Number.POSITIVE_INFINITY
}

/**
 * The binding target of the best set, the target that binds for the set best at that one, and the sets on the
 * Pareto front of those two margins (each candidate at its last judgement).
 */
function frontier(best: Judged, all: Judged[]): TuneResult['frontier'] {
  const a = best.binding
  const strongestOnA = [...all].sort((x, y) => marginOf(y, a) - marginOf(x, a))[0]
  let b = strongestOnA.binding
  if (b === a) {
    // the set best at `a` still fails it: pair `a` with the target the best set is next closest to failing
    const others = best.targets.filter((t) => t.id !== a && t.margin !== null).sort((x, y) => x.margin! - y.margin!)
    b = others[0]?.id ?? a
  }
  const points = all
    .filter((j) => !all.some((k) => marginOf(k, a) > marginOf(j, a) && marginOf(k, b) > marginOf(j, b)))
    .map((j) => ({ set: j.set, margins: [marginOf(j, a), marginOf(j, b)] as [number, number] }))
    .sort((x, y) => x.margins[0] - y.margins[0])
  const seen = new Set<string>()
  return {
    targets: [a, b],
    points: points.filter((p) => {
      const k = `${p.margins}`
      if (seen.has(k)) return false
      seen.add(k)
      return true
    }),
  }
}
