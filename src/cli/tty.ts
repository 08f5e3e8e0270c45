/** Terminal rules in one place: what goes to a person and what to a script. */
export const stdoutIsTTY = () => Boolean(process.stdout.isTTY)
export const stderrIsTTY = () => Boolean(process.stderr.isTTY)
/** Prompts only when a person can answer: stdin and stdout are terminals, not CI, not --json. */
export const canPrompt = (json: boolean) =>
  !json && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY) && !process.env.CI
/** Colour off for NO_COLOR, a non-TTY stdout, or TERM=dumb; FORCE_COLOR wins. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true
  if ('NO_COLOR' in process.env || process.env.TERM === 'dumb') return false
  return Boolean(stream.isTTY)
}
