import { toJsonSafe } from '../core/format.js'
import type { AlertPayload } from '../daemon/alerts.js'
import type { DaemonIO } from '../daemon/host.js'

/**
 * A daemon's log on stderr: NDJSON under --json (one object per event or alert), else one line per event from
 * `print` (which may skip an event by returning undefined). stdout is left for the final result.
 */
export function daemonIO<E>(json: boolean, signal: AbortSignal, print: (e: E) => string | undefined): DaemonIO<E> {
  const write = (line: string) => process.stderr.write(`${line}\n`)
  return {
    json,
    signal,
    onEvent: (e) => {
      const line = json ? JSON.stringify(toJsonSafe(e)) : print(e)
      if (line) write(line)
    },
    onAlert: (p: AlertPayload | { error: string }) => {
      if ('error' in p)
        write(json ? JSON.stringify({ kind: 'alert-error', message: p.error }) : `alert not delivered: ${p.error}`)
      else write(json ? JSON.stringify({ ...p, alert: p.kind, kind: 'alert' }) : `alert ${p.status}: ${p.summary}`)
    },
  }
}

/** A stop signal for SIGINT and SIGTERM. conf's exit hook re-raises the first signal once, so the listeners stay
 * for the life of the process and absorb that echo; every signal asks for the same clean stop. */
export function stopSignal(): AbortSignal {
  const stop = new AbortController()
  const onSignal = () => stop.abort()
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return stop.signal
}
