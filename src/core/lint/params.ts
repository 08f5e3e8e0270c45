import { FLASH_RECOVERY_TARGET_BLOCKS, flashRecoveryBlocks } from '../deviation/flash.js'
import { VaultError } from '../errors.js'
import { cantilever } from '../models/cantilever.js'
import {
  add,
  ceil,
  cmp,
  type Decimalish,
  div,
  formatDecimal,
  mul,
  type Rational,
  rat,
  sub,
  toRational,
} from '../models/rational.js'

/**
 * Parameter lint: checks a stabilizer configuration against the spec's own conditions and targets.
 * All amounts (trade size, per-block cap, drain, reserve, outflow, gas cost, trade) must be in one unit,
 * whole tokens or base units, the caller's choice; the checks only compare them with each other.
 * Over 300 lines on purpose: one function a spec condition (cantilever, cap, flash recovery, dead band, reserve),
 * each with its skipped/warning/error findings and their hints; they share the parsing helpers and targets here.
 */

/** The stabilizer's parameters (names as in the `stabilizer.*` config keys). Missing ones skip their checks. */
export interface LintParams {
  /** s: units per stabilization trade. */
  tradeSize?: Decimalish
  /** f: stabilization trades per minute. */
  frequencyPerMin?: Decimalish
  /** θ: dead band in bps. */
  thresholdBps?: Decimalish
  /** N: blocks a deviation must last before the stabilizer acts. */
  sustainBlocks?: number
  /** W: TWAP window in blocks. */
  twapWindow?: number
  /** MIN_BLOCKS between executions. */
  minBlocks?: number
  /** Most the stabilizer trades in one block. */
  perBlockCap?: Decimalish
  /** k: units traded per bp of TWAP deviation (a trade is min(k × |TWAP deviation|, perBlockCap)). */
  kPerBps?: Decimalish
}

/** What the parameters are judged against. */
export interface LintContext {
  /** Δ: net imbalance per minute; or give `flowPerHour`. */
  imbalancePerMin?: Decimalish
  /** External flow per hour; Δ = flowPerHour / 60 (exact). Ignored when imbalancePerMin is given. */
  flowPerHour?: Decimalish
  /** The drain (amount moved in one block) the per-block cap must absorb. */
  flashDrain?: Decimalish
  /** The deviation that drain leaves, in bps (adds the TWAP gate to the recovery model). */
  flashDrainDeviationBps?: number
  /** §16 targets. */
  flashRecoveryTargetBlocks?: number
  rebalanceLatencyTargetBlocks?: number
  pegTargetBps?: Decimalish
  /** Pool fee a rebalance pays, bps. */
  feeBps?: Decimalish
  /** Gas cost already in bps of a typical trade; or give gasCost and typicalTradeSize. */
  gasCostBps?: Decimalish
  gasCost?: Decimalish
  typicalTradeSize?: Decimalish
  /** Reserve check (§7): reserve ≥ P × T × minSafety. */
  reserve?: Decimalish
  peakOutflowPerMin?: Decimalish
  windowMin?: Decimalish
  /** Default 3 (the low end of the spec's 3–5×). */
  minSafety?: Decimalish
}

export type FindingLevel = 'error' | 'warning' | 'info'

/**
 * One lint result. JSON-stable: `id` is a stable dotted name; `data` holds the numbers behind the message as
 * decimal strings (exact values as text, rounded to ≤ 6 places) or plain numbers for block counts.
 */
export interface Finding {
  id: string
  level: FindingLevel
  message: string
  reason: string
  suggestion: string
  data: Record<string, string | number | boolean | null>
}

/** §16 defaults. */
export const LINT_TARGETS = {
  flashRecoveryBlocks: FLASH_RECOVERY_TARGET_BLOCKS,
  rebalanceLatencyBlocks: 5,
  pegBps: 10,
  minSafety: 3,
} as const

const fmt = (r: Rational) => formatDecimal(r)
/** Rounded up to 2 decimals, for "raise to at least" suggestions. */
const fmtUp = (r: Rational) => formatDecimal(rat(ceil(mul(r, rat(100n))), 100n), 2)

function opt(value: Decimalish | undefined, name: string): Rational | undefined {
  if (value === undefined) return undefined
  const r = toRational(value, name)
  if (r.num < 0n)
    throw new VaultError('PARAM_OUT_OF_RANGE', `${name} cannot be negative`, { details: `Got ${fmt(r)}.` })
  return r
}

function optInt(value: number | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined
  if (!Number.isSafeInteger(value) || value < min)
    throw new VaultError('NUMBER_INVALID', `${name} must be a whole number ≥ ${min}`, { details: `Got ${value}.` })
  return value
}

const skipped = (id: string, what: string, missing: string[]): Finding => ({
  id: `${id}.skipped`,
  level: 'info',
  message: `${what}: not checked`,
  reason: `Missing ${missing.join(', ')}.`,
  suggestion: `Give ${missing.join(' and ')} to run this check.`,
  data: { missing: missing.join(',') },
})

function lintCantilever(p: LintParams, c: LintContext, out: Finding[]) {
  const s = opt(p.tradeSize, 'Trade size')
  const f = opt(p.frequencyPerMin, 'Trade frequency')
  const delta =
    c.imbalancePerMin !== undefined
      ? opt(c.imbalancePerMin, 'Imbalance per minute')
      : c.flowPerHour !== undefined
        ? div(opt(c.flowPerHour, 'Flow per hour')!, rat(60n))
        : undefined
  const missing = [!s && 'tradeSize', !f && 'frequencyPerMin', !delta && 'imbalancePerMin or flowPerHour'].filter(
    (m): m is string => !!m,
  )
  if (missing.length) {
    out.push(skipped('cantilever', 's × f ≥ Δ (§6)', missing))
    return
  }
  const r = cantilever({ size: s!, frequencyPerMin: f!, imbalancePerMin: delta! })
  if (r.holds) return
  out.push({
    id: 'cantilever.throughput',
    level: 'error',
    message: `Stabilization throughput s × f = ${fmt(s!)} × ${fmt(f!)} = ${r.display.throughput}/min is below the imbalance Δ = ${r.display.imbalancePerMin}/min`,
    reason: `The cantilever model (§6) holds only when s × f ≥ Δ; the stabilizer falls ${fmt(rat(-r.margin.num, r.margin.den))}/min behind and the deviation grows until it leaves the band.`,
    suggestion: `Raise f to at least ${r.minFrequencyPerMin}/min at s = ${fmt(s!)}, or s to at least ${fmtUp(r.minSize)} at f = ${fmt(f!)}.`,
    data: {
      tradeSize: fmt(s!),
      frequencyPerMin: fmt(f!),
      throughputPerMin: r.display.throughput,
      imbalancePerMin: r.display.imbalancePerMin,
      marginPerMin: r.display.margin,
      marginBps: r.marginBps === null ? null : r.marginBps.toString(),
      minFrequencyPerMin: r.minFrequencyPerMin.toString(),
      minTradeSize: r.display.minSize,
    },
  })
}

function lintCap(p: LintParams, c: LintContext, out: Finding[]) {
  const cap = opt(p.perBlockCap, 'Per-block cap')
  const drain = opt(c.flashDrain, 'Flash drain')
  const s = opt(p.tradeSize, 'Trade size')
  if (cap && s && cmp(cap, s) < 0) {
    out.push({
      id: 'cap.below-trade-size',
      level: 'warning',
      message: `Per-block cap ${fmt(cap)} is below the trade size s = ${fmt(s)}`,
      reason: 'Every trade is cut to the cap, so the throughput the cantilever check assumes is never reached.',
      suggestion: `Raise perBlockCap to at least ${fmt(s)}, or plan with s = ${fmt(cap)}.`,
      data: { perBlockCap: fmt(cap), tradeSize: fmt(s) },
    })
  }
  if (!cap || !drain) {
    const missing = [!cap && 'perBlockCap', !drain && 'flashDrain'].filter((m): m is string => !!m)
    out.push(skipped('cap', 'Per-block cap ≥ flash drain (§8)', missing))
    return
  }
  if (cmp(cap, drain) >= 0) return
  const executions = ceil(div(drain, cap))
  out.push({
    id: 'cap.flash-drain',
    level: 'error',
    message: `Per-block cap ${fmt(cap)} is below the flash drain ${fmt(drain)} it must absorb`,
    reason: `Reversing the drain takes ${executions} executions, each at least max(MIN_BLOCKS, 1) blocks apart, so recovery cannot finish within the target.`,
    suggestion: `Raise perBlockCap to at least ${fmt(drain)}, or size the public pool so one block cannot move more than ${fmt(cap)}.`,
    data: { perBlockCap: fmt(cap), flashDrain: fmt(drain), executions: Number(executions) },
  })
}

function lintFlash(p: LintParams, c: LintContext, out: Finding[]) {
  const N = optInt(p.sustainBlocks, 'Sustain blocks (N)', 1)
  const minBlocks = optInt(p.minBlocks, 'MIN_BLOCKS', 0)
  const target = optInt(c.flashRecoveryTargetBlocks, 'Flash recovery target', 1) ?? LINT_TARGETS.flashRecoveryBlocks
  const latency =
    optInt(c.rebalanceLatencyTargetBlocks, 'Rebalance latency target', 1) ?? LINT_TARGETS.rebalanceLatencyBlocks
  if (N === undefined) {
    out.push(skipped('flash', 'Flash recovery and rebalance latency (§16)', ['sustainBlocks']))
    return
  }

  if (N < 2) {
    out.push({
      id: 'flash.single-block',
      level: 'warning',
      message: `N = ${N}: a single deviating block triggers a rebalance`,
      reason: '§8 asks to ignore single-block imbalance; with N = 1 one block that deviates and reverts is acted on.',
      suggestion: 'Use N = 2: it ignores one-block excursions and can still recover in < 3 blocks.',
      data: { sustainBlocks: N },
    })
  }
  if (N >= latency) {
    out.push({
      id: 'latency.sustain-exceeds-target',
      level: 'error',
      message: `N = ${N} blocks alone misses the rebalance latency target (< ${latency} blocks)`,
      reason: 'The stabilizer cannot act before N completed blocks have deviated.',
      suggestion: `Lower N to at most ${latency - 1}.`,
      data: { sustainBlocks: N, targetBlocks: latency },
    })
  } else if (N + 1 >= latency) {
    out.push({
      id: 'latency.no-slack',
      level: 'error',
      message: `N = ${N} leaves no block of slack against the rebalance latency target (< ${latency} blocks)`,
      reason:
        'The correction lands in block N at the earliest, sized on the completed blocks; the flow that keeps arriving in that block leaves a share of sustained episodes one block longer (`vault simulate` measures their p95 at N + 1).',
      suggestion: `Lower N to at most ${latency - 2}.`,
      data: { sustainBlocks: N, targetBlocks: latency },
    })
  }
  if (N >= target) {
    out.push({
      id: 'flash.sustain-exceeds-target',
      level: 'error',
      message: `N = ${N}: the stabilizer cannot act before block ${N} after a drain, so flash recovery in < ${target} blocks is impossible`,
      reason:
        'A rule that waits for N deviating blocks acts N blocks after the drain at the earliest; §16 asks for recovery in fewer blocks than that.',
      suggestion:
        target - 1 >= 2
          ? `Use N = ${target - 1} (N ≥ 2 still ignores single-block excursions), or relax the recovery target to ${N + 1} blocks.`
          : `No N ≥ 2 meets a < ${target}-block target; relax the target or accept acting on single-block excursions.`,
      data: { sustainBlocks: N, targetBlocks: target, earliestActionBlock: N },
    })
  }
  if (minBlocks === undefined) {
    out.push(skipped('flash.delay', 'N + MIN_BLOCKS vs flash recovery (§16)', ['minBlocks']))
    return
  }

  const cap = opt(p.perBlockCap, 'Per-block cap')
  const drain = opt(c.flashDrain, 'Flash drain')
  const theta = opt(p.thresholdBps, 'Threshold')
  const k = opt(p.kPerBps, 'k (per bp)')
  const twapGate =
    p.twapWindow !== undefined && theta && c.flashDrainDeviationBps !== undefined
      ? { twapWindow: p.twapWindow, thresholdBps: ceil(theta), drainDeviationBps: c.flashDrainDeviationBps }
      : {}
  const recovery = (size: Rational | undefined) =>
    flashRecoveryBlocks({
      N,
      minBlocks,
      targetBlocks: target,
      ...twapGate,
      ...(size && drain && size.num > 0n ? { drainAmount: ceil(drain), perBlockCap: ceil(size) } : {}),
    })
  let model = recovery(cap)
  // the first trade is min(k × |TWAP deviation| when it fires, cap): with a small k one trade does not undo the drain
  let kBound = false
  if (k && cap && drain && c.flashDrainDeviationBps !== undefined && model.earliestActionOffset !== null) {
    const W = p.twapWindow ?? 1
    const x = model.earliestActionOffset
    const twapDev = Math.floor((Math.abs(c.flashDrainDeviationBps) * Math.min(x, W)) / W)
    const first = mul(k, rat(BigInt(twapDev)))
    if (cmp(first, cap) < 0) {
      model = recovery(first)
      kBound = true
    }
  }
  const data = {
    sustainBlocks: N,
    minBlocks,
    targetBlocks: target,
    earliestActionBlock: model.earliestActionOffset,
    recoveryBlocks: model.recoveryBlocks,
    worstCaseRecoveryBlocks: model.worstCase.recoveryBlocks,
    executions: model.executions,
  }
  if (N + minBlocks >= target) {
    out.push({
      id: 'flash.sustain-plus-delay',
      level: model.executions > 1 ? 'error' : 'warning',
      message: `N + MIN_BLOCKS = ${N} + ${minBlocks} = ${N + minBlocks} blocks: a drain that needs a second execution, or lands right after one, cannot recover in < ${target} blocks`,
      reason:
        'MIN_BLOCKS spaces executions: a second trade comes MIN_BLOCKS after the first (which is N blocks after the drain), and a drain arriving just after an execution waits out MIN_BLOCKS before the first.' +
        (model.executions > 1 ? ` This drain needs ${model.executions} executions at the per-block cap.` : ''),
      suggestion:
        model.executions > 1
          ? `Raise perBlockCap so one execution reverses the drain, and keep N + MIN_BLOCKS ≤ ${target - 1} if a second one must fit.`
          : `Keep perBlockCap ≥ the largest drain so one execution suffices; with MIN_BLOCKS = ${minBlocks} only a single-execution recovery meets the target.`,
      data,
    })
  }
  const reported = N >= target || (N + minBlocks >= target && model.executions > 1)
  if (!reported && !model.meetsTarget && model.recoveryBlocks !== null) {
    out.push({
      id: 'flash.recovery-exceeds-target',
      level: 'error',
      message: `A flash drain recovers in ${model.recoveryBlocks} blocks, not < ${target}`,
      reason: model.notes.join(' '),
      suggestion:
        model.binding === 'twap' && model.executions === 1
          ? 'Shorten the TWAP window W: the TWAP gate keeps the stabilizer idle after N is met.'
          : kBound
            ? `Raise k: the first trade, k × the TWAP deviation, undoes only part of the drain (executions now: ${model.executions}).`
            : `Raise perBlockCap so one execution reverses the drain (executions now: ${model.executions}).`,
      data,
    })
  }
}

function lintDeadBand(p: LintParams, c: LintContext, out: Finding[]) {
  const theta = opt(p.thresholdBps, 'Threshold')
  const fee = opt(c.feeBps, 'Fee')
  let gas = opt(c.gasCostBps, 'Gas cost (bps)')
  if (!gas && c.gasCost !== undefined && c.typicalTradeSize !== undefined) {
    const trade = opt(c.typicalTradeSize, 'Typical trade size')!
    if (trade.num === 0n) throw new VaultError('AMOUNT_INVALID', 'Typical trade size must be greater than zero')
    gas = mul(div(opt(c.gasCost, 'Gas cost')!, trade), rat(10_000n))
  }
  const peg = opt(c.pegTargetBps, 'Peg target') ?? rat(BigInt(LINT_TARGETS.pegBps))
  if (theta && cmp(theta, peg) > 0) {
    out.push({
      id: 'deadband.above-peg-target',
      level: 'warning',
      message: `Dead band θ = ${fmt(theta)} bps is wider than the peg target ±${fmt(peg)} bps`,
      reason:
        'Deviations between the peg target and θ are tolerated without action, so the §16 peg target is not defended.',
      suggestion: `Lower thresholdBps to at most ${fmt(peg)}.`,
      data: { thresholdBps: fmt(theta), pegTargetBps: fmt(peg) },
    })
  }
  const missing = [
    !theta && 'thresholdBps',
    !fee && 'feeBps',
    !gas && 'gasCostBps (or gasCost and typicalTradeSize)',
  ].filter((m): m is string => !!m)
  if (missing.length) {
    out.push(skipped('deadband', 'Dead band θ vs fee + gas', missing))
    return
  }
  const cost = add(fee!, gas!)
  if (cmp(theta!, cost) > 0) return
  const impossible = cmp(cost, peg) >= 0
  out.push({
    id: 'deadband.below-costs',
    level: 'error',
    message: `Dead band θ = ${fmt(theta!)} bps does not exceed the cost of a rebalance, fee + gas = ${fmt(fee!)} + ${fmt(gas!)} = ${fmt(cost)} bps`,
    reason:
      'A rebalance triggered at θ pays more in fees and gas than the deviation it removes, so the stabilizer loses money on every trade near the band edge.',
    suggestion: impossible
      ? `Costs (${fmt(cost)} bps) exceed the peg target (±${fmt(peg)} bps): no θ satisfies both; lower the fee or batch trades to cut gas per trade.`
      : `Raise thresholdBps above ${fmt(cost)}, or lower the fee or the gas per trade.`,
    data: {
      thresholdBps: fmt(theta!),
      feeBps: fmt(fee!),
      gasCostBps: fmt(gas!),
      costBps: fmt(cost),
      pegTargetBps: fmt(peg),
    },
  })
}

function lintReserve(c: LintContext, out: Finding[]) {
  const reserve = opt(c.reserve, 'Reserve')
  const P = opt(c.peakOutflowPerMin, 'Peak outflow per minute')
  const T = opt(c.windowMin, 'Stabilization window')
  const safety = opt(c.minSafety, 'Minimum safety factor') ?? rat(BigInt(LINT_TARGETS.minSafety))
  const missing = [!reserve && 'reserve', !P && 'peakOutflowPerMin', !T && 'windowMin'].filter((m): m is string => !!m)
  if (missing.length) {
    out.push(skipped('reserve', 'Reserve ≥ P × T × safety (§7)', missing))
    return
  }
  if (T!.num === 0n) throw new VaultError('PARAM_OUT_OF_RANGE', 'Stabilization window must be longer than zero minutes')
  if (safety.num === 0n) throw new VaultError('PARAM_OUT_OF_RANGE', 'Safety factor must be greater than zero')
  const base = mul(P!, T!)
  const required = mul(base, safety)
  if (cmp(reserve!, required) >= 0) return
  const belowBase = cmp(reserve!, base) < 0
  out.push({
    id: 'reserve.below-safety',
    level: 'error',
    message: `Reserve ${fmt(reserve!)} is below P × T × ${fmt(safety)} = ${fmt(required)}${belowBase ? `, and even below P × T = ${fmt(base)}` : ''}`,
    reason: `§7 asks for Reserve ≥ P × T with a ${LINT_TARGETS.minSafety}–5× safety factor; a peak-outflow window of ${fmt(T!)} min would ${belowBase ? 'exhaust the reserve' : 'leave no safety margin'}.`,
    suggestion: `Add ${fmt(rat(ceil(sub(required, reserve!))))} to the reserve, or cap outflow below ${fmt(div(reserve!, mul(T!, safety)))}/min.`,
    data: {
      reserve: fmt(reserve!),
      base: fmt(base),
      required: fmt(required),
      safety: fmt(safety),
      belowBase,
    },
  })
}

/**
 * Lints stabilizer parameters against the spec. Returns findings in a fixed order (cantilever, cap, flash,
 * dead band, reserve); checks whose inputs are missing come back as `info` findings ending in `.skipped`.
 * Passing checks produce no finding. Throws badInput (exit 3) for malformed numbers.
 */
export function lintParams(params: LintParams, context: LintContext = {}): Finding[] {
  const out: Finding[] = []
  lintCantilever(params, context, out)
  lintCap(params, context, out)
  lintFlash(params, context, out)
  lintDeadBand(params, context, out)
  lintReserve(context, out)
  return out
}

/** Errors first, then warnings, then info; stable within a level. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = { error: 0, warning: 1, info: 2 } as const
  return [...findings].sort((a, b) => rank[a.level] - rank[b.level])
}

/** Counts per level; `ok` when there is no error (the CLI exits 2 otherwise). */
export function summarizeFindings(findings: readonly Finding[]) {
  const errors = findings.filter((f) => f.level === 'error').length
  const warnings = findings.filter((f) => f.level === 'warning').length
  return { errors, warnings, infos: findings.length - errors - warnings, ok: errors === 0 }
}
