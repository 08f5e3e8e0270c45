import { formatAmount } from '../../core/format.js'
import type { ParamChange, ParamRow } from '../../stabilizer/params.js'
import type { SwapPlan } from '../../stabilizer/swap.js'
import type { ProposedResult } from '../../tx/call.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'
import { renderProposed } from './tx.js'

export async function renderParams(r: { chainId: number; stabilizer: string; owner: string; rows: ParamRow[] }) {
  const table = await renderTable(
    ['param', 'on chain', 'profile', ''],
    r.rows.map((x) => [x.name, x.onChain, x.profile ?? '-', x.differs ? 'differs' : '']),
  )
  return `Stabilizer ${r.stabilizer} on chain ${r.chainId} (owner ${r.owner})\n${table}`
}

type Sent = { txHash: string; from: string; gasUsed: bigint }

function routeLines(r: { proposal?: ProposedResult; sent?: Sent }) {
  if (r.proposal) return [renderProposed(r.proposal)]
  return r.sent ? [c.green(`✔ sent from ${r.sent.from}: tx ${r.sent.txHash} (gas ${r.sent.gasUsed})`)] : []
}

export function renderSetParams(r: { changes: ParamChange[]; proposal?: ProposedResult; sent?: Sent }) {
  return [...r.changes.map((x) => `  ${x.name}: ${x.from} → ${x.to}`), ...routeLines(r)].join('\n')
}

export function renderSwap(r: Omit<SwapPlan, 'action'> & { proposal?: ProposedResult; sent?: Sent }) {
  const amt = (v: bigint) => `${formatAmount(v, r.tokenIn.decimals)} ${r.tokenIn.symbol}`
  return [
    `${r.pair}: TWAP deviation ${r.deviationBps} bps → ${r.direction} (${r.tokenIn.symbol} → ${r.tokenOut.symbol})`,
    `  size ${amt(r.tradeSize)} (by ${r.sizedBy}; max ${amt(r.maxTradeSize)}, to peg ${r.toPeg === null ? 'n/a' : amt(r.toPeg)})`,
    ...r.warnings.map((w) => c.yellow(`  ! ${w}`)),
    ...routeLines(r),
  ].join('\n')
}

export function renderRebalanceMesh(r: {
  pair: string
  gapBps: bigint
  thresholdBps: bigint
  after?: { gapBps: bigint }
  proposal?: ProposedResult
  sent?: Sent
}) {
  return [
    `${r.pair}: ${r.gapBps} bps from the oracle cross rate (θ ${r.thresholdBps} bps) → reset to the cross rate`,
    ...(r.after ? [`  now ${r.after.gapBps} bps`] : []),
    ...routeLines(r),
  ].join('\n')
}
