import { stderrIsTTY } from './tty.js'

export interface Progress {
  update(text: string): void
  succeed(text?: string): void
  fail(text?: string): void
  stop(): void
}

const silent: Progress = { update() {}, succeed() {}, fail() {}, stop() {} }

/** A spinner on stderr, only on a terminal and never under --json; otherwise a no-op. */
export async function spinner(text: string, opts: { json: boolean }): Promise<Progress> {
  // a terminal that reports no width (some ptys) would make the spinner's line clearing loop forever
  if (opts.json || !stderrIsTTY() || !((process.stderr.columns ?? 0) > 0)) return silent
  const { default: ora } = await import('ora')
  const s = ora({ text, stream: process.stderr }).start()
  return {
    update: (t) => {
      s.text = t
    },
    succeed: (t) => s.succeed(t),
    fail: (t) => s.fail(t),
    stop: () => s.stop(),
  }
}
