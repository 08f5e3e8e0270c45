import { badInput } from '../errors.js'

/**
 * Capital buckets (spec §13): the system keeps public, stabilization, flash, bridge and long-term liquidity
 * apart so one use cannot drain another.
 */
export type BucketId = 'A' | 'B' | 'C' | 'D' | 'E'

export const BUCKET_IDS: readonly BucketId[] = ['A', 'B', 'C', 'D', 'E']

export const BUCKET_NAMES: Readonly<Record<BucketId, string>> = {
  A: 'Public PMM liquidity',
  B: 'Private stabilization',
  C: 'Flash-loan liquidity',
  D: 'Cross-chain buffer',
  E: 'Long-term vault reserves',
}

/** Share of the total per bucket, in bps; the five shares sum to 10,000. */
export type BucketPolicy = Record<BucketId, number>

/**
 * Default split (the spec names the buckets but gives no shares; this is our starting point, tune per profile):
 * - A 35%: public PMM depth sets how far a given flow moves the price (§11: depth 1,000,000 at 0.2% allows 2,000
 *   of drift), so it gets the largest share.
 * - B 25%: the stabilization reserve must hold P × T × 3–5 (§7); a quarter of capital covers the spec example's
 *   150,000–250,000 when total capital is about 1,000,000.
 * - C 10%: flash liquidity is lent and returned within one transaction, so it needs depth, not duration.
 * - D 15%: the bridge buffer must hold PeakBridgeOutflow × Latency per token (§9) on each side.
 * - E 15%: long-term reserves back the others and take the rounding remainder.
 */
export const DEFAULT_BUCKET_POLICY: Readonly<BucketPolicy> = { A: 3500, B: 2500, C: 1000, D: 1500, E: 1500 }

export function validatePolicy(policy: BucketPolicy): void {
  let sum = 0
  for (const id of BUCKET_IDS) {
    const bps = policy[id]
    if (!Number.isSafeInteger(bps) || bps < 0 || bps > 10_000) {
      throw badInput(`Bucket ${id} share must be a whole number of bps between 0 and 10000`, `Got ${String(bps)}.`)
    }
    sum += bps
  }
  if (sum !== 10_000) {
    throw badInput('Bucket shares must sum to 10000 bps (100%)', `They sum to ${sum} bps.`, [
      `Default policy: ${BUCKET_IDS.map((id) => `${id}=${DEFAULT_BUCKET_POLICY[id]}`).join(' ')}`,
    ])
  }
}

/**
 * Splits `total` (base units) by the policy. Each bucket gets ⌊total × bps / 10000⌋; the rounding remainder
 * goes to E, so the five amounts always sum to `total` exactly.
 */
export function allocateBuckets(total: bigint, policy: BucketPolicy = DEFAULT_BUCKET_POLICY): Record<BucketId, bigint> {
  if (total < 0n) throw badInput('Total capital cannot be negative', `Got ${total}.`)
  validatePolicy(policy)
  const out = {} as Record<BucketId, bigint>
  let allocated = 0n
  for (const id of BUCKET_IDS) {
    out[id] = (total * BigInt(policy[id])) / 10_000n
    allocated += out[id]
  }
  out.E += total - allocated
  return out
}

/** One bucket's standing. JSON: bigints as decimal strings. */
export interface BucketStatus {
  id: BucketId
  name: string
  have: bigint
  need: bigint
  /** max(0, need − have). */
  short: bigint
  ok: boolean
}

export interface BucketCheck {
  /** A..E in order. */
  buckets: BucketStatus[]
  /** Every bucket holds what it needs. */
  ok: boolean
  /** Sum of the shortfalls. */
  totalShort: bigint
}

/** Compares balances with requirements per bucket; a bucket missing from either side counts as 0. */
export function checkBuckets(
  balances: Partial<Record<BucketId, bigint>>,
  requirements: Partial<Record<BucketId, bigint>>,
): BucketCheck {
  const buckets = BUCKET_IDS.map((id): BucketStatus => {
    const have = balances[id] ?? 0n
    const need = requirements[id] ?? 0n
    if (have < 0n) throw badInput(`Bucket ${id} balance cannot be negative`, `Got ${have}.`)
    if (need < 0n) throw badInput(`Bucket ${id} requirement cannot be negative`, `Got ${need}.`)
    const short = need > have ? need - have : 0n
    return { id, name: BUCKET_NAMES[id], have, need, short, ok: short === 0n }
  })
  return {
    buckets,
    ok: buckets.every((b) => b.ok),
    totalShort: buckets.reduce((s, b) => s + b.short, 0n),
  }
}
