import { Flags } from '@oclif/core'
import { VaultError } from '../../core/errors.js'
import { parseDecimal } from '../../core/pmm/convert.js'

/**
 * Typed flags (as sf-plugins-core's `Flags.custom({ parse })`): each returns a checked value or
 * refuses with a catalog code naming its field, so commands never re-validate text.
 */
const fieldOf = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())

/** A checksummed address. */
export const addressFlag = Flags.custom<`0x${string}`>({
  parse: async (input, _ctx, opts) => {
    // viem loads only when an address is given: every command imports these parsers, few take an address
    const { getAddress, isAddress } = await import('viem')
    if (!isAddress(input, { strict: false }))
      throw new VaultError('ADDRESS_INVALID', `"${input}" is not an address`, { field: fieldOf(opts.name) })
    return getAddress(input)
  },
})

/** A non-negative decimal amount in whole tokens, kept as text (the token's decimals come later). */
export const amountFlag = Flags.custom<string>({
  parse: async (input, _ctx, opts) => {
    const text = input.trim().replaceAll('_', '')
    if (!/^\d+(\.\d+)?$/.test(text))
      throw new VaultError('AMOUNT_INVALID', `"${input}" is not an amount (digits and at most one decimal point)`, {
        field: fieldOf(opts.name),
      })
    return text
  },
})

const whole = (input: string, name: string, min: bigint, max: bigint, what: string): bigint => {
  const text = input.trim().replaceAll('_', '')
  if (!/^\d+$/.test(text))
    throw new VaultError('NUMBER_INVALID', `"${input}" is not a whole number of ${what}`, { field: fieldOf(name) })
  const v = BigInt(text)
  if (v < min || v > max)
    throw new VaultError('PARAM_OUT_OF_RANGE', `${what} must be from ${min} to ${max}`, {
      details: `Got ${input}.`,
      field: fieldOf(name),
    })
  return v
}

/** Basis points, 0–10000. */
export const bpsFlag = Flags.custom<number>({
  parse: async (input, _ctx, opts) => Number(whole(input, opts.name, 0n, 10_000n, 'bps')),
})

/** A count of blocks (≥ 0). */
export const blocksFlag = Flags.custom<number>({
  parse: async (input, _ctx, opts) => Number(whole(input, opts.name, 0n, BigInt(Number.MAX_SAFE_INTEGER), 'blocks')),
})

/** A whole number (a nonce, a salt) as bigint. */
export const uintFlag = Flags.custom<bigint>({
  parse: async (input, _ctx, opts) => whole(input, opts.name, 0n, 2n ** 256n - 1n, 'units'),
})

/** A gas price in gwei (up to 9 decimals) → wei. */
export const gweiFlag = Flags.custom<bigint>({
  parse: async (input, _ctx, opts) => {
    const text = input.trim()
    if (!/^\d+(\.\d{1,9})?$/.test(text))
      throw new VaultError('NUMBER_INVALID', `"${input}" is not a gas price in gwei`, { field: fieldOf(opts.name) })
    return parseDecimal(text, 9, fieldOf(opts.name))
  },
})
