import { type ErrorCode, type ExitClass, errorCatalog } from './error-catalog.js'

export type { ErrorCode, ExitClass } from './error-catalog.js'

export interface VaultErrorOptions {
  /** A sentence after the short message: what was seen, what was expected. */
  details?: string
  /** "Try this" lines (viem's metaMessages). */
  hints?: string[]
  cause?: unknown
  /** The parameter the error is about, by its name in the code (the CLI renders it as its flag). */
  field?: string
  /** Extra structured data for `--json` error output. */
  data?: Record<string, unknown>
}

/**
 * The one error type for expected failures, viem-style: a stable code from the catalog, a short
 * message, details, hints, an optional field and a cause. No exit status here: the catalog gives
 * the code's exit class and `src/cli` maps that to a status.
 */
export class VaultError extends Error {
  readonly code: ErrorCode
  readonly shortMessage: string
  readonly details?: string
  readonly hints: string[]
  readonly field?: string
  readonly data?: Record<string, unknown>

  constructor(code: ErrorCode, shortMessage: string, options: VaultErrorOptions = {}) {
    super(shortMessage, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'VaultError'
    this.code = code
    this.shortMessage = shortMessage
    this.details = options.details
    this.hints = options.hints ?? []
    this.field = options.field
    this.data = options.data
  }

  /** The kind of failure (from the catalog). */
  get exitClass(): ExitClass {
    return errorCatalog[this.code].exit
  }

  get metaMessages(): string[] {
    return this.hints
  }
}

export const isVaultError = (e: unknown): e is VaultError => e instanceof VaultError

/** The VaultError an error carries, itself or down its cause chain (e.g. one thrown inside a viem transport). */
export function vaultErrorIn(e: unknown): VaultError | undefined {
  let cur = e as { cause?: unknown } | undefined
  for (let n = 0; cur && n < 12; n++) {
    if (cur instanceof VaultError) return cur
    cur = cur.cause as typeof cur
  }
  return undefined
}
