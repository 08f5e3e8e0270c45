import { type ErrorCode, type ExitClass, errorCatalog } from '../core/error-catalog.js'
import type { VaultError } from '../core/errors.js'

/** Exit statuses runbooks branch on (the README's table is generated from these and the catalog). */
export const exitStatus = {
  ok: 0,
  unexpected: 1,
  condition: 2,
  usage: 3,
  chain: 4,
  tx: 5,
} as const satisfies Record<ExitClass, number>
export type ExitStatus = (typeof exitStatus)[ExitClass]

export const exitOf = (code: ErrorCode): ExitStatus => exitStatus[errorCatalog[code].exit]

/** A parameter name as its flag: `perBlockCap` → `--per-block-cap`, unless the command maps it. */
export function flagOf(field: string, map: Record<string, string> = {}): string {
  if (map[field]) return map[field]
  if (field.includes('.')) return field
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
}

/** The JSON error envelope: `{ error: { code, exit, message, field?, flag?, details?, hints?, data? } }`. */
export function errorEnvelope(e: VaultError, fieldFlags?: Record<string, string>) {
  return {
    error: {
      code: e.code,
      exit: exitOf(e.code),
      message: e.shortMessage,
      ...(e.field ? { field: e.field, flag: flagOf(e.field, fieldFlags) } : {}),
      ...(e.details ? { details: e.details } : {}),
      ...(e.hints.length ? { hints: e.hints } : {}),
      ...(e.data ? { data: e.data } : {}),
    },
  }
}

export type ErrorEnvelope = ReturnType<typeof errorEnvelope>
