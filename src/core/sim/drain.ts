// What one drain does to a freshly seeded public pool, in the simulator's own pool model: the deviation lint's
// recovery model needs (the TWAP gate), so `lint` and `simulate` judge the same drain.

import { SEED_K, SEED_LP_FEE_RATE } from '../registry.js'
import { exactBackend } from './backend.js'
import { defaultDrainSize, SPEC } from './params.js'
import { PUBLIC_POOLS } from './system.js'

const USD = [1, 1, 1.08, 2650]

/**
 * The smallest |deviation| (bps) a drain of `drain` base units leaves on any of the four public pools, selling
 * either side (the smaller the deviation, the longer the TWAP gate holds the stabilizer back).
 */
export function drainDeviationBps(depth: bigint, drain: bigint): number {
  let least = Number.POSITIVE_INFINITY
  for (const [b, q] of PUBLIC_POOLS) {
    for (const side of [0, 1] as const) {
      const seed = {
        dvm: true,
        depth: Number(depth),
        usdBase: USD[b],
        usdQuote: USD[q],
        K: SEED_K,
        lpFeeRate: SEED_LP_FEE_RATE,
        span: 1,
      }
      const pool = exactBackend.seed(seed)
      const amount = side === 0 ? Number(drain) : exactBackend.baseToQuote(pool, Number(drain))
      if (exactBackend.sell(pool, side, amount) < 0) continue
      least = Math.min(least, Math.abs(exactBackend.devBps(pool)))
    }
  }
  return least
}

/** The simulator's default drain (depth × 0.2% × 5) and the deviation it leaves. */
export function defaultDrain(): { amount: bigint; deviationBps: number } {
  const depth = BigInt(SPEC.depth) * 10n ** 6n
  const amount = defaultDrainSize(depth, SPEC.multiplier)
  return { amount, deviationBps: drainDeviationBps(depth, amount) }
}
