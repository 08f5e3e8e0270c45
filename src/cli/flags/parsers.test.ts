import { describe, expect, it } from 'vitest'
import { addressFlag, amountFlag, blocksFlag, bpsFlag, gweiFlag, uintFlag } from './parsers.js'

// oclif calls parse(input, context, options); the parsers read only the flag's name from options
const parse = <T>(
  flag: { parse: (input: string, ctx: never, opts: never) => Promise<T> },
  name: string,
  input: string,
) => flag.parse(input, {} as never, { name } as never)

describe('typed flag parsers', () => {
  it('return checked values', async () => {
    expect(await parse(addressFlag(), 'safe-address', '0x52908400098527886e0f7030069857d2e4169ee7')).toBe(
      '0x52908400098527886E0F7030069857D2E4169EE7',
    )
    expect(await parse(amountFlag(), 'size', '1_000.50')).toBe('1000.50')
    expect(await parse(bpsFlag(), 'threshold-bps', '25')).toBe(25)
    expect(await parse(blocksFlag(), 'window', '10')).toBe(10)
    expect(await parse(uintFlag(), 'nonce', '7')).toBe(7n)
    expect(await parse(gweiFlag(), 'max-gas-price', '1.5')).toBe(1_500_000_000n)
  })

  it('refuse with a catalog code and the field, never English alone', async () => {
    await expect(parse(addressFlag(), 'safe-address', '0x123')).rejects.toMatchObject({
      code: 'ADDRESS_INVALID',
      field: 'safeAddress',
    })
    await expect(parse(amountFlag(), 'size', '-1')).rejects.toMatchObject({ code: 'AMOUNT_INVALID', field: 'size' })
    await expect(parse(bpsFlag(), 'threshold-bps', '10001')).rejects.toMatchObject({
      code: 'PARAM_OUT_OF_RANGE',
      field: 'thresholdBps',
    })
    await expect(parse(blocksFlag(), 'window', '2.5')).rejects.toMatchObject({ code: 'NUMBER_INVALID' })
    await expect(parse(gweiFlag(), 'max-gas-price', '1.0000000001')).rejects.toMatchObject({ code: 'NUMBER_INVALID' })
  })
})
