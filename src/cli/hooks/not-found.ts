import type { Hook } from '@oclif/core'
import { VaultError } from '../../core/errors.js'
import { errorEnvelope, exitStatus } from '../exit.js'
import { canPrompt } from '../tty.js'

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = row
  }
  return prev[b.length]
}

export function closestCommand(id: string, ids: string[]): string | undefined {
  let best: string | undefined
  let bestD = Number.POSITIVE_INFINITY
  for (const c of ids) {
    const d = distance(id, c)
    if (d < bestD) [best, bestD] = [c, d]
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(id.length / 3)) ? best : undefined
}

/**
 * An unknown command is a usage error (exit 3), never exit 2 ("check failed") or 127. On a terminal,
 * @oclif/plugin-not-found asks "Did you mean …?" and runs the answer; in a script the error names
 * the closest command.
 */
const hook: Hook<'command_not_found'> = async function (opts) {
  const json = (opts.argv ?? process.argv).includes('--json')
  if (canPrompt(json)) {
    const { default: pluginHook } = await import('@oclif/plugin-not-found')
    try {
      return await pluginHook.call(this, opts)
    } catch (e) {
      // declined: the plugin ends with 127; a command it ran ends with its own status
      if ((e as { oclif?: { exit?: number } }).oclif?.exit === 127) this.exit(exitStatus.usage)
      throw e
    }
  }
  const ids = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases])
  const suggestion = closestCommand(opts.id, ids)
  const show = (id: string) => id.replaceAll(':', ' ')
  const bin = opts.config.bin
  const e = new VaultError('COMMAND_UNKNOWN', `"${show(opts.id)}" is not a ${bin} command`, {
    hints: [suggestion ? `Did you mean "${bin} ${show(suggestion)}"?` : `Run \`${bin} help\` for the commands.`],
    data: suggestion ? { suggestion: show(suggestion) } : undefined,
  })
  if (json) process.stdout.write(`${JSON.stringify(errorEnvelope(e), null, 2)}\n`)
  else process.stderr.write(`✖ ${e.shortMessage}\n${e.hints.map((h) => `  → ${h}`).join('\n')}\n`)
  this.exit(exitStatus.usage)
}

export default hook
