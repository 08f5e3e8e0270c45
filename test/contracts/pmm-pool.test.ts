// VaultPMMPool on anvil: the DVM vectors, random trades against quotes, initialisation, flash loans, the end-of-block
// price record and TWAP, the private allowlist. Over 300 lines: one pool deployment shared by every case.
import { readFileSync } from 'node:fs'
import { type Address, decodeEventLog, parseAbi } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  flashBorrowerAbi,
  vaultPMMIntegrationAbi,
  vaultPMMPoolAbi,
  vaultTokenAbi,
} from '../../src/chain/abi/generated.js'
import { type Chain, deploy, expectRevert, mine, rpc, sendOnly, startChain, write } from './helpers.js'

interface Quote {
  amount: string
  receive: string
  mtFee: string
}
interface Snapshot {
  label: string
  trade?: { fn: 'sellBase' | 'sellQuote'; amountIn: string; received: string }
  state: Record<'i' | 'K' | 'B' | 'Q' | 'B0' | 'Q0', string> & { R: number }
  midPrice: string
  reserves: { base: string; quote: string }
  quotes: { sellBase: Quote[]; sellQuote: Quote[] }
}
const vectors = JSON.parse(readFileSync(new URL('../fixtures/pmm-vectors.json', import.meta.url), 'utf8')) as {
  params: { baseReserve: string; quoteReserve: string; i: string; k: string; lpFeeRate: string; isOpenTWAP: boolean }
  snapshots: Snapshot[]
}

const BIG = 10n ** 30n
const ZERO = '0x0000000000000000000000000000000000000000'
const swapEvent = parseAbi([
  'event DODOSwap(address fromToken, address toToken, uint256 fromAmount, uint256 toAmount, address trader, address receiver)',
])

interface Setup {
  base: Address
  quote: Address
  integration: Address
  borrower: Address
}

async function setup(chain: Chain): Promise<Setup> {
  const base = await deploy(chain, 'VaultToken', ['Base', 'cUSDT'])
  const quote = await deploy(chain, 'VaultToken', ['Quote', 'cUSDC'])
  const impl = await deploy(chain, 'VaultPMMPool')
  const integration = await deploy(chain, 'VaultPMMIntegration', [chain.addresses[0], impl, base, quote])
  const borrower = await deploy(chain, 'FlashBorrower')
  for (const token of [base, quote]) {
    await write(chain, {
      address: token,
      abi: vaultTokenAbi,
      functionName: 'mintBatch',
      args: [chain.addresses.concat(borrower), chain.addresses.concat(borrower).map(() => BIG)],
    })
    await write(chain, { address: token, abi: vaultTokenAbi, functionName: 'approve', args: [integration, BIG * 10n] })
  }
  return { base, quote, integration, borrower }
}

async function createPool(
  chain: Chain,
  s: Setup,
  p: { i: bigint; k: bigint; lpFeeRate: bigint; twap: boolean; base?: Address; quote?: Address },
): Promise<Address> {
  const hash = await write(chain, {
    address: s.integration,
    abi: vaultPMMIntegrationAbi,
    functionName: 'createPoolAllowDuplicate',
    args: [p.base ?? s.base, p.quote ?? s.quote, p.lpFeeRate, p.i, p.k, p.twap],
  })
  const receipt = await chain.publicClient.getTransactionReceipt({ hash })
  for (const log of receipt.logs) {
    try {
      const ev = decodeEventLog({ abi: vaultPMMIntegrationAbi, ...log })
      if (ev.eventName === 'PoolCreated') return ev.args.pool
    } catch {
      // not ours
    }
  }
  throw new Error('no PoolCreated')
}

async function fund(chain: Chain, s: Setup, pool: Address, baseAmount: bigint, quoteAmount: bigint) {
  await write(chain, {
    address: s.integration,
    abi: vaultPMMIntegrationAbi,
    functionName: 'addLiquidity',
    args: [pool, baseAmount, quoteAmount],
  })
}

/** Trades through the borrower helper (transfer + sell in one tx) and returns what the pool paid out. */
async function trade(chain: Chain, s: Setup, pool: Address, side: 'sellBase' | 'sellQuote', amount: bigint) {
  const hash = await write(chain, {
    address: s.borrower,
    abi: flashBorrowerAbi,
    functionName: side,
    args: [pool, amount],
  })
  const receipt = await chain.publicClient.getTransactionReceipt({ hash })
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== pool.toLowerCase()) continue
    try {
      const ev = decodeEventLog({ abi: swapEvent, ...log })
      return ev.args.toAmount
    } catch {
      // other event
    }
  }
  throw new Error('no DODOSwap')
}

function read<T>(chain: Chain, address: Address, functionName: string, args: readonly unknown[] = []): Promise<T> {
  return chain.publicClient.readContract({ address, abi: vaultPMMPoolAbi, functionName, args } as never) as Promise<T>
}

describe('VaultPMMPool', () => {
  let chain: Chain
  let s: Setup

  beforeAll(async () => {
    chain = await startChain(138)
    s = await setup(chain)
  })
  afterAll(async () => {
    await chain.anvil.stop()
  })

  it('reproduces every number of the DVM vectors: state, mid price, quotes and executed trades', async () => {
    const p = vectors.params
    const pool = await createPool(chain, s, {
      i: BigInt(p.i),
      k: BigInt(p.k),
      lpFeeRate: BigInt(p.lpFeeRate),
      twap: p.isOpenTWAP,
    })
    await fund(chain, s, pool, BigInt(p.baseReserve), BigInt(p.quoteReserve))
    for (const snap of vectors.snapshots) {
      if (snap.trade) {
        const received = await trade(chain, s, pool, snap.trade.fn, BigInt(snap.trade.amountIn))
        expect(received, snap.label).toBe(BigInt(snap.trade.received))
      }
      const [state, mid, reserves, sellBase, sellQuote] = await Promise.all([
        read<readonly bigint[]>(chain, pool, 'getPMMStateForCall'),
        read<bigint>(chain, pool, 'getMidPrice'),
        read<readonly bigint[]>(chain, pool, 'getVaultReserve'),
        Promise.all(
          snap.quotes.sellBase.map((q) =>
            read<readonly bigint[]>(chain, pool, 'querySellBase', [ZERO, BigInt(q.amount)]),
          ),
        ),
        Promise.all(
          snap.quotes.sellQuote.map((q) =>
            read<readonly bigint[]>(chain, pool, 'querySellQuote', [ZERO, BigInt(q.amount)]),
          ),
        ),
      ])
      const st = snap.state
      expect(state, snap.label).toEqual([st.i, st.K, st.B, st.Q, st.B0, st.Q0, String(st.R)].map(BigInt))
      expect(mid, snap.label).toBe(BigInt(snap.midPrice))
      expect(reserves).toEqual([BigInt(snap.reserves.base), BigInt(snap.reserves.quote)])
      expect(sellBase).toEqual(snap.quotes.sellBase.map((q) => [BigInt(q.receive), BigInt(q.mtFee)]))
      expect(sellQuote).toEqual(snap.quotes.sellQuote.map((q) => [BigInt(q.receive), BigInt(q.mtFee)]))
    }
  })

  it('pays exactly the preceding quote on 200 random trades', async () => {
    const pool = await createPool(chain, s, {
      i: 10n ** 18n,
      k: 2n * 10n ** 17n,
      lpFeeRate: 3n * 10n ** 15n,
      twap: true,
    })
    await fund(chain, s, pool, 2_000_000n * 10n ** 6n, 1_500_000n * 10n ** 6n)
    let seed = 0x5eed
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    let checked = 0
    for (let n = 0; n < 200; n++) {
      const side = rand() < 0.5 ? 'sellBase' : 'sellQuote'
      const [, , b, q, b0] = (await read<readonly bigint[]>(chain, pool, 'getPMMStateForCall')) as bigint[]
      // sizes from 1 unit up to ~10% of the paying side's reserve, log-uniform; a vending machine cannot take
      // base beyond its target (B0 - B: the quote side would be emptied), so base sales stay below that
      const reserve = side === 'sellBase' ? (b0 as bigint) - (b as bigint) : (q as bigint)
      const cap = Number(reserve / 10n)
      const amount = BigInt(Math.max(1, Math.floor(Math.exp(rand() * Math.log(cap)))))
      const fn = side === 'sellBase' ? 'querySellBase' : 'querySellQuote'
      const [quoted] = await read<readonly bigint[]>(chain, pool, fn, [chain.addresses[0], amount])
      const received = await trade(chain, s, pool, side, amount).catch((e) => {
        throw new Error(
          `trade ${n} ${side} ${amount} (reserves ${b}/${q}, quoted ${quoted}): ${String(e).slice(0, 800)}`,
        )
      })
      expect(received, `trade ${n}: ${side} ${amount}`).toBe(quoted)
      checked++
    }
    expect(checked).toBe(200)
  })

  it('can be initialised once only; the implementation never', async () => {
    const pool = await createPool(chain, s, { i: 10n ** 18n, k: 10n ** 17n, lpFeeRate: 0n, twap: false })
    const args = [chain.addresses[0], s.base, s.quote, 0n, ZERO, 10n ** 18n, 10n ** 17n, false]
    await expectRevert(
      () => write(chain, { address: pool, abi: vaultPMMPoolAbi, functionName: 'init', args }),
      'DVM_INITIALIZED',
    )
    const impl = await read<Address>(chain, s.integration, 'poolImplementation').catch(() =>
      chain.publicClient.readContract({
        address: s.integration,
        abi: vaultPMMIntegrationAbi,
        functionName: 'poolImplementation',
      }),
    )
    await expectRevert(
      () => write(chain, { address: impl, abi: vaultPMMPoolAbi, functionName: 'init', args }),
      'DVM_INITIALIZED',
    )
  })

  it('reverts an unpaid flash loan and keeps state after a repaid one', async () => {
    const pool = await createPool(chain, s, { i: 10n ** 18n, k: 10n ** 17n, lpFeeRate: 3n * 10n ** 15n, twap: true })
    await fund(chain, s, pool, 1_000_000n * 10n ** 6n, 500_000n * 10n ** 6n)
    const flash = (base: bigint, quote: bigint, repayBase: bigint, repayQuote: bigint) =>
      write(chain, {
        address: s.borrower,
        abi: flashBorrowerAbi,
        functionName: 'flash',
        args: [pool, base, quote, repayBase, repayQuote],
      })
    const unit = 10n ** 6n
    await expectRevert(() => flash(100_000n * unit, 0n, 0n, 0n), 'FLASH_LOAN_FAILED')
    await expectRevert(
      () => flash(100_000n * unit, 50_000n * unit, 100_000n * unit, 50_000n * unit - 1n),
      'FLASH_LOAN_FAILED',
    )
    const snapshot = () =>
      Promise.all([
        read<readonly bigint[]>(chain, pool, 'getVaultReserve'),
        read<bigint>(chain, pool, 'getMidPrice'),
        read<bigint>(chain, pool, 'totalSupply'),
      ])
    const before = await snapshot()
    await flash(100_000n * unit, 50_000n * unit, 100_000n * unit, 50_000n * unit)
    expect(await snapshot()).toEqual(before)
    // A base shortfall paid for with quote is a sale: allowed when the quote covers it at the pool's price.
    const [quoteNeeded] = [60_000n * unit]
    await flash(10_000n * unit, 0n, 0n, quoteNeeded)
    const [[b, q]] = await snapshot()
    expect(b).toBe((before[0][0] as bigint) - 10_000n * unit)
    expect(q).toBe((before[0][1] as bigint) + quoteNeeded)
  })

  it('records end-of-block mid prices: observe(b) equals getMidPrice at block b', async () => {
    const pool = await createPool(chain, s, { i: 10n ** 18n, k: 10n ** 17n, lpFeeRate: 3n * 10n ** 15n, twap: true })
    await fund(chain, s, pool, 1_000_000n * 10n ** 6n, 500_000n * 10n ** 6n)
    const first = await chain.publicClient.getBlockNumber()
    await trade(chain, s, pool, 'sellBase', 5_000n * 10n ** 6n)
    await mine(chain, 2)
    // two trades in one block: only the later state is that block's price
    await rpc(chain, 'evm_setAutomine', [false])
    const nonce = await chain.publicClient.getTransactionCount({
      address: chain.addresses[0] as Address,
      blockTag: 'pending',
    })
    const sent = [
      await sendOnly(chain, {
        address: s.borrower,
        abi: flashBorrowerAbi,
        functionName: 'sellQuote',
        args: [pool, 9_000n * 10n ** 6n],
        nonce,
      }),
      await sendOnly(chain, {
        address: s.borrower,
        abi: flashBorrowerAbi,
        functionName: 'sellBase',
        args: [pool, 1_000n * 10n ** 6n],
        nonce: nonce + 1,
      }),
    ]
    await mine(chain, 1)
    await rpc(chain, 'evm_setAutomine', [true])
    const receipts = await Promise.all(sent.map((hash) => chain.publicClient.waitForTransactionReceipt({ hash })))
    expect(receipts.map((r) => r.status)).toEqual(['success', 'success'])
    expect(receipts[0]?.blockNumber).toBe(receipts[1]?.blockNumber)
    await trade(chain, s, pool, 'sellBase', 2_000n * 10n ** 6n)
    await mine(chain, 1)
    const last = await chain.publicClient.getBlockNumber()
    const blocks = Array.from({ length: Number(last - first) }, (_, n) => first + BigInt(n))
    const [observed, actual, range] = await Promise.all([
      Promise.all(blocks.map((b) => read<bigint>(chain, pool, 'observe', [b]))),
      Promise.all(
        blocks.map((b) =>
          chain.publicClient.readContract({
            address: pool,
            abi: vaultPMMPoolAbi,
            functionName: 'getMidPrice',
            blockNumber: b,
          }),
        ),
      ),
      read<readonly bigint[]>(chain, pool, 'observeRange', [first, last - 1n]),
    ])
    expect(observed).toEqual(actual)
    expect(range).toEqual(actual)
    expect(new Set(actual).size).toBeGreaterThanOrEqual(4)
    await expectRevert(() => read(chain, pool, 'observe', [first - 5n]), 'ObservationTooOld')
    await expectRevert(() => read(chain, pool, 'observe', [last + 1n]), 'BlockNotCompleted')
  })

  it('accumulates the time-weighted price like a DVM', async () => {
    const pool = await createPool(chain, s, { i: 10n ** 18n, k: 10n ** 17n, lpFeeRate: 3n * 10n ** 15n, twap: true })
    await fund(chain, s, pool, 1_000_000n * 10n ** 6n, 500_000n * 10n ** 6n)
    const [c0, t0] = await Promise.all([
      read<bigint>(chain, pool, '_BASE_PRICE_CUMULATIVE_LAST_'),
      read<number>(chain, pool, '_BLOCK_TIMESTAMP_LAST_'),
    ])
    await rpc(chain, 'evm_increaseTime', [100])
    await trade(chain, s, pool, 'sellBase', 3_000n * 10n ** 6n)
    const [c1, t1, mid] = await Promise.all([
      read<bigint>(chain, pool, '_BASE_PRICE_CUMULATIVE_LAST_'),
      read<number>(chain, pool, '_BLOCK_TIMESTAMP_LAST_'),
      read<bigint>(chain, pool, 'getMidPrice'),
    ])
    expect(t1 - t0).toBeGreaterThanOrEqual(100)
    // the price after the update, times the time elapsed since the previous update
    expect(c1 - c0).toBe(mid * BigInt(t1 - t0))
  })

  it('private pools reject callers off the allowlist; the admin manages the list through the integration', async () => {
    const [, , allowed, stranger] = chain.addresses as Address[]
    const hash = await write(chain, {
      address: s.integration,
      abi: vaultPMMIntegrationAbi,
      functionName: 'createPrivatePool',
      args: [s.base, s.quote, 0n, 10n ** 18n, 10n ** 17n, true, [allowed]],
    })
    const receipt = await chain.publicClient.getTransactionReceipt({ hash })
    const created = receipt.logs
      .map((l) => {
        try {
          return decodeEventLog({ abi: vaultPMMIntegrationAbi, ...l })
        } catch {
          return undefined
        }
      })
      .find((e) => e?.eventName === 'PoolCreated')
    if (created?.eventName !== 'PoolCreated') throw new Error('no PoolCreated')
    const pool = created.args.pool
    expect(created.args.isPrivate).toBe(true)
    expect(
      await chain.publicClient.readContract({
        address: s.integration,
        abi: vaultPMMIntegrationAbi,
        functionName: 'isPrivatePool',
        args: [pool],
      }),
    ).toBe(true)
    await fund(chain, s, pool, 100_000n * 10n ** 6n, 50_000n * 10n ** 6n)
    const sellFrom = async (from: number) => {
      await write(chain, {
        address: s.base,
        abi: vaultTokenAbi,
        functionName: 'transfer',
        args: [pool, 10n ** 6n],
        from,
      })
      return write(chain, {
        address: pool,
        abi: vaultPMMPoolAbi,
        functionName: 'sellBase',
        args: [chain.addresses[from]],
        from,
      })
    }
    await expectRevert(() => sellFrom(3), 'TraderNotAllowed')
    await expectRevert(
      () =>
        write(chain, {
          address: pool,
          abi: vaultPMMPoolAbi,
          functionName: 'flashLoan',
          args: [1n, 0n, stranger, '0x'],
          from: 3,
        }),
      'TraderNotAllowed',
    )
    await expectRevert(
      () => write(chain, { address: pool, abi: vaultPMMPoolAbi, functionName: 'buyShares', args: [stranger], from: 3 }),
      'TraderNotAllowed',
    )
    await sellFrom(2)
    await expectRevert(
      () =>
        write(chain, {
          address: pool,
          abi: vaultPMMPoolAbi,
          functionName: 'setAllowed',
          args: [stranger, true],
          from: 3,
        }),
      'NotPoolAdmin',
    )
    await expectRevert(
      () =>
        write(chain, {
          address: s.integration,
          abi: vaultPMMIntegrationAbi,
          functionName: 'setPrivatePoolAllowed',
          args: [pool, [stranger], true],
          from: 3,
        }),
      'NotAuthorized',
    )
    await write(chain, {
      address: s.integration,
      abi: vaultPMMIntegrationAbi,
      functionName: 'setPrivatePoolAllowed',
      args: [pool, [stranger], true],
    })
    await sellFrom(3)
  })
})
