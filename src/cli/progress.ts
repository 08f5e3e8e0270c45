// A progress bar on stderr for long runs: only on a terminal and never under --json; otherwise a no-op.
import { stderrIsTTY } from './tty.js'

export interface ProgressBar {
  tick(done: number, total: number): void
  stop(): void
}

const silent: ProgressBar = { tick() {}, stop() {} }

export function progressBar(label: string, opts: { json: boolean }): ProgressBar {
  const cols = process.stderr.columns ?? 0
  if (opts.json || !stderrIsTTY() || cols <= 0) return silent
  const started = Date.now()
  let last = 0
  let drawn = false
  const draw = (done: number, total: number) => {
    const width = Math.max(10, Math.min(40, cols - label.length - 30))
    const filled = Math.round((done / Math.max(total, 1)) * width)
    const secs = (Date.now() - started) / 1000
    const eta = done > 0 ? Math.round((secs / done) * (total - done)) : 0
    process.stderr.write(
      `\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}${done < total ? ` ~${eta}s left` : ''}\x1b[K`,
    )
    drawn = true
  }
  return {
    tick(done, total) {
      const now = Date.now()
      if (done < total && now - last < 100) return
      last = now
      draw(done, total)
    },
    stop() {
      if (drawn) process.stderr.write('\r\x1b[K')
    },
  }
}
