import type { ChildProcess } from 'node:child_process'

/**
 * The NDJSON a long-running CLI child (a `--watch` or a daemon) prints on stdout, collected as it arrives. `until`
 * waits for a condition on what has arrived so far, driven by the child's output rather than by a clock: it
 * resolves as soon as the condition holds and fails if the child exits first (the test's own timeout is the only
 * time limit).
 */
export function jsonLines<T = Record<string, unknown>>(child: ChildProcess) {
  const items: T[] = []
  let buf = ''
  let exit: number | null | undefined
  let stderr = ''
  let other = ''
  const wake = new Set<() => void>()
  child.stdout?.on('data', (d) => {
    buf += d
    const lines = buf.split('\n')
    buf = lines.pop() ?? ''
    for (const l of lines) {
      if (!l.trim()) continue
      try {
        items.push(JSON.parse(l) as T)
      } catch {
        other += `${l}\n` // not one JSON value per line: kept for the failure message
      }
    }
    for (const w of wake) w()
  })
  child.stderr?.on('data', (d) => {
    stderr += d
  })
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      exit = code
      for (const w of wake) w()
      resolve(code)
    }),
  )
  const until = (pred: (items: T[]) => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pred(items)) {
          wake.delete(check)
          resolve()
        } else if (exit !== undefined) {
          wake.delete(check)
          reject(new Error(`${what}: the process exited (${exit}) first\n${other.slice(-2000)}${stderr.slice(-2000)}`))
        }
      }
      wake.add(check)
      check()
    })
  /** What the child printed that was not NDJSON, and its stderr (for failure messages). */
  const noise = () => `${other}${stderr}`.slice(-3000)
  return { items, until, closed, noise }
}
