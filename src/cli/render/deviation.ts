import { formatAmount } from '../../core/format.js'
import { type DeviationReport, poolLabel } from '../../deviation/read.js'
import { humanPrice } from '../../pools/view.js'
import { c } from '../color.js'
import { renderTable } from '../table.js'

export function deviationJson(r: DeviationReport) {
  return {
    params: r.params,
    pools: r.pools.map(({ chainId, pool, evaluation: e }) => ({
      chainId,
      pair: pool.pair,
      kind: pool.isPrivate ? ('private' as const) : ('public' as const),
      address: pool.address,
      h: e.h,
      peg: e.peg,
      spotPrice: e.spotPrice,
      spotDeviationBps: e.spotDeviationBps,
      twap: e.twap,
      twapDeviationBps: e.twapDeviationBps,
      sustainedBlocks: e.sustainedBlocks,
      shouldRebalance: e.shouldRebalance,
      verdict: e.verdict,
    })),
    warmingUp: r.warmingUp.map((w) => ({
      chainId: w.chainId,
      pair: w.pool.pair,
      kind: w.pool.isPrivate ? ('private' as const) : ('public' as const),
      address: w.pool.address,
      verdict: 'warming up' as const,
      blocksAvailable: w.blocksAvailable,
      blocksNeeded: w.blocksNeeded,
    })),
    spreads: r.spreads,
    outOfBand: r.outOfBand,
  }
}

/** JSON of `vault deviation`. */
export type DeviationJson = ReturnType<typeof deviationJson>

/** A mid price of two tokens with equal decimals, as a decimal string. */
const fmtMid = (v: bigint) => formatAmount(v, 18, { maxFraction: 12, group: false })
const bps = (v: bigint) => `${v > 0n ? '+' : ''}${v}`
const verdictText = (v: string) =>
  v === 'sustained' ? c.red('SUSTAINED') : v === 'excursion' ? c.yellow('excursion') : c.green('in band')

export async function renderDeviation(r: DeviationReport): Promise<string> {
  const { W, N, thresholdBps } = r.params
  const head = c.bold(
    `Deviation from oracle peg — TWAP over ${W} blocks, θ = ${thresholdBps} bps, sustained ≥ ${N} blocks`,
  )
  const table = await renderTable(
    ['chain', 'pair', 'mid price', 'peg', 'spot bps', 'TWAP bps', 'sustained', 'verdict'],
    [
      ...r.pools.map(({ chainId, pool, evaluation: e }) => [
        chainId,
        poolLabel(pool),
        humanPrice(pool, e.spotPrice),
        humanPrice(pool, e.peg),
        bps(e.spotDeviationBps),
        bps(e.twapDeviationBps),
        `${e.sustainedBlocks}/${N} blocks`,
        verdictText(e.verdict),
      ]),
      ...r.warmingUp.map((w) => [
        w.chainId,
        poolLabel(w.pool),
        '',
        '',
        '',
        '',
        `${w.blocksAvailable}/${w.blocksNeeded} blocks of history`,
        c.dim('warming up'),
      ]),
    ],
  )
  const parts = [head, table]
  if (r.spreads.length) {
    parts.push(
      await renderTable(
        ['pair', 'chain 138', 'Alltra', 'spread', 'target < 15 bps'],
        r.spreads.map((s) => [
          s.pair,
          fmtMid(s.price138),
          fmtMid(s.priceAlltra),
          `${s.spreadBps} bps`,
          s.ok ? c.green('ok') : c.red('OUT'),
        ]),
      ),
    )
  }
  parts.push(r.outOfBand ? c.red('✖ Out of band (exit 2)') : c.green('✔ Everything in band'))
  return parts.join('\n')
}

export function renderStabilizerCheck(d: {
  pair: string
  stabilizer: string
  h: bigint
  params: { thresholdBps: bigint; sustainBlocks: bigint; twapWindow: bigint }
  contract: { deviationBps: bigint; shouldRebalance: boolean } | { error: string }
  cli: { twapDeviationBps: bigint; shouldRebalance: boolean; sustainedBlocks: number; verdict: string }
  agree: boolean
}): string {
  const p = d.params
  const lines = [
    c.bold(`Stabilizer ${d.stabilizer} on ${d.pair}, judged for block ${d.h}`),
    `  rule: TWAP over ${p.twapWindow} blocks, θ = ${p.thresholdBps} bps, sustained ≥ ${p.sustainBlocks} blocks`,
    'error' in d.contract
      ? c.red(`  contract: checkDeviation() failed: ${d.contract.error}`)
      : `  contract: deviation ${bps(d.contract.deviationBps)} bps, shouldRebalance ${d.contract.shouldRebalance}`,
    `  vault:    deviation ${bps(d.cli.twapDeviationBps)} bps, shouldRebalance ${d.cli.shouldRebalance} (${d.cli.sustainedBlocks} blocks out of band, ${d.cli.verdict})`,
    d.agree ? c.green('✔ contract and vault agree') : c.red('✖ contract and vault DISAGREE (exit 2)'),
  ]
  return lines.join('\n')
}
