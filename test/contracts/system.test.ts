import { type Address, decodeEventLog } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bridgeReserveAbi,
  multicall3Abi,
  vaultOracleAbi,
  vaultPMMIntegrationAbi,
  vaultTokenAbi,
} from '../../src/chain/abi/generated.js'
import type { SystemAddresses } from '../../src/localnet/deploy.js'
import { type Chain, deploySystemTo, expectRevert, startChain, write } from './helpers.js'

const SAFE = 1

describe('integration, oracle, bridge reserve, Multicall3 on a bare system (no public pools)', () => {
  let chain: Chain
  let sys: SystemAddresses
  const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
    chain.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>

  beforeAll(async () => {
    chain = await startChain(651940)
    sys = await deploySystemTo(chain, SAFE, { chainId: 651940, publicPools: false })
  })
  afterAll(async () => {
    await chain.anvil.stop()
  })

  it('registers pools by ordered pair, refuses duplicates unless asked, and only the admin creates', async () => {
    expect(sys.pools).toEqual({})
    const I = { address: sys.integration, abi: vaultPMMIntegrationAbi }
    const args = [10n ** 18n, 10n ** 17n, true] as const
    await expectRevert(
      () => write(chain, { ...I, functionName: 'createCUSDTCUSDCPool', args: [3n * 10n ** 14n, ...args], from: 0 }),
      'NotAuthorized',
    )
    const hash = await write(chain, {
      ...I,
      functionName: 'createCUSDTCUSDCPool',
      args: [3n * 10n ** 14n, ...args],
      from: SAFE,
    })
    const receipt = await chain.publicClient.getTransactionReceipt({ hash })
    const created = receipt.logs
      .flatMap((l) => {
        try {
          return [decodeEventLog({ abi: vaultPMMIntegrationAbi, ...l })]
        } catch {
          return []
        }
      })
      .find((e) => e.eventName === 'PoolCreated')
    expect(created?.args).toMatchObject({
      baseToken: sys.tokens.cUSDT,
      quoteToken: sys.tokens.cUSDC,
      lpFeeRate: 3n * 10n ** 14n,
      i: 10n ** 18n,
      k: 10n ** 17n,
      isOpenTWAP: true,
      isPrivate: false,
    })
    if (created?.eventName !== 'PoolCreated') throw new Error('no PoolCreated')
    const pool = created.args.pool
    expect(await read(sys.integration, vaultPMMIntegrationAbi, 'getPool', [sys.tokens.cUSDT, sys.tokens.cUSDC])).toBe(
      pool,
    )
    expect(await read(sys.integration, vaultPMMIntegrationAbi, 'getPool', [sys.tokens.cUSDC, sys.tokens.cUSDT])).toBe(
      '0x0000000000000000000000000000000000000000',
    )
    await expectRevert(
      () =>
        write(chain, {
          ...I,
          functionName: 'createPool',
          args: [sys.tokens.cUSDT, sys.tokens.cUSDC, 0n, ...args],
          from: SAFE,
        }),
      'PoolExists',
    )
    await write(chain, {
      ...I,
      functionName: 'createPoolAllowDuplicate',
      args: [sys.tokens.cUSDT, sys.tokens.cUSDC, 0n, ...args],
      from: SAFE,
    })
    const all = await read<Address[]>(sys.integration, vaultPMMIntegrationAbi, 'getAllPools')
    expect(all.slice(0, 3)).toEqual([sys.privatePools.cUSDT, sys.privatePools.cUSDC, sys.privatePools.cEURT])
    expect(all.length).toBe(5)
    expect(await read(sys.integration, vaultPMMIntegrationAbi, 'getPool', [sys.tokens.cUSDT, sys.tokens.cUSDC])).toBe(
      pool,
    )
    expect(await read(sys.integration, vaultPMMIntegrationAbi, 'isPrivatePool', [sys.privatePools.cEURT])).toBe(true)
    expect(await read(sys.integration, vaultPMMIntegrationAbi, 'isPrivatePool', [pool])).toBe(false)
  })

  it('oracle: owner-set prices with timestamps; others refused', async () => {
    const [price, updatedAt] = await read<readonly bigint[]>(sys.oracle, vaultOracleAbi, 'getPrice', [sys.tokens.cXAUC])
    expect(price).toBe(2650n * 10n ** 18n)
    expect(updatedAt).toBeGreaterThan(0n)
    await expectRevert(
      () =>
        write(chain, {
          address: sys.oracle,
          abi: vaultOracleAbi,
          functionName: 'setPrice',
          args: [sys.tokens.cXAUC, 1n],
        }),
      'NotAuthorized',
    )
    await write(chain, {
      address: sys.oracle,
      abi: vaultOracleAbi,
      functionName: 'setPrice',
      args: [sys.tokens.cXAUC, 2700n * 10n ** 18n],
      from: SAFE,
    })
    expect((await read<readonly bigint[]>(sys.oracle, vaultOracleAbi, 'getPrice', [sys.tokens.cXAUC]))[0]).toBe(
      2700n * 10n ** 18n,
    )
  })

  it('bridge reserve: bridgeOut locks and emits, bridgeIn releases once per source nonce', async () => {
    const B = { address: sys.bridgeReserve, abi: bridgeReserveAbi }
    const amount = 1_000n * 10n ** 6n
    const reserve0 = await read<bigint>(sys.bridgeReserve, bridgeReserveAbi, 'reserveOf', [sys.tokens.cUSDT])
    expect(reserve0).toBeGreaterThan(0n)
    await write(chain, {
      address: sys.tokens.cUSDT,
      abi: vaultTokenAbi,
      functionName: 'approve',
      args: [sys.bridgeReserve, amount],
    })
    const hash = await write(chain, {
      ...B,
      functionName: 'bridgeOut',
      args: [sys.tokens.cUSDT, amount, chain.addresses[2]],
    })
    const log = (await chain.publicClient.getTransactionReceipt({ hash })).logs.find(
      (l) => l.address.toLowerCase() === sys.bridgeReserve.toLowerCase(),
    )
    const ev = decodeEventLog({ abi: bridgeReserveAbi, ...(log as NonNullable<typeof log>) })
    expect(ev.args).toMatchObject({
      token: sys.tokens.cUSDT,
      to: chain.addresses[2],
      amount,
      nonce: 1n,
      dstChainId: 138n,
    })
    expect(await read(sys.bridgeReserve, bridgeReserveAbi, 'reserveOf', [sys.tokens.cUSDT])).toBe(reserve0 + amount)
    await expectRevert(
      () =>
        write(chain, {
          ...B,
          functionName: 'bridgeIn',
          args: [sys.tokens.cUSDT, chain.addresses[3], amount, 7n],
          from: 3,
        }),
      'NotAuthorized',
    )
    await write(chain, {
      ...B,
      functionName: 'bridgeIn',
      args: [sys.tokens.cUSDT, chain.addresses[3], amount, 7n],
      from: SAFE,
    })
    await expectRevert(
      () =>
        write(chain, {
          ...B,
          functionName: 'bridgeIn',
          args: [sys.tokens.cUSDT, chain.addresses[3], amount, 7n],
          from: SAFE,
        }),
      'AlreadyProcessed',
    )
    expect(await read(sys.tokens.cUSDT, vaultTokenAbi, 'balanceOf', [chain.addresses[3]])).toBe(amount)
  })

  it('Multicall3 answers at the canonical address', async () => {
    const M = { address: sys.multicall3, abi: multicall3Abi }
    const [chainId, results] = await Promise.all([
      read<bigint>(M.address, multicall3Abi, 'getChainId'),
      chain.publicClient.multicall({
        multicallAddress: sys.multicall3,
        contracts: [
          { address: sys.tokens.cUSDT, abi: vaultTokenAbi, functionName: 'symbol' },
          { address: sys.tokens.cXAUC, abi: vaultTokenAbi, functionName: 'decimals' },
        ],
      }),
    ])
    expect(chainId).toBe(651940n)
    expect(results.map((r) => r.result)).toEqual(['cUSDT', 6])
  })
})
