import { Command, Errors, Flags, type Interfaces } from '@oclif/core'
import { isTransportFault } from '../chain/fault.js'
import type { Context } from '../config/context.js'
import type { ChainId } from '../config/schema.js'
import type { ExitClass } from '../core/error-catalog.js'
import { VaultError, vaultErrorIn } from '../core/errors.js'
import { toJsonSafe } from '../core/format.js'
import { guardOutput, redactDeep, registerArgv, registerSecret } from '../core/redact.js'
import type { WriteRoute } from '../tx/call.js'
import type { RouteFlagValues } from '../tx/route.js'
import { setSecretPrompt } from '../tx/secret-prompt.js'
import { errorEnvelope, exitOf, exitStatus, flagOf } from './exit.js'

/** Environment variables whose values are secrets (redacted from every output). */
const SECRET_ENV = ['VAULT_PRIVATE_KEY', 'PRIVATE_KEY', 'ETH_PRIVATE_KEY', 'ETH_PASSWORD', 'VAULT_KEYSTORE_PASSWORD']

/** Flags every command has. */
const baseFlags = {
  profile: Flags.string({
    description: 'Config profile to use (default: the active one).',
    helpGroup: 'GLOBAL',
    env: 'VAULT_PROFILE',
  }),
  verbose: Flags.boolean({ description: 'Show stack traces and debug detail on errors.', helpGroup: 'GLOBAL' }),
}

export { chainFlags } from './flags/groups.js'

/**
 * The one base command: shared flags, the lazily built context, --json (bigint as strings),
 * error rendering and exit statuses. Only this class ends the process.
 */
export abstract class VaultCommand<Result = unknown> extends Command {
  static override enableJsonFlag = true
  static override baseFlags = baseFlags
  private ctxP?: Promise<Context>

  /** The command's work; what it returns is its `--json` result (bigints as decimal strings). */
  abstract override run(): Promise<Result>

  /** Before anything is parsed or printed: every output goes through the one redaction of secrets. */
  override async init(): Promise<void> {
    registerArgv(this.argv)
    for (const name of SECRET_ENV) registerSecret(process.env[name])
    guardOutput()
    // the prompt module loads when a secret is asked for, not at every start
    setSecretPrompt(async (message, opts) => (await import('./prompt.js')).askSecret(message, opts))
    await super.init()
  }

  /** Build (once) the profile/chain context from the parsed flags. */
  protected context(
    flags: { profile?: string; 'rpc-url'?: string[]; chain?: string },
    opts: { oneChain?: boolean; chain?: ChainId } = {},
  ): Promise<Context> {
    // a single-chain command without --chain works on the default chain, or the chain ETH_RPC_URL answers
    // the config modules load with the first context, not at every start (a command may need none)
    this.ctxP ??= import('../config/context.js').then(({ createContext, parseChain }) =>
      createContext({
        profile: flags.profile,
        rpcUrl: flags['rpc-url'],
        chain: opts.chain ?? parseChain(flags.chain),
        oneChain: opts.oneChain,
        readsChain: 'rpc-url' in ((this.constructor as typeof VaultCommand).flags ?? {}),
      }),
    )
    return this.ctxP
  }

  /**
   * How a state-changing command writes: its route (a key, or a Safe proposal with --safe) and the confirmation
   * the write spine asks before anything is signed, sent or written (--yes skips it; never a prompt off a TTY).
   */
  protected async writeRoute(flags: RouteFlagValues & { yes?: boolean }, ctx: Context): Promise<WriteRoute> {
    const json = this.jsonEnabled()
    const { resolveRoute } = await import('../tx/route.js')
    const route = await resolveRoute(flags, ctx, json)
    const { confirmPlan } = await import('./prompt.js')
    return { route, confirm: (summary) => confirmPlan(summary, { yes: flags.yes ?? false, json }) }
  }

  /** After run and catch: close what the context opened (WebSocket RPC connections), so the process can end. */
  override async finally(err: Error | undefined): Promise<unknown> {
    const ctx = await this.ctxP?.catch(() => undefined)
    await ctx?.close()
    return super.finally(err)
  }

  /** Anything that goes wrong while parsing flags and args is a usage error (exit 3), whatever its class. */
  protected override async parse<
    F extends Record<string, any>,
    B extends Record<string, any>,
    A extends Record<string, any>,
  >(options?: Interfaces.Input<F, B, A>, argv?: string[]): Promise<Interfaces.ParserOutput<F, B, A>> {
    try {
      return await super.parse(options, argv)
    } catch (e) {
      if (e instanceof VaultError || e instanceof Errors.ExitError) throw e
      throw usageError(e as Error)
    }
  }

  /** Run slow chain work under a spinner on stderr (a terminal only, never under --json). */
  protected async withSpinner<T>(text: string, work: () => Promise<T>): Promise<T> {
    const { spinner } = await import('./spinner.js')
    const s = await spinner(text, { json: this.jsonEnabled() })
    try {
      const out = await work()
      s.stop()
      return out
    } catch (e) {
      s.stop()
      throw e
    }
  }

  /** Finish with a non-zero status after the result has been printed (e.g. 2 = a check failed). */
  protected setExit(kind: ExitClass) {
    process.exitCode = exitStatus[kind]
  }

  /** Human output to stdout (suppressed under --json). */
  protected out(text: string) {
    this.log(text)
  }

  /** Warnings and notes to stderr (suppressed under --json). */
  protected note(text: string) {
    this.logToStderr(text)
  }

  protected override toSuccessJson(result: unknown) {
    return toJsonSafe(result) as never
  }

  override logJson(json: unknown) {
    process.stdout.write(`${JSON.stringify(toJsonSafe(json), null, 2)}\n`)
  }

  /** How this command names a parameter on its command line, where the flag is not the kebab-case field. */
  static fieldFlags: Record<string, string> = {}

  override async catch(err: Error & { oclif?: { exit?: number }; code?: string }): Promise<never> {
    if (err instanceof Errors.ExitError) throw err
    const e = toVaultError(err)
    const fieldFlags = (this.constructor as typeof VaultCommand).fieldFlags
    if (this.jsonEnabled()) {
      this.logJson(redactDeep(errorEnvelope(e, fieldFlags), true))
    } else {
      const { ce } = await import('./color.js')
      const lines = [ce.red(`✖ ${e.shortMessage}${e.field ? ` (${flagOf(e.field, fieldFlags)})` : ''}`)]
      if (e.details) lines.push(`  ${e.details}`)
      for (const h of e.hints) lines.push(ce.dim(`  → ${h}`))
      if (e.code === 'UNEXPECTED') lines.push(ce.dim('  This is a bug in vault. Run with --verbose for the stack.'))
      if ((this.argv.includes('--verbose') || process.env.DEBUG?.includes('vault')) && (e.cause || e.stack)) {
        lines.push(ce.dim(String((e.cause as Error)?.stack ?? e.stack)))
      }
      process.stderr.write(`${lines.join('\n')}\n`)
    }
    this.exit(exitOf(e.code))
    throw err
  }
}

function usageError(e: Error): VaultError {
  const lines = e.message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^See more help/.test(l))
  return new VaultError('USAGE', lines[0] ?? 'Invalid usage', {
    details: lines.slice(1).join(' ') || undefined,
    hints: ['See --help for usage.'],
  })
}

const PARSE_ERRORS =
  /Parse|RequiredArgs|FailedFlagValidation|NonExistentFlags|UnexpectedArgs|FlagInvalidOption|ArgInvalidOption/

/** Map anything thrown into the one error type (parse errors → 3, RPC failures → 4, reverts → 5, rest → 1). */
export function toVaultError(err: unknown): VaultError {
  const carried = vaultErrorIn(err)
  if (carried) return carried
  const e = err as Error & { oclif?: { exit?: number }; shortMessage?: string; name: string }
  if (PARSE_ERRORS.test(e?.constructor?.name ?? '') || (e?.oclif?.exit === 2 && e.name !== 'Error'))
    return usageError(e)
  const name = e?.name ?? ''
  // a call or send that failed on its way (unreachable, timeout, rate limit), however deep viem wrapped it: exit 4,
  // never a revert — the node did not run it, or did and the reply was lost
  if (/HttpRequestError|TimeoutError|WebSocketRequestError/.test(name) || isTransportFault(err)) {
    return new VaultError('CHAIN_UNREACHABLE', 'Chain unreachable', { details: e.shortMessage, cause: e })
  }
  if (
    /ContractFunctionExecutionError|ContractFunctionRevertedError|TransactionExecutionError|CallExecutionError/.test(
      name,
    )
  ) {
    return new VaultError('TX_REVERTED', 'Transaction reverted', { details: e.shortMessage, cause: e })
  }
  return new VaultError('UNEXPECTED', `Unexpected error: ${e?.message ?? String(err)}`, { cause: err })
}
