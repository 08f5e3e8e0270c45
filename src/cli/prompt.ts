import { VaultError } from '../core/errors.js'
import { canPrompt } from './tty.js'

/** Ask for a missing value on a terminal; without one, fail naming the flag. */
export async function askText(
  flag: string,
  message: string,
  opts: { json: boolean; default?: string },
): Promise<string> {
  if (!canPrompt(opts.json)) throw missingFlag(flag)
  const { input } = await import('@inquirer/prompts')
  return input({ message, default: opts.default }, { output: process.stderr })
}

export async function askSelect<T extends string>(
  flag: string,
  message: string,
  choices: { name: string; value: T }[],
  opts: { json: boolean },
): Promise<T> {
  if (!canPrompt(opts.json)) throw missingFlag(flag)
  const { select } = await import('@inquirer/prompts')
  return select({ message, choices }, { output: process.stderr })
}

/** A secret typed on a terminal (masked); undefined without one, so the caller names its other sources. */
export async function askSecret(message: string, opts: { json: boolean }): Promise<string | undefined> {
  if (!canPrompt(opts.json)) return undefined
  const { password } = await import('@inquirer/prompts')
  return password({ message, mask: '*' }, { output: process.stderr })
}

/**
 * Confirmation before spending gas or signing: `--yes` skips it; without a terminal it is an error
 * (a script must say --yes explicitly).
 */
export async function confirmAction(message: string, opts: { yes: boolean; json: boolean }): Promise<void> {
  if (opts.yes) return
  if (!canPrompt(opts.json)) {
    throw new VaultError('CONFIRMATION_REQUIRED', 'Confirmation needed: pass --yes to proceed without a terminal', {
      details: message,
    })
  }
  const { confirm } = await import('@inquirer/prompts')
  const ok = await confirm({ message, default: false }, { output: process.stderr })
  if (!ok) throw new VaultError('CANCELLED', 'Cancelled: nothing was sent')
}

export const missingFlag = (flag: string) =>
  new VaultError('FLAG_MISSING', `Missing --${flag}`, {
    details: 'No terminal to prompt on (stdin is not a TTY, CI is set, or --json).',
    hints: [`Pass --${flag} <value>.`],
  })

/** Pick a token from the profile's list (or type an address); without a terminal, fail naming the flag. */
export async function askToken(
  flag: string,
  message: string,
  tokens: Record<string, string>,
  opts: { json: boolean },
): Promise<string> {
  const choices = [
    ...Object.entries(tokens).map(([sym, address]) => ({ name: `${sym}  ${address}`, value: sym })),
    { name: 'another token (enter its address)', value: '' },
  ]
  const picked = await askSelect(flag, message, choices, opts)
  return picked || askText(flag, `${message}: token address`, opts)
}

/** Show what will be sent (on stderr, even with --yes, never under --json), then confirm it. */
export async function confirmPlan(summary: string, opts: { yes: boolean; json: boolean }): Promise<void> {
  if (!opts.json) process.stderr.write(`${summary}\n`)
  await confirmAction('Proceed?', opts)
}
