import { type Address, encodeFunctionData, erc20Abi } from 'viem'
import { stabilizerAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf } from '../chain/read.js'
import { revertReason } from '../chain/revert.js'
import { VaultError } from '../core/errors.js'
import { formatAmount } from '../core/format.js'
import { dynamicSize } from '../core/models/cantilever.js'
import { amountToReachPrice } from '../core/pmm/analytics.js'
import { parseDecimal } from '../core/pmm/convert.js'
import { readPools } from '../pools/read.js'
import type { Action } from '../tx/call.js'
import type { StabilizerParams } from './check.js'
import { readStabilizer } from './params.js'

export interface SwapPlan {
  chainId: number
  stabilizer: Address
  pool: Address
  pair: string
  /** TWAP deviation (bps) the contract reports, and its verdict. */
  deviationBps: bigint
  shouldRebalance: boolean
  direction: 'sell-base' | 'sell-quote'
  tokenIn: { address: Address; symbol: string; decimals: number }
  tokenOut: { address: Address; symbol: string; decimals: number }
  /** min(kPerBps × |deviation|, perBlockCap), read from the contract (and recomputed here as a check). */
  maxTradeSize: bigint
  /** Smallest trade that moves the pool's mid price back to the peg (PMM math); null when no trade reaches it. */
  toPeg: bigint | null
  tradeSize: bigint
  /** Which bound chose the size: the caller, the rule's maximum, or the distance to the peg. */
  sizedBy: 'flag' | 'maxTradeSize' | 'toPeg'
  midPrice: bigint
  peg: bigint
  inventory: bigint
  warnings: string[]
  action: Action
}

/** Why `shouldRebalance` is false, in words: in band, or out of band but not sustained. */
function notNeeded(deviation: bigint, p: StabilizerParams): string {
  const abs = deviation < 0n ? -deviation : deviation
  if (abs <= p.thresholdBps) {
    return `the TWAP deviation over ${p.twapWindow} blocks is ${deviation} bps, inside the ±${p.thresholdBps} bps band`
  }
  return (
    `the TWAP deviation is ${deviation} bps (beyond ±${p.thresholdBps}), but it has not held beyond the band with one ` +
    `sign for each of the last ${p.sustainBlocks} blocks (flash-loan containment)`
  )
}

/**
 * Plan `executePrivateSwap(pool, tradeSize, tokenIn, tokenOut)` for `pool` (a registered pool; default: see
 * defaultPool): the direction from the deviation (price above peg → sell base), the size = min(maxTradeSize, the amount back to peg) unless `size` is given (then it must not exceed
 * maxTradeSize). Exit 2 when the contract says no rebalance is due; exit 3 on a bad size.
 */
export async function planSwap(client: VaultClient, opts: { size?: string; pool?: string }): Promise<SwapPlan> {
  const s = await readStabilizer(client, { pool: opts.pool })
  const p = s.params
  const [check, max, pegRead] = await readContracts(client, [
    { address: s.stabilizer, abi: stabilizerAbi, functionName: 'checkDeviation', args: [s.pool] },
    { address: s.stabilizer, abi: stabilizerAbi, functionName: 'maxTradeSize', args: [s.pool] },
    { address: s.stabilizer, abi: stabilizerAbi, functionName: 'pegPrice', args: [s.pool] },
  ])
  if (check.status === 'failure' || max.status === 'failure' || pegRead.status === 'failure') {
    const failed = [check, max, pegRead].find((r) => r.status === 'failure')
    throw new VaultError(
      'STABILIZER_CHECK_FAILED',
      `The Stabilizer cannot judge the deviation now: ${revertReason(failed?.error, [stabilizerAbi])}`,
      {
        hints: ['InsufficientHistory: the pool needs more completed blocks of observations.'],
      },
    )
  }
  const [deviation, shouldRebalance] = check.result
  const maxTradeSize = max.result
  const [peg] = pegRead.result
  if (!shouldRebalance) {
    throw new VaultError('REBALANCE_NOT_DUE', `No rebalance due: ${notNeeded(deviation, p)}`, {
      data: {
        deviationBps: deviation.toString(),
        thresholdBps: p.thresholdBps.toString(),
        sustainBlocks: p.sustainBlocks.toString(),
      },
    })
  }
  const { pools } = await readPools(client, { addresses: [s.pool] })
  const pool = pools[0]
  if (!pool) throw new VaultError('NOT_A_POOL', `The Stabilizer's pool ${s.pool} is not a PMM pool`)
  const sellBase = deviation > 0n
  const [tokenIn, tokenOut] = sellBase ? [pool.base, pool.quote] : [pool.quote, pool.base]
  const warnings: string[] = []
  // k and the cap are in base units; selling quote, the contract converts them at the peg
  const inBase = dynamicSize(p.kPerBps, deviation, p.perBlockCap)
  const expectedMax = sellBase ? inBase : (inBase * peg) / 10n ** 18n
  if (expectedMax !== maxTradeSize)
    warnings.push(`maxTradeSize() ${maxTradeSize} differs from min(k×|dev|, cap) = ${expectedMax}`)
  const move = amountToReachPrice(pool.state, peg, pool.lpFeeRate, pool.mtFeeRate)
  const toPeg = move && move.side === (sellBase ? 'base' : 'quote') ? move.amount : move ? 0n : null
  if (toPeg === null) warnings.push('no trade reaches the peg within the pool’s reserves: sized by maxTradeSize')
  let tradeSize: bigint
  let sizedBy: SwapPlan['sizedBy']
  if (opts.size !== undefined) {
    const v = parseDecimal(opts.size, tokenIn.decimals, `--size (${tokenIn.symbol})`)
    if (v <= 0n)
      throw new VaultError('AMOUNT_INVALID', `The trade size must be greater than 0 ${tokenIn.symbol}`, {
        field: 'size',
      })
    if (v > maxTradeSize) {
      throw new VaultError(
        'TRADE_TOO_LARGE',
        `A trade of ${opts.size} ${tokenIn.symbol} is above what the Stabilizer accepts now`,
        {
          details: `maxTradeSize = min(kPerBps × |${deviation}| bps, perBlockCap) = ${formatAmount(maxTradeSize, tokenIn.decimals)} ${tokenIn.symbol}`,
        },
      )
    }
    tradeSize = v
    sizedBy = 'flag'
  } else if (toPeg === 0n) {
    throw new VaultError(
      'REBALANCE_NOT_DUE',
      'No rebalance due: the pool’s spot price is already at or past the peg (the TWAP lags behind it)',
      { details: `mid ${pool.midPrice}, peg ${peg} (1e18 fixed point); trading now would push the price further away` },
    )
  } else if (toPeg !== null && toPeg < maxTradeSize) {
    tradeSize = toPeg
    sizedBy = 'toPeg'
  } else {
    tradeSize = maxTradeSize
    sizedBy = 'maxTradeSize'
  }
  if (tradeSize === 0n)
    throw new VaultError('TRADE_SIZE_ZERO', 'The trade size comes out as 0 (kPerBps or perBlockCap is 0)')
  const [balance] = await readContracts(client, [
    { address: tokenIn.address, abi: erc20Abi, functionName: 'balanceOf', args: [s.stabilizer] },
  ])
  const inventory = resultOf(balance) ?? 0n
  if (inventory < tradeSize)
    warnings.push(
      `the Stabilizer holds ${formatAmount(inventory, tokenIn.decimals)} ${tokenIn.symbol}, less than the trade`,
    )
  const action: Action = {
    chainId: s.chainId,
    to: s.stabilizer,
    data: encodeFunctionData({
      abi: stabilizerAbi,
      functionName: 'executePrivateSwap',
      args: [s.pool, tradeSize, tokenIn.address, tokenOut.address],
    }),
    description: `Stabilizer.executePrivateSwap: sell ${formatAmount(tradeSize, tokenIn.decimals)} ${tokenIn.symbol} for ${tokenOut.symbol} (deviation ${deviation} bps)`,
    abis: [stabilizerAbi],
  }
  return {
    chainId: s.chainId,
    stabilizer: s.stabilizer,
    pool: s.pool,
    pair: pool.pair,
    deviationBps: deviation,
    shouldRebalance,
    direction: sellBase ? 'sell-base' : 'sell-quote',
    tokenIn: { address: tokenIn.address, symbol: tokenIn.symbol, decimals: tokenIn.decimals },
    tokenOut: { address: tokenOut.address, symbol: tokenOut.symbol, decimals: tokenOut.decimals },
    maxTradeSize,
    toPeg,
    tradeSize,
    sizedBy,
    midPrice: pool.midPrice,
    peg,
    inventory,
    warnings,
    action,
  }
}

/** Plan → simulate (from the Safe or the keeper key) → confirm → propose or send. */
export async function runSwap(
  client: VaultClient,
  opts: {
    size?: string
    pool?: string
    route: import('../tx/call.js').Route
    confirm: (summary: string) => Promise<void>
  },
) {
  const { sentSummary } = await import('../tx/call.js')
  const { perform } = await import('../tx/perform.js')
  const plan = await planSwap(client, opts)
  const done = await perform(client, { actions: [plan.action], route: opts.route, confirm: opts.confirm })
  const { action: _a, ...view } = plan
  return { ...view, proposal: done.proposal, sent: done.sent && sentSummary(done.sent[0]) }
}
