/**
 * Alert episodes: a condition that starts firing posts one alert, a condition that clears posts one resolve.
 * Nothing is posted while an episode stays open, however many blocks it lasts. Payloads are JSON with a
 * Slack-compatible `text`. A webhook that fails never stops the daemon: the failure goes to `onError`.
 */
export type AlertKind =
  | 'out_of_band'
  | 'execution_failed'
  | 'gas_above_cap'
  | 'inventory_low'
  | 'oracle_stale'
  | 'spread_above_target'
  | 'rpc_down'

export interface AlertPayload {
  status: 'firing' | 'resolved'
  kind: AlertKind
  key: string
  summary: string
  labels: Record<string, string>
  startedAt: string
  endedAt?: string
  text: string
}

export interface AlertOptions {
  webhook?: string
  timeoutMs?: number
  onSent?: (p: AlertPayload) => void
  onError?: (e: Error, p: AlertPayload) => void
  now?: () => Date
}

interface Episode {
  kind: AlertKind
  summary: string
  labels: Record<string, string>
  startedAt: string
}

export class Alerts {
  private readonly open = new Map<string, Episode>()
  private readonly now: () => Date
  constructor(private readonly opts: AlertOptions = {}) {
    this.now = opts.now ?? (() => new Date())
  }

  /** Episodes currently open. */
  get firing(): number {
    return this.open.size
  }

  /** Reports the current state of one condition; posts only on a change (start or end of an episode). */
  async update(
    kind: AlertKind,
    firing: boolean,
    info: { summary: string; labels?: Record<string, string> },
  ): Promise<AlertPayload | undefined> {
    const labels = info.labels ?? {}
    const key = [kind, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)].join(' ')
    const episode = this.open.get(key)
    if (firing && !episode) {
      const e: Episode = { kind, summary: info.summary, labels, startedAt: this.now().toISOString() }
      this.open.set(key, e)
      return this.post({ status: 'firing', key, ...e, text: `:rotating_light: vault ${kind}: ${info.summary}` })
    }
    if (!firing && episode) {
      this.open.delete(key)
      return this.post({
        status: 'resolved',
        key,
        ...episode,
        endedAt: this.now().toISOString(),
        text: `:white_check_mark: vault ${kind} resolved: ${info.summary}`,
      })
    }
    return undefined
  }

  private async post(p: AlertPayload): Promise<AlertPayload> {
    if (!this.opts.webhook) {
      this.opts.onSent?.(p)
      return p
    }
    try {
      const res = await fetch(this.opts.webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(p),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5_000),
      })
      if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`)
      this.opts.onSent?.(p)
    } catch (e) {
      this.opts.onError?.(e as Error, p)
    }
    return p
  }
}
