import type { Profile } from '../../config/schema.js'
import { VaultError } from '../errors.js'
import { formatAmount } from '../format.js'
import { dynamicSize } from '../models/cantilever.js'
import { ceil, formatDecimal, rat, toRational } from '../models/rational.js'
import { SAFETY_RECOMMENDED } from '../models/reserve.js'
import { defaultDrain, drainDeviationBps } from '../sim/drain.js'
import { SPEC } from '../sim/params.js'
import {
  type Finding,
  type LintContext,
  type LintParams,
  lintParams,
  sortFindings,
  summarizeFindings,
} from './params.js'
import { specExampleParams } from './spec.js'

/** Context a user adds on the command line (whole tokens, bps, minutes, seconds). */
export interface LintExtras {
  tradeSize?: string
  frequency?: string
  imbalance?: string
  flowPerHour?: string
  flashDrain?: string
  feeBps?: string
  gasBps?: string
  reserve?: string
  peakOutflow?: string
  windowMin?: string
  /** Seconds per block: with it, f = 60 / (blockTime × max(MIN_BLOCKS, 1)) when --frequency is not given. */
  blockTime?: string
  /** Decimals of the stabilizer's token, to turn perBlockCap (base units) into whole tokens. */
  decimals: number
}

export interface LintReport {
  target: 'profile' | 'spec'
  profile?: string
  unit: 'token'
  params: LintParams
  context: LintContext
  /** Where each number comes from. */
  sources: Record<string, string>
  findings: Finding[]
  summary: ReturnType<typeof summarizeFindings>
}

function profileFindings(profile: Profile): Finding[] {
  const s = profile.reserve.safety
  if (s >= SAFETY_RECOMMENDED.min && s <= SAFETY_RECOMMENDED.max) return []
  return [
    {
      id: 'profile.reserve-safety',
      level: 'warning',
      message: `Profile reserve.safety = ${s} is outside the spec's ${SAFETY_RECOMMENDED.min}–${SAFETY_RECOMMENDED.max}× band`,
      reason:
        '§7 recommends a reserve of 3–5× the peak minute outflow over the stabilization window; §14 names a 5× policy.',
      suggestion: `Set it with \`vault config set reserve.safety ${s < SAFETY_RECOMMENDED.min ? SAFETY_RECOMMENDED.min : SAFETY_RECOMMENDED.max}\`.`,
      data: { safety: s, min: SAFETY_RECOMMENDED.min, max: SAFETY_RECOMMENDED.max },
    },
  ]
}

/** Lints the profile's stabilizer settings (plus what the user adds), all amounts in whole tokens. */
export function lintProfile(profileName: string, profile: Profile, x: LintExtras): LintReport {
  const st = profile.stabilizer
  if (!Number.isSafeInteger(x.decimals) || x.decimals < 0 || x.decimals > 36)
    throw new VaultError('PARAM_OUT_OF_RANGE', 'Token decimals must be 0–36', {
      details: `Got ${x.decimals}.`,
      field: 'decimals',
    })
  const cap = formatAmount(BigInt(st.perBlockCap), x.decimals, { group: false })
  const sources: Record<string, string> = {
    thresholdBps: 'profile stabilizer.thresholdBps',
    sustainBlocks: 'profile stabilizer.sustainBlocks',
    twapWindow: 'profile stabilizer.twapWindow',
    minBlocks: 'profile stabilizer.minBlocks',
    perBlockCap: `profile stabilizer.perBlockCap (${st.perBlockCap} base units at ${x.decimals} decimals)`,
  }
  const params: LintParams = {
    thresholdBps: st.thresholdBps,
    sustainBlocks: st.sustainBlocks,
    twapWindow: st.twapWindow,
    minBlocks: st.minBlocks,
    perBlockCap: cap,
    kPerBps: formatAmount(BigInt(st.kPerBps), x.decimals, { group: false }),
  }
  sources.kPerBps = `profile stabilizer.kPerBps (${st.kPerBps} base units per bp at ${x.decimals} decimals)`
  if (x.tradeSize !== undefined) {
    params.tradeSize = x.tradeSize
    sources.tradeSize = '--trade-size'
  } else if (x.frequency !== undefined || x.blockTime !== undefined) {
    // the trade at the band edge, where the deviation first exceeds θ: min(k × (θ + 1) bps, cap) — the size
    // `vault simulate` judges its cantilever target with
    const edge = dynamicSize(BigInt(st.kPerBps), BigInt(st.thresholdBps + 1), BigInt(st.perBlockCap))
    params.tradeSize = formatAmount(edge, x.decimals, { group: false })
    sources.tradeSize = `min(kPerBps × (θ + 1) bps, perBlockCap): the trade at the band edge (give --trade-size for another size)`
  }
  if (x.frequency !== undefined) {
    params.frequencyPerMin = x.frequency
    sources.frequencyPerMin = '--frequency'
  } else if (x.blockTime !== undefined) {
    const bt = toRational(x.blockTime, 'Block time')
    if (bt.num <= 0n)
      throw new VaultError('PARAM_OUT_OF_RANGE', 'Block time must be greater than zero seconds', {
        field: 'blockTime',
        details: `Got ${x.blockTime}.`,
      })
    const spacing = Math.max(st.minBlocks, 1)
    const f = rat(60n * bt.den, bt.num * BigInt(spacing))
    params.frequencyPerMin = formatDecimal(f)
    sources.frequencyPerMin = `derived: 60 s / (${x.blockTime} s per block × ${spacing} blocks between executions)`
  }
  const context: LintContext = {}
  const add = <K extends keyof LintContext>(key: K, value: LintContext[K] | undefined, source: string) => {
    if (value === undefined) return
    context[key] = value
    sources[key] = source
  }
  add('imbalancePerMin', x.imbalance, '--imbalance')
  add('flowPerHour', x.flowPerHour, '--flow-per-hour')
  add('flashDrain', x.flashDrain, '--flash-drain')
  // the deviation the drain leaves decides how long the TWAP window W holds the stabilizer back after N is met
  const drain = x.flashDrain === undefined ? defaultDrain() : null
  add(
    'flashDrainDeviationBps',
    drain
      ? drain.deviationBps
      : drainDeviationBps(
          BigInt(SPEC.depth) * 10n ** 6n,
          BigInt(ceil(toRational(x.flashDrain!, 'Flash drain'))) * 10n ** 6n,
        ),
    drain
      ? `simulator: the default drain (${Number(drain.amount / 10n ** 6n).toLocaleString('en-US')} tokens) on a fresh ${Number(SPEC.depth).toLocaleString('en-US')} public pool, least of the four pools and two sides`
      : 'simulator: --flash-drain on a fresh public pool, least of the four pools and two sides',
  )
  add('feeBps', x.feeBps, '--fee-bps')
  add('gasCostBps', x.gasBps, '--gas-bps')
  add('reserve', x.reserve, '--reserve')
  add('peakOutflowPerMin', x.peakOutflow, '--peak-outflow')
  add('windowMin', x.windowMin, '--window')
  const findings = sortFindings([...lintParams(params, context), ...profileFindings(profile)])
  return {
    target: 'profile',
    profile: profileName,
    unit: 'token',
    params,
    context,
    sources,
    findings,
    summary: summarizeFindings(findings),
  }
}

/** Lints the spec's own example parameters (§6, §7, §11, §16, Appendix A). */
export function lintSpec(): LintReport {
  const spec = specExampleParams()
  const findings = sortFindings(lintParams(spec.params, spec.context))
  return {
    target: 'spec',
    unit: spec.unit,
    params: spec.params,
    context: spec.context,
    sources: spec.sources,
    findings,
    summary: summarizeFindings(findings),
  }
}
