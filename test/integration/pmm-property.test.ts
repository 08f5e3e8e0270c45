// Property test: the TypeScript PMM math equals the chain's to the unit. (Over 300 lines: the two harnesses and
// their random state generators belong to one property.)
// 1. VaultPMMPool (DVM arithmetic) on anvil: pools with random i, k, fees and reserves, moved by random trades;
//    at every state, getPMMStateForCall, getMidPrice, querySellBase and querySellQuote for random amounts
//    (dust, the exact way back to target, past it, huge) must equal dvmState/getMidPrice/querySellBase/querySellQuote,
//    reverts included.
// 2. The pool library itself through a small harness compiled here, for the R = ONE and R < 1 paths a DVM never
//    takes: random states in all three R states, targets, mid price and both sells.
import { readFileSync } from 'node:fs'
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  encodeDeployData,
  type Hex,
  http,
  type PublicClient,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isVaultError } from '../../src/core/errors.js'
import { ONE } from '../../src/core/pmm/decimal.js'
import {
  adjustedTarget,
  getMidPrice,
  type PMMState,
  RState,
  sellBaseToken,
  sellQuoteToken,
} from '../../src/core/pmm/pricing.js'
import { dvmState, type Quote, querySellBase, querySellQuote } from '../../src/core/pmm/quote.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { type Anvil, startAnvil } from '../helpers/anvil.js'

interface Artifact {
  abi: Abi
  bytecode: Hex
  deployedBytecode: Hex
}
const artifacts = JSON.parse(readFileSync(new URL('../../build/contracts.json', import.meta.url), 'utf8')) as Record<
  string,
  Artifact
>

/** anvil's first default account (a public test key). */
const DEPLOYER_KEY = LOCAL_KEYS.deployer
const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11'
const ZERO = '0x0000000000000000000000000000000000000000'
const SEED = Number(process.env.PMM_SEED ?? 138_651_940)
const POOLS = 8
const TRADES_PER_POOL = 3
const AMOUNTS_PER_SIDE = 22

// ---------- seeded randomness ----------

function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  /** Uniform in [0, n) for bigint n > 0. */
  const below = (n: bigint): bigint => {
    let r = 0n
    for (let bits = 0n; bits < BigInt(n.toString(2).length) + 32n; bits += 32n) {
      r = (r << 32n) | BigInt(Math.floor(next() * 4294967296))
    }
    return r % n
  }
  /** Log-uniform in [lo, hi]. */
  const logUniform = (lo: bigint, hi: bigint): bigint => {
    const digits = hi.toString().length
    const e = Math.floor(next() * digits)
    const top = 10n ** BigInt(e + 1)
    const v = lo + below(top < hi - lo + 1n ? top : hi - lo + 1n)
    return v > hi ? hi : v
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]
  return { next, below, logUniform, pick }
}
const rand = rng(SEED)

// ---------- chain helpers ----------

let anvil: Anvil
let client: PublicClient
let wallet: WalletClient
let me: Address

async function deploy(name: string, args: readonly unknown[] = [], artifact = artifacts[name]): Promise<Address> {
  if (!artifact) throw new Error(`${name} is not in build/contracts.json: run node scripts/build-contracts.mjs`)
  const hash = await wallet.sendTransaction({
    account: wallet.account!,
    chain: null,
    data: encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args }),
  })
  const r = await client.waitForTransactionReceipt({ hash })
  if (r.status !== 'success' || !r.contractAddress) throw new Error(`deploying ${name} failed`)
  return r.contractAddress
}

/** An EIP-1167 minimal proxy of `implementation` (pools are clones: the implementation itself refuses init). */
async function clone(implementation: Address): Promise<Address> {
  const data =
    `0x3d602d80600a3d3981f3363d3d373d3d3d363d73${implementation.slice(2)}5af43d82803e903d91602b57fd5bf3` as Hex
  const hash = await wallet.sendTransaction({ account: wallet.account!, chain: null, data })
  const r = await client.waitForTransactionReceipt({ hash })
  if (r.status !== 'success' || !r.contractAddress) throw new Error('cloning the pool failed')
  return r.contractAddress
}

async function send(address: Address, abi: Abi, functionName: string, args: readonly unknown[]): Promise<void> {
  const hash = await wallet.writeContract({
    account: wallet.account!,
    chain: null,
    address,
    abi,
    functionName,
    args,
    gas: 3_000_000n,
  })
  const r = await client.waitForTransactionReceipt({ hash })
  if (r.status !== 'success') throw new Error(`${functionName} on ${address} reverted`)
}

type Call = { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] }
type Result = { status: 'success'; result: unknown } | { status: 'failure'; error: Error }

/**
 * The calls through Multicall3, 200 to an eth_call (one eth_call has a gas cap), the chunks in parallel.
 * A reverting call comes back as a failure, not an exception.
 */
async function multicall(calls: Call[]): Promise<Result[]> {
  const chunks: Call[][] = []
  for (let n = 0; n < calls.length; n += 200) chunks.push(calls.slice(n, n + 200))
  const results = await Promise.all(
    chunks.map(
      (chunk) =>
        client.multicall({
          contracts: chunk as never,
          allowFailure: true,
          batchSize: 0,
          multicallAddress: MULTICALL3,
        }) as Promise<Result[]>,
    ),
  )
  return results.flat()
}

/** The TS side of a call: its value, or 'revert' where the contract math would revert. */
function local<T>(fn: () => T): T | 'revert' {
  try {
    return fn()
  } catch (e) {
    if (isVaultError(e) && e.code === 'PMM_REVERT') return 'revert'
    throw e
  }
}

const onChain = (r: Result) => (r.status === 'success' ? r.result : 'revert')

beforeAll(async () => {
  anvil = await startAnvil(138)
  const transport = http(anvil.url)
  const account = privateKeyToAccount(DEPLOYER_KEY)
  me = account.address
  client = createPublicClient({ transport, pollingInterval: 20, cacheTime: 0 })
  wallet = createWalletClient({ account, transport })
  const multicall3 = artifacts.Multicall3
  if (multicall3) {
    await client.request({
      method: 'anvil_setCode' as never,
      params: [MULTICALL3, multicall3.deployedBytecode] as never,
    })
  } else {
    throw new Error('Multicall3 is not in build/contracts.json')
  }
})

afterAll(async () => {
  await anvil?.stop()
})

// ---------- 1. VaultPMMPool against the TS quotes ----------

interface Pool {
  address: Address
  base: Address
  quote: Address
  i: bigint
  K: bigint
  lpFeeRate: bigint
  mtFeeRate: bigint
}

describe('VaultPMMPool quotes equal the TypeScript PMM math', () => {
  const poolAbi = () => artifacts.VaultPMMPool.abi
  const tokenAbi = () => artifacts.VaultToken.abi
  let pools: Pool[] = []
  let compared = 0
  let reverts = 0

  beforeAll(async () => {
    const base = await deploy('VaultToken', ['Base', 'cBASE'])
    const quote = await deploy('VaultToken', ['Quote', 'cQUOTE'])
    for (const token of [base, quote]) await send(token, tokenAbi(), 'mint', [me, 10n ** 40n])

    const implementation = await deploy('VaultPMMPool')
    pools = []
    for (let n = 0; n < POOLS; n++) {
      const i =
        n === 0
          ? ONE
          : rand.pick([1n, 2n, 3n, 5n, 7n]) * 10n ** BigInt(12 + Math.floor(rand.next() * 13)) + rand.below(ONE)
      const K =
        n === 0 ? ONE / 10n : rand.pick([0n, ONE, 1n, ONE - 1n, rand.below(ONE), rand.below(ONE), rand.below(ONE)])
      const lpFeeRate = rand.pick([0n, 3n * 10n ** 15n, rand.below(10n ** 16n)])
      const mtFeeRate = rand.pick([0n, rand.below(5n * 10n ** 15n)])
      const model = mtFeeRate === 0n ? ZERO : await deploy('VaultFeeRateModel', [me, mtFeeRate])
      const address = await clone(implementation)
      await send(address, poolAbi(), 'init', [me, base, quote, lpFeeRate, model, i, K, rand.next() < 0.5])
      const baseIn = n === 0 ? 10n ** 12n : rand.logUniform(1_000n, 10n ** 16n)
      const quoteIn =
        n === 0 ? 10n ** 12n : rand.pick([0n, rand.logUniform(1n, 10n ** 16n), rand.logUniform(1n, 10n ** 16n)])
      await send(base, tokenAbi(), 'transfer', [address, baseIn])
      if (quoteIn > 0n) await send(quote, tokenAbi(), 'transfer', [address, quoteIn])
      await send(address, poolAbi(), 'buyShares', [me])
      pools.push({ address, base, quote, i, K, lpFeeRate, mtFeeRate })
    }
  })

  /** Reads every pool's state and quotes for random amounts in one multicall per pool; compares each. */
  async function compareAll(round: number) {
    await Promise.all(
      pools.map(async (pool, n) => {
        const [reserves] = await multicall([{ address: pool.address, abi: poolAbi(), functionName: 'getVaultReserve' }])
        const [B, Q] = onChain(reserves) as [bigint, bigint]
        const state = dvmState({ i: pool.i, K: pool.K, baseReserve: B, quoteReserve: Q })
        const amounts = amountsFor(state)
        const calls: Call[] = [
          { address: pool.address, abi: poolAbi(), functionName: 'getPMMStateForCall' },
          { address: pool.address, abi: poolAbi(), functionName: 'getMidPrice' },
          ...amounts.base.map((a) => ({
            address: pool.address,
            abi: poolAbi(),
            functionName: 'querySellBase',
            args: [me, a],
          })),
          ...amounts.quote.map((a) => ({
            address: pool.address,
            abi: poolAbi(),
            functionName: 'querySellQuote',
            args: [me, a],
          })),
        ]
        const results = await multicall(calls)
        const where = `seed ${SEED}, pool ${n}, round ${round}, i=${pool.i} K=${pool.K} B=${B} Q=${Q}`

        const [pi, pK, pB, pQ, pB0, pQ0, pR] = onChain(results[0]) as bigint[]
        expect({ i: pi, K: pK, B: pB, Q: pQ, B0: pB0, Q0: pQ0, R: Number(pR) }, where).toEqual(state)
        expect(onChain(results[1]), where).toEqual(local(() => getMidPrice(state)))

        const check = (r: Result, amount: bigint, q: Quote | 'revert', fn: string) => {
          const chain = onChain(r)
          const mine = q === 'revert' ? 'revert' : [q.receive, q.mtFee]
          expect(chain, `${fn}(${amount}) ${where}`).toEqual(mine)
          compared++
          if (mine === 'revert') reverts++
        }
        amounts.base.forEach((a, j) => {
          check(
            results[2 + j],
            a,
            local(() => querySellBase(state, a, pool.lpFeeRate, pool.mtFeeRate)),
            'querySellBase',
          )
        })
        amounts.quote.forEach((a, j) => {
          const r = results[2 + amounts.base.length + j]
          check(
            r,
            a,
            local(() => querySellQuote(state, a, pool.lpFeeRate, pool.mtFeeRate)),
            'querySellQuote',
          )
        })
      }),
    )
  }

  /** Dust, the way back to the base target and around it, reserve-sized and random log-uniform amounts. */
  function amountsFor(s: PMMState) {
    const backToOne = s.B0 - s.B
    const base = [1n, 2n, 3n, 10n, backToOne, backToOne + 1n, backToOne > 0n ? backToOne - 1n : 0n, s.B, 2n ** 128n]
    const quote = [1n, 2n, 3n, 10n, s.Q, s.Q * 10n, 2n ** 128n, 0n]
    while (base.length < AMOUNTS_PER_SIDE) base.push(rand.logUniform(1n, (s.B0 > 0n ? s.B0 : 1n) * 2n))
    while (quote.length < AMOUNTS_PER_SIDE) quote.push(rand.logUniform(1n, (s.Q > 0n ? s.Q : 10n ** 12n) * 3n))
    return { base, quote }
  }

  /** One random trade per pool, sized by the TS quote so it goes through (a DVM rejects sells past its target). */
  async function tradeAll() {
    for (const pool of pools) {
      const [reserves] = await multicall([{ address: pool.address, abi: poolAbi(), functionName: 'getVaultReserve' }])
      const [B, Q] = onChain(reserves) as [bigint, bigint]
      const state = dvmState({ i: pool.i, K: pool.K, baseReserve: B, quoteReserve: Q })
      const side = rand.next() < 0.5 ? 'base' : 'quote'
      if (side === 'base') {
        const room = state.B0 - state.B
        if (room <= 0n) continue
        // now and then exactly back to the target (R passes through ONE)
        const amount = rand.next() < 0.15 ? room : 1n + rand.below(room)
        await send(pool.base, tokenAbi(), 'transfer', [pool.address, amount])
        await send(pool.address, poolAbi(), 'sellBase', [me])
      } else {
        const amount = rand.logUniform(1n, (Q > 0n ? Q : 10n ** 9n) * 2n)
        const q = local(() => querySellQuote(state, amount, pool.lpFeeRate, pool.mtFeeRate))
        if (q === 'revert' || q.receive + q.mtFee >= B) continue
        await send(pool.quote, tokenAbi(), 'transfer', [pool.address, amount])
        await send(pool.address, poolAbi(), 'sellQuote', [me])
      }
    }
  }

  it(`matches on ${POOLS} pools × ${TRADES_PER_POOL + 1} states × ${2 * AMOUNTS_PER_SIDE} amounts`, async () => {
    for (let round = 0; round <= TRADES_PER_POOL; round++) {
      if (round > 0) await tradeAll()
      await compareAll(round)
    }
    expect(compared).toBeGreaterThanOrEqual(1_000)
    // the cases include reverting ones (past the base target, overflow) and many that go through
    expect(reverts).toBeGreaterThan(0)
    expect(reverts).toBeLessThan(compared / 2)
  })
})

// ---------- 2. the pool library on R = ONE / R < 1 states (contracts/test/PmmMathHarness.sol) ----------

describe('the pool library equals the TypeScript PMM math on R = ONE, R > 1 and R < 1 states', () => {
  let harness: Address
  let abi: Abi

  beforeAll(async () => {
    abi = artifacts.PmmMathHarness.abi
    harness = await deploy('PmmMathHarness')
  })

  /** A random state with consistent targets for its R (the library re-solves the short side's target). */
  function randomState(R: RState): PMMState {
    const i = rand.pick([ONE, rand.logUniform(10n ** 12n, 10n ** 24n), rand.logUniform(1n, 10n ** 36n)])
    const K = rand.pick([0n, ONE, rand.below(ONE + 1n), rand.below(ONE + 1n)])
    const B = rand.logUniform(1n, 10n ** 18n)
    const Q = rand.logUniform(1n, 10n ** 18n)
    if (R === RState.ONE) return { i, K, B, Q, B0: B, Q0: Q, R }
    if (R === RState.BELOW_ONE) return { i, K, B, Q, B0: rand.below(B + 1n), Q0: 0n, R }
    return { i, K, B, Q, B0: 0n, Q0: rand.below(Q + 1n), R }
  }

  it('agrees on targets, mid prices and both sells for random states', async () => {
    const states = Array.from({ length: 240 }, (_, n) => randomState((n % 3) as RState))
    const cases = states.map((raw) => {
      const adj = local(() => adjustedTarget(raw))
      const b = adj === 'revert' ? raw.B : adj.B0 > adj.B ? adj.B0 - adj.B : adj.B
      const q = adj === 'revert' ? raw.Q : adj.Q0 > adj.Q ? adj.Q0 - adj.Q : adj.Q
      // around the way back to target, dust and random sizes
      const baseAmounts = [1n, b, b + 1n + rand.below(b + 1n), rand.logUniform(1n, raw.B * 2n + 1n)]
      const quoteAmounts = [1n, q, q + 1n + rand.below(q + 1n), rand.logUniform(1n, raw.Q * 2n + 1n)]
      return { raw, baseAmounts, quoteAmounts }
    })
    const asTuple = (s: PMMState) => ({ ...s, R: s.R })
    const calls: Call[] = cases.flatMap(({ raw, baseAmounts, quoteAmounts }) => [
      { address: harness, abi, functionName: 'target', args: [asTuple(raw)] },
      { address: harness, abi, functionName: 'mid', args: [asTuple(raw)] },
      ...baseAmounts.map((a) => ({ address: harness, abi, functionName: 'sellBase', args: [asTuple(raw), a] })),
      ...quoteAmounts.map((a) => ({ address: harness, abi, functionName: 'sellQuote', args: [asTuple(raw), a] })),
    ])
    const results = await multicall(calls)

    let k = 0
    let compared = 0
    const byR = [0, 0, 0]
    for (const { raw, baseAmounts, quoteAmounts } of cases) {
      const where = `seed ${SEED} state ${JSON.stringify(raw, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`
      const adj = local(() => adjustedTarget(raw))
      const mine = (fn: (s: PMMState) => unknown) => (adj === 'revert' ? 'revert' : local(() => fn(adj)))
      expect(onChain(results[k++]), where).toEqual(mine((s) => [s.B0, s.Q0]))
      expect(onChain(results[k++]), where).toEqual(mine((s) => getMidPrice(s)))
      for (const a of baseAmounts) {
        const want = mine((s) => {
          const t = sellBaseToken(s, a)
          return [t.receive, t.newR]
        })
        expect(onChain(results[k++]), `sellBase ${a} ${where}`).toEqual(want)
        compared++
        if (want !== 'revert') byR[raw.R]++
      }
      for (const a of quoteAmounts) {
        const want = mine((s) => {
          const t = sellQuoteToken(s, a)
          return [t.receive, t.newR]
        })
        expect(onChain(results[k++]), `sellQuote ${a} ${where}`).toEqual(want)
        compared++
        if (want !== 'revert') byR[raw.R]++
      }
    }
    expect(compared).toBeGreaterThanOrEqual(1_000)
    // each R state contributes trades that go through, not only reverts
    for (const n of byR) expect(n).toBeGreaterThan(100)
  })
})
