// Every number read from a real DODO V2 DVM (test/fixtures/pmm-vectors.json, recorded from a DVM on a local chain 138) must come out of the TypeScript math
// to the unit: the pool state, its mid price, each quote (dust included) and each trade with the state after it.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { getMidPrice, RState, rStateName } from './pricing.js'
import { dvmState, dvmStateAfter, querySellBase, querySellQuote, type Side } from './quote.js'

interface Vectors {
  params: {
    baseReserve: string
    quoteReserve: string
    i: string
    k: string
    lpFeeRate: string
    mtFeeRate: string
    amounts: string[]
    trades: { side: Side; amount: string }[]
  }
  snapshots: {
    label: string
    trade?: { fn: 'sellBase' | 'sellQuote'; amountIn: string; received: string; quotedMtFeeBefore: string }
    state: Record<'i' | 'K' | 'B' | 'Q' | 'B0' | 'Q0', string> & { R: number; RName: string }
    midPrice: string
    reserves: { base: string; quote: string }
    quotes: Record<'sellBase' | 'sellQuote', { amount: string; receive: string; mtFee: string }[]>
  }[]
}

const vectors: Vectors = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/pmm-vectors.json', import.meta.url), 'utf8'),
) as Vectors
const { params, snapshots } = vectors
const lpFeeRate = BigInt(params.lpFeeRate)
const mtFeeRate = BigInt(params.mtFeeRate)
const big = (s: string) => BigInt(s)

describe('pmm vectors from a real DVM', () => {
  it('starts from the initial snapshot and has trades after it', () => {
    expect(snapshots[0].label).toBe('initial')
    expect(snapshots.length).toBeGreaterThan(1)
    expect(snapshots.length).toBeLessThanOrEqual(params.trades.length + 1)
  })

  it('reproduces the initial state from the funded reserves', () => {
    const state = dvmState({
      i: big(params.i),
      K: big(params.k),
      baseReserve: big(params.baseReserve),
      quoteReserve: big(params.quoteReserve),
    })
    const want = snapshots[0].state
    expect(state).toEqual({
      i: big(want.i),
      K: big(want.K),
      B: big(want.B),
      Q: big(want.Q),
      B0: big(want.B0),
      Q0: big(want.Q0),
      R: want.R,
    })
    expect(state.B0).toBe(1916079783099n)
    expect(state.R).toBe(RState.ABOVE_ONE)
  })

  for (const snap of snapshots) {
    describe(snap.label, () => {
      const state = dvmState({
        i: big(snap.state.i),
        K: big(snap.state.K),
        baseReserve: big(snap.reserves.base),
        quoteReserve: big(snap.reserves.quote),
      })

      it('state (targets re-solved from the reserves)', () => {
        expect(state.B0).toBe(big(snap.state.B0))
        expect(state.Q0).toBe(big(snap.state.Q0))
        expect(state.B).toBe(big(snap.state.B))
        expect(state.Q).toBe(big(snap.state.Q))
        expect(rStateName(state.R)).toBe(snap.state.RName)
      })

      it('mid price', () => {
        expect(getMidPrice(state)).toBe(big(snap.midPrice))
      })

      for (const q of snap.quotes.sellBase) {
        it(`querySellBase ${q.amount}`, () => {
          const got = querySellBase(state, big(q.amount), lpFeeRate, mtFeeRate)
          expect(got.receive).toBe(big(q.receive))
          expect(got.mtFee).toBe(big(q.mtFee))
          expect(got.receive + got.mtFee + got.lpFee).toBe(got.gross)
        })
      }
      for (const q of snap.quotes.sellQuote) {
        it(`querySellQuote ${q.amount}`, () => {
          const got = querySellQuote(state, big(q.amount), lpFeeRate, mtFeeRate)
          expect(got.receive).toBe(big(q.receive))
          expect(got.mtFee).toBe(big(q.mtFee))
        })
      }
    })
  }

  it('replays each trade: the amount received and the state after it', () => {
    for (let n = 1; n < snapshots.length; n++) {
      const before = snapshots[n - 1]
      const after = snapshots[n]
      const trade = after.trade!
      const side: Side = trade.fn === 'sellBase' ? 'base' : 'quote'
      expect(params.trades[n - 1]).toEqual({ side, amount: trade.amountIn })
      const state = dvmState({
        i: big(before.state.i),
        K: big(before.state.K),
        baseReserve: big(before.reserves.base),
        quoteReserve: big(before.reserves.quote),
      })
      const amount = big(trade.amountIn)
      const quote =
        side === 'base'
          ? querySellBase(state, amount, lpFeeRate, mtFeeRate)
          : querySellQuote(state, amount, lpFeeRate, mtFeeRate)
      expect(quote.receive).toBe(big(trade.received))
      expect(quote.mtFee).toBe(big(trade.quotedMtFeeBefore))
      const next = dvmStateAfter(state, side, amount, quote)
      expect(next.B).toBe(big(after.reserves.base))
      expect(next.Q).toBe(big(after.reserves.quote))
      expect(next.B0).toBe(big(after.state.B0))
      expect(next.Q0).toBe(big(after.state.Q0))
      expect(next.R).toBe(after.state.R)
      expect(getMidPrice(next)).toBe(big(after.midPrice))
    }
  })
})
