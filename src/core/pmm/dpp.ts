// A private pool (DODO private pool style, our private XAU legs): the targets and R are stored, not re-solved from
// the reserves. Reading the state re-solves only the short side's target; a trade that changes R stores the new R
// and the target of the side it sold (base target on a base sale, quote target on a quote sale); the admin's
// `reset(newI)` sets i and re-bases both targets to the reserves with R = ONE, so the mid price is exactly i.
// Step for step as contracts/pool/PoolTrader.sol and VaultPMMPool.reset compute it.
import { adjustedTarget, type PMMState, RState } from './pricing.js'
import type { Quote, Side } from './quote.js'

/** The state a private pool prices with (its `getPMMStateForCall`): the stored state, short side re-solved. */
export function dppState(stored: PMMState): PMMState {
  return adjustedTarget(stored)
}

/**
 * The stored state after selling `amountIn` of `side` for `quote` (priced on {@link dppState}): the input joins
 * its side, the output and the maintainer fee leave the other; when R changes, the new R and the sold side's
 * target (as priced) are stored. Assumes the pool held exactly its reserves before the trade.
 */
export function dppStateAfter(stored: PMMState, side: Side, amountIn: bigint, quote: Quote): PMMState {
  const out = quote.receive + quote.mtFee
  const next =
    side === 'base'
      ? { ...stored, B: stored.B + amountIn, Q: stored.Q - out }
      : { ...stored, B: stored.B - out, Q: stored.Q + amountIn }
  if (quote.newR === stored.R) return next
  const priced = dppState(stored)
  return side === 'base' ? { ...next, B0: priced.B0, R: quote.newR } : { ...next, Q0: priced.Q0, R: quote.newR }
}

/** The admin's reset: i = `newI`, targets = the reserves, R = ONE (the reserves being the balances). */
export function dppReset(stored: PMMState, newI: bigint): PMMState {
  return { ...stored, i: newI, B0: stored.B, Q0: stored.Q, R: RState.ONE }
}
