import { type Command, CommandHelp, Help } from '@oclif/core'
import { type ErrorCode, errorCatalog, isErrorCode } from '../core/error-catalog.js'
import { exitStatus } from './exit.js'

/** What `scripts/error-codes.mjs` adds to each command in the manifest. */
type WithCodes = Command.Loadable & { errorCodes?: string[]; exitsOnCondition?: boolean }

/** The ERROR CODES section: each code the command itself can end with, its exit status and its help line. */
export function errorCodeRows(cmd: WithCodes): [string, string, string][] {
  const codes = (cmd.errorCodes ?? []).filter(isErrorCode)
  const rows: [string, string, string][] = codes.map((code: ErrorCode) => {
    const { exit, help } = errorCatalog[code]
    return [String(exitStatus[exit]), code, help]
  })
  if (cmd.exitsOnCondition)
    rows.push(['2', '(result)', 'The check ran and its condition is not met; the result says why.'])
  return rows.sort((a, b) => Number(a[0]) - Number(b[0]) || codeOrder(a[1], b[1]))
}

/**
 * localeCompare's order of two error codes, without it when both are UPPER_SNAKE (every catalog code): the first
 * localeCompare of a process sets up ICU's collator (~10 ms of a help page). Its order of capitals, digits and '_' is
 * code point order with '_' first.
 */
function codeOrder(a: string, b: string): number {
  if (!/^[A-Z0-9_]*$/.test(a) || !/^[A-Z0-9_]*$/.test(b)) return a.localeCompare(b)
  const [x, y] = [a.replaceAll('_', ' '), b.replaceAll('_', ' ')]
  return x < y ? -1 : x > y ? 1 : 0
}

/** Where the codes every command shares are (scripts/error-codes.mjs keeps them out of each command's list). */
const COMMON_NOTE =
  'Codes any command can end with (configuration, RPC and chain, flags, keys, confirmation: e.g. CHAIN_UNREACHABLE, exit 4) are listed once in the README, under "Exit codes".'

class VaultCommandHelp extends CommandHelp {
  protected override sections() {
    return [
      ...super.sections(),
      {
        header: 'ERROR CODES',
        generate: () => {
          const rows = errorCodeRows(this.command as WithCodes)
          const body = rows.length
            ? `${this.renderList(
                rows.map(([exit, code, help]) => [`${exit}  ${code}`, help]),
                { indentation: 2, multiline: false, stripAnsi: this.opts.stripAnsi },
              )}\n\nThe exit status comes first; with --json the code is in error.code.\n\n`
            : ''
          return `${body}${this.wrap(COMMON_NOTE)}`
        },
      },
    ]
  }
}

/** oclif's help with an ERROR CODES section on every command (see package.json `oclif.helpClass`). */
export default class VaultHelp extends Help {
  protected override getCommandHelpClass(command: Command.Loadable) {
    return new VaultCommandHelp(command, this.config, this.opts)
  }
}
