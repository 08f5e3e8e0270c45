import { expect } from 'vitest'
import { VaultError } from '../../src/core/errors.js'

/**
 * The VaultError `fn` throws, which must be a usage error (bad input, exit 3); the test fails when `fn` throws
 * nothing (`what` names the input in that message) or throws anything else.
 */
export function usageError(fn: () => unknown, what = 'expected a bad-input error'): VaultError {
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  if (caught === undefined) return expect.unreachable(what)
  expect(caught, `expected a VaultError, got ${String(caught)}`).toBeInstanceOf(VaultError)
  const e = caught as VaultError
  expect(e.exitClass).toBe('usage')
  return e
}
