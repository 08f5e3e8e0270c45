import type { Alerts } from '../daemon/alerts.js'
import type { DaemonMetrics } from '../daemon/metrics.js'
import type { ChainSnapshot, PoolSnapshot } from './snapshot.js'

/** §16: a pool should be back in band within 5 blocks; longer is an alert. */
const OUT_OF_BAND_ALERT_BLOCKS = 5

/**
 * What a block says about one pool, for operators: its gauges (deviation, TWAP deviation, oracle age, inventory),
 * its run of blocks out of band, and the out-of-band and stale-oracle alert episodes.
 */
export function observePool(
  snap: ChainSnapshot,
  {
    pool,
    outOfBand,
    ...opts
  }: {
    pool: PoolSnapshot
    /** Each pool's run of blocks out of band so far, updated here. */
    outOfBand: Map<string, number>
    metrics?: DaemonMetrics
    alerts?: Alerts
  },
): void {
  const chain = String(snap.chainId)
  const labels = { chain, pool: pool.pair }
  const m = opts.metrics
  m?.deviationBps.set(labels, Number(pool.spotDeviationBps))
  if (!('warmingUp' in pool.check)) m?.twapDeviationBps.set(labels, Number(pool.check.deviationBps))
  m?.oracleAgeSeconds.set({ chain, token: pool.info.base.symbol }, Number(snap.timestamp - pool.oracleUpdatedAt))
  for (const [t, held] of [
    [pool.info.base, pool.inventory.base],
    [pool.info.quote, pool.inventory.quote],
  ] as const)
    m?.inventory.set({ chain, token: t.symbol }, Number(held) / 10 ** t.decimals)
  const abs = pool.spotDeviationBps < 0n ? -pool.spotDeviationBps : pool.spotDeviationBps
  const out = abs > pool.params.thresholdBps ? (outOfBand.get(pool.pair) ?? 0) + 1 : 0
  outOfBand.set(pool.pair, out)
  if (out > 0) m?.blocksOutOfBand.inc(labels)
  void opts.alerts?.update('out_of_band', out > OUT_OF_BAND_ALERT_BLOCKS, {
    summary: `${pool.pair} on ${chain} at ${pool.spotDeviationBps} bps, out of band for ${out} blocks`,
    labels,
  })
  void opts.alerts?.update('oracle_stale', snap.timestamp - pool.oracleUpdatedAt > snap.limits.maxOracleAge, {
    summary: `oracle price for ${pool.pair} on ${chain} is older than ${snap.limits.maxOracleAge}s`,
    labels,
  })
}
