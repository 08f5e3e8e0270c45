import { type AlertPayload, Alerts } from './alerts.js'
import { acquireLock } from './lock.js'
import { type DaemonMetrics, daemonMetrics, serveMetrics } from './metrics.js'

export interface DaemonHostOptions {
  /** One lock per name (e.g. `keeper-138-0xabc…`): a second process for any of them exits 3 naming the first. */
  locks: string[]
  command: string
  metricsPort?: number
  alertWebhook?: string
  /** Alert messages and delivery failures, for the daemon's log. */
  onAlert(p: AlertPayload | { error: string }): void
}

export interface DaemonHost {
  metrics: DaemonMetrics
  alerts: Alerts
  /** Marks the daemon alive (for /healthz). */
  touch(): void
}

/** §16 rebalance target is 5 blocks; a daemon silent for a minute is unhealthy. */
const HEALTHY_WITHIN_MS = 60_000

/**
 * What every daemon runs inside: its locks, a metrics registry served on /metrics and /healthz, the alert webhook.
 * Everything taken is released on the way out, whatever happened.
 */
export async function hostDaemon<T>(opts: DaemonHostOptions, body: (h: DaemonHost) => Promise<T>): Promise<T> {
  const releases: (() => Promise<void>)[] = []
  let server: { close(): Promise<void> } | undefined
  try {
    for (const name of opts.locks) releases.push(await acquireLock(name, opts.command))
    const metrics = daemonMetrics()
    const alerts: Alerts = new Alerts({
      webhook: opts.alertWebhook,
      onSent: (p) => {
        metrics.alertsFiring.set(alerts.firing)
        opts.onAlert(p)
      },
      onError: (e) => opts.onAlert({ error: e.message }),
    })
    let last = Date.now()
    if (opts.metricsPort !== undefined) {
      server = await serveMetrics(
        metrics.registry,
        () => ({ ok: Date.now() - last < HEALTHY_WITHIN_MS, lastEventMsAgo: Date.now() - last }),
        { port: opts.metricsPort },
      )
    }
    return await body({ metrics, alerts, touch: () => (last = Date.now()) })
  } finally {
    await server?.close()
    for (const r of releases) await r().catch(() => {})
  }
}

/** What a daemon's command gives it: the stop signal and where events and alerts go. */
export interface DaemonIO<E> {
  json: boolean
  signal: AbortSignal
  onEvent(e: E): void
  onAlert(p: AlertPayload | { error: string }): void
}
