import { describe, expect, it } from 'vitest'
import { planRefills } from './refill.js'

describe('planRefills: a chain under a quarter of the total is refilled to half from the other', () => {
  it('moves the difference to half of the total from the side that holds it', () => {
    expect(planRefills([{ symbol: 'cUSDT', held: [1_000n, 99_000n], incoming: [0n, 0n] }])).toEqual([
      { symbol: 'cUSDT', from: 1, amount: 49_000n },
    ])
    expect(planRefills([{ symbol: 'cXAUC', held: [90n, 10n], incoming: [0n, 0n] }])).toEqual([
      { symbol: 'cXAUC', from: 0, amount: 40n },
    ])
  })
  it('leaves a quarter or more alone, and a token the bot does not hold', () => {
    expect(planRefills([{ symbol: 'cUSDT', held: [25n, 75n], incoming: [0n, 0n] }])).toEqual([])
    expect(planRefills([{ symbol: 'cUSDC', held: [0n, 0n], incoming: [0n, 0n] }])).toEqual([])
  })
  it('counts what is on its way and never sends a second transfer to the same side', () => {
    expect(planRefills([{ symbol: 'cUSDT', held: [1_000n, 50_000n], incoming: [48_000n, 0n] }])).toEqual([])
    expect(planRefills([{ symbol: 'cUSDT', held: [0n, 60_000n], incoming: [1n, 0n] }])).toEqual([])
  })
})
