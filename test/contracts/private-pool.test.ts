// A private pool is a DODO private pool (DPP): stored targets and R, updated only when a trade changes R, a reset by
// its admin that puts the mid on i. The simulator's exact leg (src/core/sim/backend.ts over src/core/pmm/dpp.ts)
// must hold the same state as the contract to the unit, after trades and after a reset.
import { type Address, concatHex, decodeEventLog, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  flashBorrowerAbi,
  vaultPMMIntegrationAbi,
  vaultPMMPoolAbi,
  vaultTokenAbi,
} from '../../src/chain/abi/generated.js'
import { dppState } from '../../src/core/pmm/dpp.js'
import { getMidPrice, type PMMState, rState } from '../../src/core/pmm/pricing.js'
import { exactBackend, type XPool } from '../../src/core/sim/backend.js'
import { type Chain, deploy, expectRevert, rpc, startChain, write } from './helpers.js'

const BIG = 10n ** 30n
const WAD = 10n ** 18n
const ADMIN = 0 // owns the integration
const OUTSIDER = 3

describe('private pool (DODO private pool pricing)', () => {
  let chain: Chain
  let base: Address
  let quote: Address
  let impl: Address
  let integration: Address
  let borrower: Address

  const pool = <T>(address: Address, functionName: string, args: readonly unknown[] = []) =>
    chain.publicClient.readContract({ address, abi: vaultPMMPoolAbi, functionName, args } as never) as Promise<T>
  const poolWrite = (address: Address, functionName: string, args: readonly unknown[], from = ADMIN) =>
    write(chain, { address, abi: vaultPMMPoolAbi, functionName, args, from })
  // the pool's errors bubble up through the integration
  const integrationAbi = [...vaultPMMIntegrationAbi, ...vaultPMMPoolAbi.filter((item) => item.type === 'error')]
  const integrationWrite = (functionName: string, args: readonly unknown[], from = ADMIN) =>
    write(chain, { address: integration, abi: integrationAbi, functionName, args, from })

  /** The contract's stored state: i, K, reserves, stored targets, stored R. */
  const stored = async (address: Address): Promise<PMMState> => {
    const [i, K, [B, Q], B0, Q0, R] = await Promise.all([
      pool<bigint>(address, '_I_'),
      pool<bigint>(address, '_K_'),
      pool<readonly [bigint, bigint]>(address, 'getVaultReserve'),
      pool<bigint>(address, '_BASE_TARGET_'),
      pool<bigint>(address, '_QUOTE_TARGET_'),
      pool<number>(address, '_RState_'),
    ])
    return { i, K, B, Q, B0, Q0, R: rState(R) }
  }
  const forCall = async (address: Address): Promise<PMMState> => {
    const [i, K, B, Q, B0, Q0, R] = await pool<readonly bigint[]>(address, 'getPMMStateForCall')
    return { i, K, B, Q, B0, Q0, R: rState(R) } as PMMState
  }

  const mintAndApprove = async (token: Address) => {
    await write(chain, {
      address: token,
      abi: vaultTokenAbi,
      functionName: 'mintBatch',
      args: [
        [chain.addresses[ADMIN], borrower],
        [BIG, BIG],
      ],
    })
    await write(chain, { address: token, abi: vaultTokenAbi, functionName: 'approve', args: [integration, BIG] })
  }
  /** A private pool on a fresh base token (the integration keeps one private pool per pair). */
  const createPrivate = async (i: bigint, k: bigint, lpFeeRate: bigint): Promise<Address> => {
    base = await deploy(chain, 'VaultToken', ['Compliant USDT', 'cUSDT'])
    await mintAndApprove(base)
    const hash = await integrationWrite('createPrivatePool', [base, quote, lpFeeRate, i, k, true, [borrower]])
    const receipt = await chain.publicClient.getTransactionReceipt({ hash })
    for (const log of receipt.logs) {
      try {
        const ev = decodeEventLog({ abi: vaultPMMIntegrationAbi, ...log })
        if (ev.eventName === 'PoolCreated') return ev.args.pool
      } catch {
        // not the integration's
      }
    }
    throw new Error('no PoolCreated')
  }
  const fund = (address: Address, b: bigint, q: bigint) => integrationWrite('addLiquidity', [address, b, q])
  const sell = async (address: Address, side: 0 | 1, amount: bigint) => {
    const before = await chain.publicClient.readContract({
      address: side === 0 ? quote : base,
      abi: vaultTokenAbi,
      functionName: 'balanceOf',
      args: [borrower],
    })
    await write(chain, {
      address: borrower,
      abi: flashBorrowerAbi,
      functionName: side === 0 ? 'sellBase' : 'sellQuote',
      args: [address, amount],
    })
    const after = await chain.publicClient.readContract({
      address: side === 0 ? quote : base,
      abi: vaultTokenAbi,
      functionName: 'balanceOf',
      args: [borrower],
    })
    return after - before
  }

  beforeAll(async () => {
    chain = await startChain(138)
    base = await deploy(chain, 'VaultToken', ['Compliant USDT', 'cUSDT'])
    quote = await deploy(chain, 'VaultToken', ['Compliant XAU', 'cXAUC'])
    impl = await deploy(chain, 'VaultPMMPool')
    integration = await deploy(chain, 'VaultPMMIntegration', [chain.addresses[ADMIN], impl, base, quote])
    borrower = await deploy(chain, 'FlashBorrower')
    await mintAndApprove(quote)
  })
  afterAll(async () => {
    await chain.anvil.stop()
  })

  it('the simulator’s exact leg equals the contract to the unit: trades across R = ONE, then a reset', async () => {
    // the sim's leg: 1,000,000 cUSDT against cXAUC at $1/$2,650, k 0.1, LP fee 0.03%, i on the cross rate
    const leg = exactBackend.seed({
      dvm: false,
      depth: 1_000_000_000_000,
      usdBase: 1,
      usdQuote: 2650,
      K: WAD / 10n,
      lpFeeRate: 3n * 10n ** 14n,
      span: 0,
    }) as XPool
    const address = await createPrivate(leg.state.i, leg.state.K, leg.lp)
    await fund(address, leg.state.B, leg.state.Q)
    expect(await stored(address)).toEqual(leg.state)
    expect(await pool(address, 'getMidPrice')).toBe(leg.state.i)

    // base sales (R = ONE → BELOW_ONE, then deeper), quote sales back across ONE (→ ABOVE_ONE), dust, and more
    const trades: [0 | 1, bigint][] = [
      [0, 20_000_000_000n],
      [0, 1n],
      [0, 3_333_333_333n],
      [1, 3_000_000n],
      [1, 12_000_000n],
      [1, 1n],
      [0, 500_000_000n],
      [0, 40_000_000_000n],
    ]
    const rs: number[] = []
    for (const [side, amount] of trades) {
      const simOut = exactBackend.sell(leg, side, Number(amount))
      const chainOut = await sell(address, side, amount)
      expect({ side, amount, out: chainOut }).toEqual({ side, amount, out: BigInt(simOut) })
      expect(await stored(address)).toEqual(leg.state)
      expect(await forCall(address)).toEqual(dppState(leg.state))
      expect(await pool(address, 'getMidPrice')).toBe(getMidPrice(dppState(leg.state)))
      rs.push(leg.state.R)
    }
    expect(new Set(rs)).toEqual(new Set([1, 2])) // both sides of ONE were visited

    // the oracle moves (gold +2%): the admin resets the leg to the new cross rate
    await integrationWrite('setPrivatePoolAdmin', [address, chain.addresses[ADMIN]])
    exactBackend.setPeg(leg, 1, 2703)
    exactBackend.resetToPeg(leg)
    await poolWrite(address, 'reset', [leg.peg])
    expect(await stored(address)).toEqual(leg.state)
    expect(await pool(address, 'getMidPrice')).toBe(leg.peg)
    expect(exactBackend.devBps(leg)).toBe(0)

    // and trades after the reset still agree
    for (const [side, amount] of trades.slice(0, 4)) {
      expect(await sell(address, side, amount)).toBe(BigInt(exactBackend.sell(leg, side, Number(amount))))
      expect(await stored(address)).toEqual(leg.state)
    }
  })

  it('liquidity moves the targets: the first deposit sets them, later ones grow them, share sales shrink them', async () => {
    const address = await createPrivate(WAD / 2650n, WAD / 10n, 0n)
    await fund(address, 1_000_000n, 400n)
    expect(await stored(address)).toMatchObject({ B0: 1_000_000n, Q0: 400n, R: 0 })
    await sell(address, 0, 10_000n)
    const s0 = await stored(address)
    const supply = await pool<bigint>(address, 'totalSupply')
    await fund(address, 500_000n, 500n)
    const shares = (await pool<bigint>(address, 'totalSupply')) - supply
    const s1 = await stored(address)
    expect(s1.B0).toBe(s0.B0 + (s0.B0 * shares) / supply)
    expect(s1.Q0).toBe(s0.Q0 + (s0.Q0 * shares) / supply)
    expect(s1.R).toBe(s0.R)
    const total = await pool<bigint>(address, 'totalSupply')
    const mine = await pool<bigint>(address, 'balanceOf', [chain.addresses[ADMIN]])
    const part = mine / 3n
    await poolWrite(address, 'sellShares', [part, chain.addresses[ADMIN], 0n, 0n, '0x', 2n ** 40n])
    const s2 = await stored(address)
    const ceil = (a: bigint) => (a * part + total - 1n) / total
    expect(s2.B0).toBe(s1.B0 - ceil(s1.B0))
    expect(s2.Q0).toBe(s1.Q0 - ceil(s1.Q0))
  })

  describe('every rule refuses', () => {
    it('reset: only the admin (NotPoolAdmin), i in range (I_OUT_OF_RANGE), private pools only (NotPrivatePool)', async () => {
      const address = await createPrivate(WAD / 2650n, WAD / 10n, 0n)
      await fund(address, 1_000_000n, 400n)
      // the integration is the admin until it hands the role over; no one else may reset
      await expectRevert(() => poolWrite(address, 'reset', [WAD / 2700n]), 'NotPoolAdmin')
      await expectRevert(() => poolWrite(address, 'reset', [WAD / 2700n], OUTSIDER), 'NotPoolAdmin')
      await integrationWrite('setPrivatePoolAdmin', [address, chain.addresses[ADMIN]])
      await expectRevert(() => poolWrite(address, 'reset', [0n]), 'I_OUT_OF_RANGE')
      await expectRevert(() => poolWrite(address, 'reset', [10n ** 36n + 1n]), 'I_OUT_OF_RANGE')
      const before = await stored(address)
      await expectRevert(() => poolWrite(address, 'reset', [WAD / 2700n], OUTSIDER), 'NotPoolAdmin')
      expect(await stored(address)).toEqual(before)

      // a public pool whose admin is an account: reset is for private pools only
      const clone = '0x00000000000000000000000000000000c10e0001' as Address
      const code = concatHex(['0x363d3d373d3d3d363d73', impl, '0x5af43d82803e903d91602b57fd5bf3']) as Hex
      await rpc(chain, 'anvil_setCode', [clone, code])
      await poolWrite(clone, 'init', [chain.addresses[ADMIN], base, quote, 0n, chain.addresses[ADMIN], WAD, 0n, false])
      expect(await pool(clone, '_ADMIN_')).toBe(chain.addresses[ADMIN])
      await expectRevert(() => poolWrite(clone, 'reset', [WAD]), 'NotPrivatePool')
    })

    it('the admin role: setAdmin by the admin only and never to zero; the integration hands over private pools only', async () => {
      const address = await createPrivate(WAD / 2650n, WAD / 10n, 0n)
      await expectRevert(
        () => integrationWrite('setPrivatePoolAdmin', [address, chain.addresses[OUTSIDER]], OUTSIDER),
        'NotAuthorized',
      )
      await expectRevert(
        () => integrationWrite('setPrivatePoolAdmin', [borrower, chain.addresses[ADMIN]]),
        'NotPrivatePool',
      )
      await expectRevert(
        () => integrationWrite('setPrivatePoolAdmin', [address, '0x0000000000000000000000000000000000000000']),
        'ZeroAdmin',
      )
      await expectRevert(() => poolWrite(address, 'setAdmin', [chain.addresses[OUTSIDER]], OUTSIDER), 'NotPoolAdmin')
      await integrationWrite('setPrivatePoolAdmin', [address, chain.addresses[ADMIN]])
      expect(await pool(address, '_ADMIN_')).toBe(chain.addresses[ADMIN])
      // the integration stays allowlisted: liquidity still goes in through it; the allowlist is the new admin's
      await fund(address, 1_000_000n, 400n)
      await expectRevert(
        () => integrationWrite('setPrivatePoolAllowed', [address, [chain.addresses[OUTSIDER]], true]),
        'NotPoolAdmin',
      )
      await expectRevert(
        () => poolWrite(address, 'setAdmin', ['0x0000000000000000000000000000000000000000']),
        'ZeroAdmin',
      )
    })
  })
})
