import { getAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { isVaultError } from '../core/errors.js'
import { assertNonceNext, assertNonceUnused, assertOwner, parseSafeAddress, requireSafe } from './guard.js'

const SAFE = getAddress('0x00000000000000000000000000000000000000aa')
const OWNER = getAddress('0x00000000000000000000000000000000000000b1')
const OTHER = getAddress('0x00000000000000000000000000000000000000c2')

const codeOf = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return isVaultError(e) ? e.code : 'not a VaultError'
  }
  return 'no refusal'
}

describe('the owner/nonce/Safe guard', () => {
  it('resolves a Safe address once: checksummed, absent, or ADDRESS_INVALID; no Safe is SAFE_MISSING', () => {
    expect(parseSafeAddress(SAFE.toLowerCase())).toBe(SAFE)
    expect(parseSafeAddress(undefined)).toBeUndefined()
    expect(codeOf(() => parseSafeAddress('0x1234'))).toBe('ADDRESS_INVALID')
    expect(codeOf(() => requireSafe(undefined))).toBe('SAFE_MISSING')
    expect(requireSafe(SAFE)).toBe(SAFE)
  })

  it('a used nonce is PROPOSAL_NONCE_USED; for execution a later one is PROPOSAL_NOT_NEXT', () => {
    expect(codeOf(() => assertNonceUnused({ safe: SAFE, nonce: 4n }, 5n))).toBe('PROPOSAL_NONCE_USED')
    expect(codeOf(() => assertNonceUnused({ safe: SAFE, nonce: 9n }, 5n))).toBe('no refusal')
    expect(codeOf(() => assertNonceNext({ safe: SAFE, nonce: 4n }, 5n))).toBe('PROPOSAL_NONCE_USED')
    expect(codeOf(() => assertNonceNext({ safe: SAFE, nonce: 6n }, 5n))).toBe('PROPOSAL_NOT_NEXT')
    expect(codeOf(() => assertNonceNext({ safe: SAFE, nonce: 5n }, 5n))).toBe('no refusal')
  })

  it('a signer who is not an owner is PROPOSAL_NOT_OWNER, whatever the case of the address', () => {
    const state = { address: SAFE, owners: [OWNER] }
    expect(assertOwner(state, OWNER.toLowerCase() as `0x${string}`)).toBe(OWNER)
    expect(codeOf(() => assertOwner(state, OTHER))).toBe('PROPOSAL_NOT_OWNER')
  })
})
