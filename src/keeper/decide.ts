import { correctionSize } from '../core/deviation/size.js'
import type { FeeCap } from '../daemon/sender.js'
import { feeUnderCap } from '../daemon/sender.js'
import type { ChainSnapshot, LegSnapshot, PoolSnapshot } from './snapshot.js'

export type SkipReason =
  | 'warming_up'
  | 'paused'
  | 'in_flight'
  | 'block_delay'
  | 'gas_above_cap'
  | 'gas_budget'
  | 'volume_cap'
  | 'inventory'
  | 'at_peg'
  | 'zero_size'
  | 'unreadable'

export type PoolDecision =
  | { kind: 'idle'; verdict: 'in-band' | 'excursion' }
  | { kind: 'skip'; reason: SkipReason; detail: string }
  | {
      kind: 'send'
      sellBase: boolean
      tradeSize: bigint
      sizedBy: 'maxTradeSize' | 'toPeg'
      fee: FeeCap
    }

export interface DecideContext {
  /** A transaction for this pool is still in flight (or an earlier run's are unsettled). */
  busy: boolean
  tipWei: bigint
  /** Budget checks for what the send would spend: gas (wei, at the cap) and the volume of the token sold. */
  gasAllowed(costWei: bigint): boolean
  volumeAllowed(token: { symbol: string; decimals: number }, amount: bigint): boolean
  gasEstimate: bigint
}

/**
 * One decision for one pool at one block, from what the chain says (the Stabilizer's own verdict) and what this
 * keeper may spend. Blocked decisions name their reason; nothing here sends.
 */
export function decide(chain: ChainSnapshot, pool: PoolSnapshot, ctx: DecideContext): PoolDecision {
  if ('warmingUp' in pool.check) return { kind: 'skip', reason: 'warming_up', detail: pool.check.reason }
  const { deviationBps, shouldRebalance, maxTradeSize } = pool.check
  if (!shouldRebalance) {
    const abs = deviationBps < 0n ? -deviationBps : deviationBps
    return { kind: 'idle', verdict: abs > pool.params.thresholdBps ? 'excursion' : 'in-band' }
  }
  if (chain.paused) return { kind: 'skip', reason: 'paused', detail: 'the guardian paused the Stabilizer' }
  if (ctx.busy) return { kind: 'skip', reason: 'in_flight', detail: 'a transaction for this pool is still in flight' }
  const next = pool.lastExecutionBlock + pool.params.minBlocks
  if (pool.lastExecutionBlock !== 0n && next > chain.block + 1n)
    return { kind: 'skip', reason: 'block_delay', detail: `next execution allowed at block ${next}` }
  const fee = feeOrSkip(chain, ctx.tipWei)
  if ('kind' in fee) return fee
  const size = correctionSize({
    deviationBps,
    maxTradeSize,
    state: pool.info.state,
    lpFeeRate: pool.info.lpFeeRate,
    mtFeeRate: pool.info.mtFeeRate,
    peg: pool.peg,
  })
  if (size.kind === 'at_peg')
    return { kind: 'skip', reason: 'at_peg', detail: 'the spot price is already back at the peg' }
  if (size.kind === 'zero') return { kind: 'skip', reason: 'zero_size', detail: 'kPerBps or perBlockCap is 0' }
  const sellBase = deviationBps > 0n
  const token = sellBase ? pool.info.base : pool.info.quote
  const held = sellBase ? pool.inventory.base : pool.inventory.quote
  if (held < size.tradeSize)
    return {
      kind: 'skip',
      reason: 'inventory',
      detail: `the Stabilizer holds ${held} ${token.symbol}, needs ${size.tradeSize}`,
    }
  if (!ctx.gasAllowed(ctx.gasEstimate * fee.maxFeePerGas))
    return { kind: 'skip', reason: 'gas_budget', detail: 'the hourly gas budget is spent' }
  if (!ctx.volumeAllowed(token, size.tradeSize))
    return { kind: 'skip', reason: 'volume_cap', detail: `the hourly volume cap for ${token.symbol} is reached` }
  return { kind: 'send', sellBase, tradeSize: size.tradeSize, sizedBy: size.sizedBy, fee }
}

/** The fee a transaction sent now pays under the Stabilizer's gas cap, or the skip when the base fee is above it. */
function feeOrSkip(
  chain: ChainSnapshot,
  tipWei: bigint,
): FeeCap | { kind: 'skip'; reason: SkipReason; detail: string } {
  return (
    feeUnderCap(chain.nextBaseFee, chain.limits.maxGasPrice, tipWei) ?? {
      kind: 'skip',
      reason: 'gas_above_cap',
      detail: `next base fee ${chain.nextBaseFee} wei is above the Stabilizer's cap ${chain.limits.maxGasPrice}`,
    }
  )
}

export type LegDecision =
  | { kind: 'idle' }
  | { kind: 'skip'; reason: SkipReason; detail: string }
  | { kind: 'send'; gapBps: bigint; fee: FeeCap }

/**
 * One decision for one private XAU leg at one block: rebalanceMesh when its gap to the oracle cross rate is more
 * than θ (meshThresholdBps), under the same pause, in-flight, gas-cap and gas-budget rules as a correction.
 * `busy`: a transaction for this leg, or a correction that may route through it, is still in flight.
 */
export function decideLeg(
  chain: ChainSnapshot,
  leg: LegSnapshot,
  ctx: Pick<DecideContext, 'busy' | 'tipWei' | 'gasAllowed' | 'gasEstimate'>,
): LegDecision {
  if ('error' in leg.gap) return { kind: 'skip', reason: 'unreadable', detail: leg.gap.error }
  const { gapBps } = leg.gap
  if ((gapBps < 0n ? -gapBps : gapBps) <= chain.limits.meshThresholdBps) return { kind: 'idle' }
  if (chain.paused) return { kind: 'skip', reason: 'paused', detail: 'the guardian paused the Stabilizer' }
  if (ctx.busy)
    return { kind: 'skip', reason: 'in_flight', detail: 'a transaction for this leg or a correction is in flight' }
  const fee = feeOrSkip(chain, ctx.tipWei)
  if ('kind' in fee) return fee
  if (!ctx.gasAllowed(ctx.gasEstimate * fee.maxFeePerGas))
    return { kind: 'skip', reason: 'gas_budget', detail: 'the hourly gas budget is spent' }
  return { kind: 'send', gapBps, fee }
}
