import { VaultError } from '../core/errors.js'
import { formatAmount } from '../core/format.js'
import {
  allocateBuckets,
  BUCKET_IDS,
  BUCKET_NAMES,
  type BucketId,
  type BucketPolicy,
  DEFAULT_BUCKET_POLICY,
  validatePolicy,
} from '../core/models/buckets.js'
import { formatDecimal, toRational } from '../core/models/rational.js'
import { reserveSize } from '../core/models/reserve.js'

/**
 * `vault reserve size` without the chain: amounts are whole tokens given as decimal text, carried as
 * bigint at 18 decimals (or the token's decimals when P comes from the chain), so the models stay exact.
 */

/** Amounts typed by a person are carried at this many decimals. */
export const INPUT_DECIMALS = 18
/** A stabilization window longer than a day is not a minute-scale reserve model any more. */
export const MAX_WINDOW_MIN = 1440

/** Whole-token decimal text → base units at `decimals`; exit 3 on negative, malformed or too-precise input. */
export function parseWhole(text: string, name: string, decimals = INPUT_DECIMALS): bigint {
  const r = toRational(text, name)
  if (r.num < 0n) throw new VaultError('AMOUNT_INVALID', `${name} cannot be negative`, { details: `Got ${text}.` })
  const scaled = r.num * 10n ** BigInt(decimals)
  if (scaled % r.den !== 0n) {
    throw new VaultError('AMOUNT_INVALID', `${name} has more than ${decimals} decimal places`, {
      details: `Got ${text}.`,
      hints: ['Round it, or give a plain decimal.'],
    })
  }
  return scaled / r.den
}

/** Base units → whole-token decimal text without grouping ("150000", "2.5"). */
export const whole = (v: bigint, decimals = INPUT_DECIMALS) => formatAmount(v, decimals, { group: false })

export interface SizeInput {
  /** P in base units at `decimals`. */
  peakOutflowPerMin: bigint
  decimals: number
  windowMin: string
  safety: string
}

/** The `--json` shape of a sizing: whole-token decimal strings, plus base units when a token is known. */
export interface SizeResult {
  peakOutflowPerMin: string
  windowMin: string
  safety: string
  /** P × T. */
  base: string
  /** P × T × safety: what the reserve must hold. */
  required: string
  /** P × T × 3 and × 5 (the spec's band). */
  recommended: { min: string; max: string }
  safetyInRecommendedRange: boolean
  /** Base units of `required` at `decimals` (rounded up). */
  requiredBaseUnits: bigint
  decimals: number
}

export function sizeReserve(input: SizeInput): SizeResult {
  const window = toRational(input.windowMin, 'Stabilization window')
  if (window.num > BigInt(MAX_WINDOW_MIN) * window.den) {
    throw new VaultError(
      'PARAM_OUT_OF_RANGE',
      `Stabilization window must be at most ${MAX_WINDOW_MIN} minutes (a day)`,
      {
        details: `Got ${formatDecimal(window)} minutes.`,
        hints: ['The reserve model covers minute-scale outflow; the spec uses T = 5 minutes.'],
      },
    )
  }
  const r = reserveSize({
    peakOutflowPerMin: input.peakOutflowPerMin,
    windowMin: input.windowMin,
    safety: input.safety,
  })
  const d = input.decimals
  return {
    peakOutflowPerMin: whole(r.peakOutflowPerMin, d),
    windowMin: r.display.windowMin,
    safety: r.display.safety,
    base: whole(r.base, d),
    required: whole(r.required, d),
    recommended: { min: whole(r.recommended.min, d), max: whole(r.recommended.max, d) },
    safetyInRecommendedRange: r.safetyInRecommendedRange,
    requiredBaseUnits: r.required,
    decimals: d,
  }
}

/**
 * `A=30,B=30,C=10,D=15,E=15` (percent, up to two decimals, optional `%`) → bps per bucket.
 * Buckets left out get 0; the shares must sum to 100%.
 */
export function parsePolicy(
  text: string | undefined,
  fallback: Readonly<BucketPolicy> = DEFAULT_BUCKET_POLICY,
): BucketPolicy {
  if (text === undefined) {
    validatePolicy({ ...fallback })
    return { ...fallback }
  }
  const out: BucketPolicy = { A: 0, B: 0, C: 0, D: 0, E: 0 }
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Ea-e])\s*=\s*([0-9.]+)%?$/.exec(part)
    if (!m)
      throw new VaultError('RESERVE_POLICY_INVALID', `Bucket policy: cannot read "${part}"`, {
        field: 'policy',
        details: 'Expected BUCKET=PERCENT, e.g. A=30,B=30,C=10,D=15,E=15.',
      })
    const bps = parseWhole(m[2], `Share of bucket ${m[1].toUpperCase()}`, 2)
    out[m[1].toUpperCase() as BucketId] = Number(bps)
  }
  const sum = BUCKET_IDS.reduce((t, id) => t + out[id], 0)
  if (sum !== 10_000) {
    throw new VaultError('RESERVE_POLICY_INVALID', 'Bucket policy shares must sum to 100%', {
      field: 'policy',
      details: `They sum to ${sum / 100}%.`,
      hints: [`Default: ${BUCKET_IDS.map((id) => `${id}=${DEFAULT_BUCKET_POLICY[id] / 100}`).join(',')}`],
    })
  }
  return out
}

export interface BucketAllocation {
  id: BucketId
  name: string
  shareBps: number
  amount: string
}

/** Splits a whole-token total by the policy (remainder to E, so the amounts sum to the total exactly). */
export function bucketAllocation(total: string, policy: BucketPolicy, decimals = INPUT_DECIMALS): BucketAllocation[] {
  const t = parseWhole(total, 'Total capital', decimals)
  const a = allocateBuckets(t, policy)
  return BUCKET_IDS.map((id) => ({ id, name: BUCKET_NAMES[id], shareBps: policy[id], amount: whole(a[id], decimals) }))
}

export interface SizeReportOptions {
  peakOutflow?: string
  windowMin?: string
  safety: string
  total?: string
  policy?: string
  /** The profile's policy, used when `policy` is not given. */
  defaultPolicy?: BucketPolicy
}

/** What `vault reserve size` prints and returns (`--json`). */
export interface SizeReport extends Partial<SizeResult> {
  /** Unit of the amounts: "token" (whole tokens as typed) or the token symbol when P comes from the chain. */
  unit?: string
  source?: Omit<import('./from-chain.js').ChainPeak, 'selected'> & { token: import('./from-chain.js').TokenPeak }
  buckets?: { total: string; policy: BucketPolicy; allocation: BucketAllocation[] }
}

/**
 * The whole `reserve size` computation. `fromChain` (when given) supplies P; otherwise `peakOutflow` does.
 * With `total`, the capital buckets A–E for that total are added.
 */
export async function reserveSizeReport(
  opts: SizeReportOptions,
  fromChain?: () => Promise<import('./from-chain.js').ChainPeak>,
): Promise<SizeReport> {
  const sizing = fromChain !== undefined || opts.peakOutflow !== undefined
  if (!sizing && opts.total === undefined) {
    throw new VaultError('FLAG_MISSING', 'Nothing to size', {
      hints: [
        'Give --peak-outflow and --window (e.g. --peak-outflow 10000 --window 5), --from-chain, or --total for the buckets.',
      ],
    })
  }
  if (sizing && opts.windowMin === undefined)
    throw new VaultError('FLAG_MISSING', 'The stabilization window is required to size a reserve', {
      field: 'window',
      details: 'T: the stabilization window in minutes (the spec uses 5).',
    })
  const policy = parsePolicy(opts.policy, opts.defaultPolicy)
  const out: SizeReport = {}
  if (fromChain) {
    const chain = await fromChain()
    const { selected, ...rest } = chain
    Object.assign(
      out,
      sizeReserve({
        peakOutflowPerMin: selected.peak,
        decimals: selected.decimals,
        windowMin: opts.windowMin!,
        safety: opts.safety,
      }),
    )
    out.unit = selected.symbol
    out.source = { ...rest, token: selected }
  } else if (opts.peakOutflow !== undefined) {
    const P = parseWhole(opts.peakOutflow, 'Peak outflow per minute')
    Object.assign(
      out,
      sizeReserve({ peakOutflowPerMin: P, decimals: INPUT_DECIMALS, windowMin: opts.windowMin!, safety: opts.safety }),
    )
    out.unit = 'token'
    delete out.requiredBaseUnits
    delete out.decimals
  }
  if (opts.total !== undefined) {
    const decimals = out.source?.token.decimals ?? INPUT_DECIMALS
    out.buckets = {
      total: whole(parseWhole(opts.total, 'Total capital', decimals), decimals),
      policy,
      allocation: bucketAllocation(opts.total, policy, decimals),
    }
  }
  return out
}
