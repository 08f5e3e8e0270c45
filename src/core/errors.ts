/** Exit statuses runbooks branch on (documented in the README). */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  conditionNotMet: 2,
  badInput: 3,
  chain: 4,
  txFailed: 5,
} as const
export type ExitStatus = (typeof ExitCode)[keyof typeof ExitCode]

export interface VaultErrorOptions {
  /** Stable machine-readable code, e.g. `CONFIG_INVALID`, `CHAIN_MISMATCH`. */
  code: string
  exit: ExitStatus
  details?: string
  hints?: string[]
  cause?: unknown
  /** Extra structured data for `--json` error output. */
  data?: Record<string, unknown>
}

/** The one error type for expected failures: a short message, details, hints, a code and an exit status. */
export class VaultError extends Error {
  readonly code: string
  readonly exit: ExitStatus
  readonly details?: string
  readonly hints: string[]
  readonly data?: Record<string, unknown>

  constructor(message: string, options: VaultErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'VaultError'
    this.code = options.code
    this.exit = options.exit
    this.details = options.details
    this.hints = options.hints ?? []
    this.data = options.data
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        exit: this.exit,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
        ...(this.hints.length ? { hints: this.hints } : {}),
        ...(this.data ? { data: this.data } : {}),
      },
    }
  }
}

export const badInput = (message: string, details?: string, hints?: string[], code = 'BAD_INPUT') =>
  new VaultError(message, { code, exit: ExitCode.badInput, details, hints })

export const conditionNotMet = (message: string, details?: string, data?: Record<string, unknown>) =>
  new VaultError(message, { code: 'CONDITION_NOT_MET', exit: ExitCode.conditionNotMet, details, data })

export const isVaultError = (e: unknown): e is VaultError => e instanceof VaultError
