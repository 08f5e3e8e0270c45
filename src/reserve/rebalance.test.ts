import { describe, expect, it } from 'vitest'
import type { Holding } from './check.js'
import { type Movable, planChainRebalance, transferAction } from './rebalance.js'

const WAD = 10n ** 18n
const UNIT = 10n ** 6n
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const
const movable: Movable[] = [
  { bucket: 'B', holder: 'stabilizer', address: addr(2) },
  { bucket: 'C', holder: 'flashLiquidity', address: addr(3) },
  { bucket: 'D', holder: 'bridgeReserve', address: addr(4) },
  { bucket: 'E', holder: 'safe', address: addr(5) },
]
const hold = (bucket: Holding['bucket'], holder: string, holderAddress: `0x${string}`, dollars: bigint): Holding => ({
  chainId: 138,
  bucket,
  holder,
  holderAddress,
  token: 'cUSDT',
  tokenAddress: addr(100),
  amount: dollars * UNIT,
  decimals: 6,
  usd: dollars * WAD,
})
const policy = { A: 3000, B: 3000, C: 1000, D: 1500, E: 1500 }

describe('planChainRebalance', () => {
  it('moves surplus to deficits to the unit of the targets, from balances the Safe controls', () => {
    // total 1,000,000: targets A 300k, B 300k, C 100k, D 150k, E 150k
    const holdings = [
      hold('A', 'pool cUSDT/cUSDC', addr(1), 300_000n),
      hold('B', 'stabilizer', addr(2), 300_000n),
      hold('C', 'flashLiquidity', addr(3), 0n),
      hold('D', 'bridgeReserve', addr(4), 400_000n),
      hold('E', 'safe', addr(5), 0n),
    ].filter((h) => h.amount > 0n)
    const r = planChainRebalance({ chainId: 138, holdings, movable, policy })
    expect(r.totalUsd).toBe(1_000_000n * WAD)
    expect(r.transfers.map((t) => [t.from.bucket, t.to.bucket, t.amount])).toEqual([
      ['D', 'E', 150_000n * UNIT],
      ['D', 'C', 100_000n * UNIT],
    ])
    expect(r.unresolved).toEqual([])
    expect(r.buckets.find((b) => b.id === 'D')?.deltaUsd).toBe(250_000n * WAD)
  })

  it('a pool-liquidity shortfall is unresolved, never taken from a pool', () => {
    const holdings = [hold('A', 'pool cUSDT/cUSDC', addr(1), 100_000n), hold('E', 'safe', addr(5), 900_000n)]
    const r = planChainRebalance({ chainId: 138, holdings, movable, policy })
    expect(r.transfers.every((t) => t.from.holder === 'safe')).toBe(true)
    expect(r.unresolved).toEqual([{ id: 'A', shortUsd: 200_000n * WAD }])
    expect(r.transfers.reduce((s, t) => s + t.amount, 0n)).toBe(550_000n * UNIT) // B 300k, C 100k, D 150k
  })

  it('skips moves below minUsd and encodes Safe transfers and withdrawals', () => {
    const holdings = [hold('B', 'stabilizer', addr(2), 500_050n), hold('E', 'safe', addr(5), 499_950n)]
    const r = planChainRebalance({
      chainId: 138,
      holdings,
      movable,
      policy: { A: 0, B: 5000, C: 0, D: 0, E: 5000 },
      minUsd: 100n * WAD,
    })
    expect(r.transfers).toEqual([])
    const moved = planChainRebalance({
      chainId: 138,
      holdings,
      movable,
      policy: { A: 0, B: 5000, C: 0, D: 0, E: 5000 },
    })
    expect(moved.transfers).toHaveLength(1)
    const a = transferAction(moved.transfers[0])
    expect(a.to).toBe(addr(2)) // stabilizer.withdraw(token, safe, amount)
    expect(a.data.startsWith('0xd9caed12')).toBe(true)
    const fromSafe = transferAction({ ...moved.transfers[0], from: movable[3], to: movable[0] })
    expect(fromSafe.to).toBe(addr(100)) // token.transfer(stabilizer, amount)
    expect(fromSafe.data.startsWith('0xa9059cbb')).toBe(true)
  })
})
