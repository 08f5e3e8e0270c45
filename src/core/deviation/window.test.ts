import { describe, expect, it } from 'vitest'
import { usageError } from '../../../test/helpers/errors.js'
import { deviationBps, pegPrice, WAD } from './price.js'
import { blocksNeeded, evaluate, sustainedFor, twap } from './window.js'

const badInput = (fn: () => unknown, message?: RegExp) => {
  const e = usageError(fn)
  if (message) expect(e.message).toMatch(message)
}

/** Mid price `bps` basis points off a peg of 1.0. */
const off = (bps: bigint) => WAD + (WAD * bps) / 10_000n
const series = (from: bigint, prices: bigint[]) => prices.map((price, i) => ({ block: from + BigInt(i), price }))

describe('pegPrice', () => {
  it('is baseUsd × 1e18 / quoteUsd for equal decimals', () => {
    expect(pegPrice({ baseUsd: WAD, quoteUsd: WAD, baseDecimals: 6, quoteDecimals: 6 })).toBe(WAD)
    expect(pegPrice({ baseUsd: 108n * 10n ** 16n, quoteUsd: WAD, baseDecimals: 6, quoteDecimals: 6 })).toBe(
      1_080_000_000_000_000_000n,
    )
    // cUSDT priced in cXAUC: 1 / 2650, rounded down
    expect(pegPrice({ baseUsd: WAD, quoteUsd: 2650n * WAD, baseDecimals: 6, quoteDecimals: 6 })).toBe(
      377_358_490_566_037n,
    )
  })

  it('adjusts by 10^quoteDecimals / 10^baseDecimals after the division, rounding down each time', () => {
    // 18-decimal base worth 2000 of a 6-decimal quote: i = 2000 × 10^(18 − 18 + 6)
    expect(pegPrice({ baseUsd: 2000n * WAD, quoteUsd: WAD, baseDecimals: 18, quoteDecimals: 6 })).toBe(
      2000n * 10n ** 6n,
    )
    expect(pegPrice({ baseUsd: WAD, quoteUsd: WAD, baseDecimals: 6, quoteDecimals: 18 })).toBe(WAD * 10n ** 12n)
    // two roundings, in order: (1e18 × 1e18 / 3e18) = 333333333333333333, then × 1 / 1e12 → 333333
    expect(pegPrice({ baseUsd: WAD, quoteUsd: 3n * WAD, baseDecimals: 18, quoteDecimals: 6 })).toBe(333_333n)
  })

  it('rejects zero prices, bad decimals and a peg that rounds to zero', () => {
    badInput(() => pegPrice({ baseUsd: 0n, quoteUsd: WAD, baseDecimals: 6, quoteDecimals: 6 }))
    badInput(() => pegPrice({ baseUsd: WAD, quoteUsd: 0n, baseDecimals: 6, quoteDecimals: 6 }))
    badInput(() => pegPrice({ baseUsd: WAD, quoteUsd: WAD, baseDecimals: -1, quoteDecimals: 6 }))
    badInput(() => pegPrice({ baseUsd: WAD, quoteUsd: WAD, baseDecimals: 6.5, quoteDecimals: 6 }))
    badInput(() => pegPrice({ baseUsd: 1n, quoteUsd: 10n ** 40n, baseDecimals: 6, quoteDecimals: 6 }), /zero/)
  })
})

describe('deviationBps', () => {
  it('is (price − peg) × 10000 / peg truncated toward zero', () => {
    expect(deviationBps(off(25n), WAD)).toBe(25n)
    expect(deviationBps(off(-25n), WAD)).toBe(-25n)
    // +0.99 bps → 0, −0.99 bps → 0 (toward zero, not floor)
    expect(deviationBps(WAD + 99n * 10n ** 12n, WAD)).toBe(0n)
    expect(deviationBps(WAD - 99n * 10n ** 12n, WAD)).toBe(0n)
    // −1.5 bps → −1
    expect(deviationBps(WAD - 150n * 10n ** 12n, WAD)).toBe(-1n)
    expect(deviationBps(0n, WAD)).toBe(-10_000n)
  })
  it('rejects a zero peg and a negative price', () => {
    badInput(() => deviationBps(WAD, 0n))
    badInput(() => deviationBps(-1n, WAD))
  })
})

describe('blocksNeeded', () => {
  it('lists [h − max(W, N), h − 1]', () => {
    expect(blocksNeeded(100n, 5, 3)).toEqual([95n, 96n, 97n, 98n, 99n])
    expect(blocksNeeded(100n, 2n, 4n)).toEqual([96n, 97n, 98n, 99n])
    expect(blocksNeeded(3n, 3, 1)).toEqual([0n, 1n, 2n])
  })
  it('rejects W or N below 1 and h earlier than the window', () => {
    badInput(() => blocksNeeded(100n, 0, 3))
    badInput(() => blocksNeeded(100n, 5, 0))
    badInput(() => blocksNeeded(4n, 5, 3), /too early/)
    expect(() => blocksNeeded(4n, 5, 3)).toThrow(expect.objectContaining({ code: 'WINDOW_TOO_LONG' }))
    badInput(() => blocksNeeded(100n, 2.5, 3))
  })
})

describe('twap', () => {
  it('averages completed blocks [h − W, h − 1] with integer division, ignoring block h and older blocks', () => {
    const prices = new Map<bigint, bigint>([
      [6n, 1_000n], // outside the window
      [7n, 10n],
      [8n, 10n],
      [9n, 11n],
      [10n, 999_999n], // block h itself: its trades never count
    ])
    expect(twap(prices, 10n, 3)).toBe(10n) // 31 / 3 = 10.33 → 10
    expect(twap(prices, 10n, 1n)).toBe(11n)
    expect(twap(series(0n, [1n, 2n]), 2n, 2)).toBe(1n) // 3 / 2 → 1
  })
  it('fails on a missing block or conflicting rows', () => {
    badInput(() => twap(series(8n, [10n, 10n]), 10n, 3), /block 7/)
    badInput(() =>
      twap(
        [
          { block: 1n, price: 1n },
          { block: 1n, price: 2n },
        ],
        2n,
        1,
      ),
    )
  })
})

describe('sustainedFor', () => {
  it('counts consecutive same-sign blocks beyond θ back from h − 1', () => {
    const devs = series(90n, [0n, 30n, 30n, 30n]).map(({ block, price }) => ({ block, deviationBps: price }))
    expect(sustainedFor(devs, 94n, 10)).toBe(3)
    expect(sustainedFor(devs, 93n, 10)).toBe(2)
    expect(sustainedFor(devs, 91n, 10)).toBe(0)
  })
  it('stops at the band edge (|d| = θ is in band), a sign flip, or a missing block', () => {
    const m = (vals: bigint[]) => new Map(vals.map((v, i) => [BigInt(i), v]))
    expect(sustainedFor(m([20n, 20n, 10n, 20n]), 4n, 10n)).toBe(1)
    expect(sustainedFor(m([-20n, -20n, 20n, 20n]), 4n, 10n)).toBe(2)
    expect(sustainedFor(m([-20n, -20n, -20n]), 3n, 10n)).toBe(3)
    expect(sustainedFor(new Map([[5n, 20n]]), 7n, 10n)).toBe(0)
    badInput(() => sustainedFor(m([1n]), 1n, -1))
  })
})

describe('evaluate: flash containment semantics', () => {
  const peg = WAD
  const base = { peg, W: 3, N: 3, thresholdBps: 10 }

  it('is in-band when every completed block is inside θ', () => {
    const r = evaluate({ ...base, h: 105n, endOfBlockPrices: series(102n, [off(5n), off(-10n), off(10n)]) })
    expect(r.verdict).toBe('in-band')
    expect(r.shouldRebalance).toBe(false)
    expect(r.window).toEqual({ from: 102n, to: 104n })
    expect(r.blocksOutOfBand).toBe(0)
  })

  it('a single-block excursion (one block deviates, then back) is not sustained', () => {
    const r = evaluate({ ...base, h: 105n, endOfBlockPrices: series(102n, [off(0n), off(200n), off(0n)]) })
    // TWAP = 200/3 bps ≈ 66 bps > θ, yet only one block deviated
    expect(r.twapDeviationBps).toBe(66n)
    expect(r.sustainedBlocks).toBe(0)
    expect(r.shouldRebalance).toBe(false)
    expect(r.verdict).toBe('excursion')
    expect(r.blocksOutOfBand).toBe(1)
    expect(r.maxAbsDeviationBps).toBe(200n)
  })

  it('a trade reversed within its block never shows: only end-of-block prices count', () => {
    // the intra-block spike is not an input at all; every end-of-block price is at peg
    const r = evaluate({ ...base, h: 105n, endOfBlockPrices: series(102n, [peg, peg, peg]) })
    expect(r.verdict).toBe('in-band')
    expect(r.twap).toBe(peg)
  })

  it('a trade held for N + 1 blocks is sustained', () => {
    // trade lands in block 101 and stays: blocks 101..104 deviate, h = 105 reads [102, 104]
    const prices = series(100n, [peg, off(30n), off(30n), off(30n), off(30n)])
    const r = evaluate({ ...base, h: 105n, endOfBlockPrices: prices })
    expect(r.sustainedBlocks).toBe(3)
    expect(r.sustainedSign).toBe(1)
    expect(r.twapDeviationBps).toBe(30n)
    expect(r.shouldRebalance).toBe(true)
    expect(r.verdict).toBe('sustained')
    // at h = 104 blocks 101..103 deviate: exactly N, also sustained
    expect(evaluate({ ...base, h: 104n, endOfBlockPrices: prices }).shouldRebalance).toBe(true)
    // at h = 103 only blocks 101..102 deviate: N − 1, an excursion
    const early = evaluate({ ...base, h: 103n, endOfBlockPrices: prices })
    expect(early.sustainedBlocks).toBe(2)
    expect(early.verdict).toBe('excursion')
  })

  it('a sign flip resets the run', () => {
    const prices = series(102n, [off(-40n), off(40n), off(40n)])
    const r = evaluate({ ...base, h: 105n, endOfBlockPrices: prices })
    expect(r.sustainedBlocks).toBe(2)
    expect(r.shouldRebalance).toBe(false)
    expect(r.verdict).toBe('excursion')
  })

  it('needs the TWAP beyond θ too: sustained blocks with a TWAP inside θ do not fire', () => {
    // W = 6, N = 2: two blocks at +25 bps and four at peg → TWAP 50/6 = 8 bps ≤ 10
    const prices = series(94n, [peg, peg, peg, peg, off(25n), off(25n)])
    const r = evaluate({ peg, W: 6, N: 2, thresholdBps: 10, h: 100n, endOfBlockPrices: prices })
    expect(r.sustained).toBe(true)
    expect(r.twapDeviationBps).toBe(8n)
    expect(r.shouldRebalance).toBe(false)
    expect(r.verdict).toBe('excursion')
  })

  it('TWAP deviation uses the integer TWAP, truncated toward zero', () => {
    // prices 1e18 + {1, 2, 2}: sum/3 = 1e18 + 1 (5/3 rounded down); deviation of 1 wei is 0 bps
    const prices = series(0n, [peg + 1n, peg + 2n, peg + 2n])
    const r = evaluate({ peg, W: 3, N: 1, thresholdBps: 0, h: 3n, endOfBlockPrices: prices })
    expect(r.twap).toBe(peg + 1n)
    expect(r.twapDeviationBps).toBe(0n)
    // every block deviates by 0 bps too, which is not > θ = 0
    expect(r.sustainedBlocks).toBe(0)
    expect(r.verdict).toBe('in-band')
    // below peg: −(1.5 bps) averages to −1 bps (toward zero), not −2
    const below = series(0n, [peg - 10n ** 14n, peg - 2n * 10n ** 14n])
    expect(evaluate({ peg, W: 2, N: 1, thresholdBps: 0, h: 2n, endOfBlockPrices: below }).twapDeviationBps).toBe(-1n)
  })

  it('ignores rows outside the window and fails on missing ones', () => {
    const prices = series(90n, [off(500n), ...Array(15).fill(peg)])
    expect(evaluate({ ...base, h: 105n, endOfBlockPrices: prices }).verdict).toBe('in-band')
    badInput(() => evaluate({ ...base, h: 105n, endOfBlockPrices: series(103n, [peg, peg]) }), /block 102/)
  })

  it('agrees with a literal reading of the definitions on random histories', () => {
    let seed = 0x2545f491
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % n
    }
    const outcomes = { fire: 0, sustainedOnly: 0, quiet: 0 }
    for (let run = 0; run < 400; run++) {
      const W = 1 + rand(6)
      const N = 1 + rand(6)
      const theta = BigInt(rand(30))
      const h = 50n + BigInt(rand(10))
      const pegR = WAD + BigInt(rand(1000)) * 10n ** 12n
      const prices = new Map<bigint, bigint>()
      for (let b = 30n; b < h; b++) prices.set(b, pegR + (pegR * BigInt(rand(121) - 60)) / 10_000n + BigInt(rand(7)))
      const r = evaluate({ peg: pegR, W, N, thresholdBps: theta, h, endOfBlockPrices: prices })
      // literal definitions
      let sum = 0n
      for (let b = h - BigInt(W); b <= h - 1n; b++) sum += prices.get(b)!
      const twapDev = ((sum / BigInt(W) - pegR) * 10_000n) / pegR
      const devs: bigint[] = []
      for (let b = h - BigInt(N); b <= h - 1n; b++) devs.push(((prices.get(b)! - pegR) * 10_000n) / pegR)
      const abs = (v: bigint) => (v < 0n ? -v : v)
      const sustained = devs.every((d) => abs(d) > theta) && (devs.every((d) => d > 0n) || devs.every((d) => d < 0n))
      expect(r.twapDeviationBps).toBe(twapDev)
      expect(r.sustained).toBe(sustained)
      expect(r.shouldRebalance).toBe(abs(twapDev) > theta && sustained)
      outcomes[r.shouldRebalance ? 'fire' : sustained ? 'sustainedOnly' : 'quiet']++
    }
    // the histories exercise every branch
    expect(outcomes.fire).toBeGreaterThan(10)
    expect(outcomes.quiet).toBeGreaterThan(10)
  })
})

describe('ruleFires (the float fast path of the same rule)', () => {
  it('agrees with evaluate on random price series', async () => {
    const { evaluate, ruleFires } = await import('./window.js')
    let seed = 12345
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const peg = 10n ** 18n
    let fired = 0
    for (let trial = 0; trial < 2000; trial++) {
      const W = 1 + Math.floor(rand() * 6)
      const N = 1 + Math.floor(rand() * 4)
      const theta = Math.floor(rand() * 15)
      const span = Math.max(W, N)
      const prices = new Map<bigint, bigint>()
      const ring = new Float64Array(span)
      const drift = (rand() - 0.5) * 0.004
      for (let b = 0; b < span; b++) {
        const p = 10n ** 18n + BigInt(Math.round((drift + (rand() - 0.5) * 0.002) * 1e18))
        prices.set(BigInt(b), p)
        ring[b] = Number(p) / 1e18
      }
      const ev = evaluate({ endOfBlockPrices: prices, peg, h: BigInt(span), W, N, thresholdBps: theta })
      const fast = ruleFires(ring, 0, W, N, theta, 1)
      expect(fast, `W ${W} N ${N} θ ${theta}`).toBe(ev.shouldRebalance ? Number(ev.twapDeviationBps) : 0)
      if (fast !== 0) fired++
    }
    expect(fired).toBeGreaterThan(100)
  })
})
