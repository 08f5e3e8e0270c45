import { stdoutIsTTY } from './tty.js'

export interface WatchOptions<T> {
  first: T
  next: () => Promise<T>
  head: () => Promise<bigint>
  render: (value: T) => Promise<string>
  json: boolean
  toJson: (value: T) => unknown
  intervalMs: number
}

/**
 * Redraw on every new block until Ctrl-C (or SIGTERM); returns the last state so the caller sets the exit status.
 * On a terminal the screen is redrawn in place and the cursor restored on exit; when piped, each round is
 * appended (one JSON line per round under --json).
 */
export async function watchLoop<T>(o: WatchOptions<T>): Promise<T> {
  const tty = stdoutIsTTY() && !o.json
  let last = o.first
  let lastHead = await o.head()
  let stopped = false
  const stop = () => {
    stopped = true
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const draw = async (v: T) => {
    if (o.json)
      process.stdout.write(`${JSON.stringify(o.toJson(v), (_k, x) => (typeof x === 'bigint' ? x.toString() : x))}\n`)
    else if (tty)
      process.stdout.write(`\x1b[H\x1b[2J${await o.render(v)}\n\x1b[2m(block ${lastHead}; Ctrl-C to stop)\x1b[0m\n`)
    else process.stdout.write(`${await o.render(v)}\n`)
  }
  if (tty) process.stdout.write('\x1b[?25l')
  try {
    await draw(last)
    while (!stopped) {
      await new Promise((r) => setTimeout(r, o.intervalMs))
      if (stopped) break
      const h = await o.head()
      if (h === lastHead) continue
      lastHead = h
      last = await o.next()
      await draw(last)
    }
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    if (tty) process.stdout.write('\x1b[?25h')
  }
  return last
}
