import { VaultError } from '../errors.js'

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
 * Default split, an assumption of ours (the spec names the buckets and gives no shares); the same as the profile
 * default `reserve.policy` (config/presets.ts), kept here so the pure models need no config:
 * A 30% public PMM depth · B 30% private stabilization (mesh pools + stabilizer inventory) · C 10% flash-loan
 * liquidity · D 15% bridge buffer · E 15% long-term reserves (and the rounding remainder).
 */
export const DEFAULT_BUCKET_POLICY: Readonly<BucketPolicy> = { A: 3000, B: 3000, C: 1000, D: 1500, E: 1500 }

export function validatePolicy(policy: BucketPolicy): void {
  let sum = 0
  for (const id of BUCKET_IDS) {
    const bps = policy[id]
    if (!Number.isSafeInteger(bps) || bps < 0 || bps > 10_000) {
      throw new VaultError(
        'RESERVE_POLICY_INVALID',
        `Bucket ${id} share must be a whole number of bps between 0 and 10000`,
        { details: `Got ${String(bps)}.` },
      )
    }
    sum += bps
  }
  if (sum !== 10_000) {
    throw new VaultError('RESERVE_POLICY_INVALID', 'Bucket shares must sum to 10000 bps (100%)', {
      details: `They sum to ${sum} bps.`,
      hints: [
        `Default policy: ${BUCKET_IDS.map((id) => `${id}=${DEFAULT_BUCKET_POLICY[id]}`).join(' ')}`,
        'Fix the profile with `vault config set reserve.policy.<A-E> <bps>` or pass --policy.',
      ],
    })
  }
}

/**
 * Splits `total` (base units) by the policy. Each bucket gets ⌊total × bps / 10000⌋; the rounding remainder
 * goes to E, so the five amounts always sum to `total` exactly.
 */
export function allocateBuckets(total: bigint, policy: BucketPolicy = DEFAULT_BUCKET_POLICY): Record<BucketId, bigint> {
  if (total < 0n)
    throw new VaultError('AMOUNT_INVALID', 'Total capital cannot be negative', { details: `Got ${total}.` })
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
    if (have < 0n)
      throw new VaultError('AMOUNT_INVALID', `Bucket ${id} balance cannot be negative`, { details: `Got ${have}.` })
    if (need < 0n)
      throw new VaultError('AMOUNT_INVALID', `Bucket ${id} requirement cannot be negative`, { details: `Got ${need}.` })
    const short = need > have ? need - have : 0n
    return { id, name: BUCKET_NAMES[id], have, need, short, ok: short === 0n }
  })
  return {
    buckets,
    ok: buckets.every((b) => b.ok),
    totalShort: buckets.reduce((s, b) => s + b.short, 0n),
  }
}
