// The Stabilizer's owner and guardian surface: the pool registry, parameters and limits, keepers, the guardian's
// pause, and an event for every change.
import { type Address, decodeEventLog, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flashBorrowerAbi, stabilizerAbi, vaultPMMIntegrationAbi } from '../../src/chain/abi/generated.js'
import { PUBLIC_POOL_NAMES, seedPlan } from '../../src/core/registry.js'
import { LOCALNET_POOL_PARAMS, LOCALNET_STABILIZER_LIMITS, type SystemAddresses } from '../../src/localnet/deploy.js'
import { type Chain, deploySystemTo, expectRevert, mine, revertAfterEach, startChain, write } from './helpers.js'

const UNIT = 10n ** 6n
const OWNER = 1
const GUARDIAN = 2
const OUTSIDER = 3
const P = LOCALNET_POOL_PARAMS

describe('Stabilizer administration', () => {
  let chain: Chain
  let sys: SystemAddresses
  let pool: Address

  const stab = <T>(functionName: string, args: readonly unknown[] = []) =>
    chain.publicClient.readContract({
      address: sys.stabilizer,
      abi: stabilizerAbi,
      functionName,
      args,
    } as never) as Promise<T>
  const send = (functionName: string, args: readonly unknown[] = [], from = OWNER) =>
    write(chain, { address: sys.stabilizer, abi: stabilizerAbi, functionName, args, from })
  const eventsOf = async (hash: Hex) => {
    const receipt = await chain.publicClient.getTransactionReceipt({ hash })
    return receipt.logs.flatMap((l) => {
      try {
        const e = decodeEventLog({ abi: stabilizerAbi, ...l })
        return [{ name: e.eventName, args: e.args as unknown as Record<string, unknown> }]
      } catch {
        return []
      }
    })
  }
  const sustainedAbove = async () => {
    await write(chain, {
      address: sys.flashBorrower,
      abi: flashBorrowerAbi,
      functionName: 'sellQuote',
      args: [pool, 30_000n * UNIT],
    })
    await mine(chain, Number(P.twapWindow) + 1)
  }
  const execute = (from = OWNER) =>
    send('executePrivateSwap', [pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC], from)

  beforeAll(async () => {
    chain = await startChain(138)
    sys = await deploySystemTo(chain, OWNER, { chainId: 138 })
    pool = sys.pools['cUSDT/cUSDC'] as Address
  })
  afterAll(async () => {
    await chain.anvil.stop()
  })
  revertAfterEach(() => chain)

  it('removePool forgets the pool; addPool brings it back with new params; both emit', async () => {
    const removed = await eventsOf(await send('removePool', [pool]))
    expect(removed).toEqual([{ name: 'PoolRemoved', args: { pool } }])
    expect(await stab<readonly Address[]>('pools')).not.toContain(pool)
    expect(await stab('isPool', [pool])).toBe(false)
    await expectRevert(() => stab('params', [pool]), 'PoolNotRegistered')
    await expectRevert(() => send('removePool', [pool]), 'PoolNotRegistered')
    await expectRevert(() => send('setParams', [pool, P]), 'PoolNotRegistered')
    const params = { ...P, thresholdBps: 15n }
    const added = await eventsOf(await send('addPool', [pool, params]))
    expect(added.map((e) => e.name)).toEqual(['PoolAdded', 'ParamsUpdated'])
    expect(added[0].args).toEqual({ pool, baseToken: sys.tokens.cUSDT, quoteToken: sys.tokens.cUSDC })
    expect(added[1].args).toEqual({ pool, params })
    expect(await stab('params', [pool])).toEqual(params)
    expect(await stab('poolCount')).toBe(BigInt(PUBLIC_POOL_NAMES.length))
  })

  it('addPool refuses a registered pool, a private leg, a pool without observations, and a non-owner', async () => {
    await expectRevert(() => send('addPool', [pool, P]), 'PoolAlreadyRegistered')
    await expectRevert(() => send('addPool', [sys.privatePools.cUSDT, P]), 'PoolIsPrivate')
    await expectRevert(() => send('addPool', [pool, P], OUTSIDER), 'NotAuthorized')
    const plan = seedPlan('cEURT', 'cUSDT')
    const create = {
      address: sys.integration,
      abi: vaultPMMIntegrationAbi,
      functionName: 'createPoolAllowDuplicate',
      args: [sys.tokens.cEURT, sys.tokens.cUSDT, plan.lpFeeRate, plan.i, plan.k, false],
      account: chain.addresses[OWNER] as Address,
    } as const
    const { result: blind } = await chain.publicClient.simulateContract(create)
    await write(chain, { ...create, from: OWNER })
    await expectRevert(() => send('addPool', [blind, P]), 'PoolNotObservable')
    await expectRevert(() => send('addPool', ['0x0000000000000000000000000000000000000000', P]), 'ZeroAddress')
  })

  it('setParams and setLimits validate their bounds, apply to one pool or the chain, and emit', async () => {
    for (const bad of [{ twapWindow: 0n }, { sustainBlocks: 1025n }, { maxSlippageBps: 10_001n }]) {
      await expectRevert(() => send('setParams', [pool, { ...P, ...bad }]), 'InvalidParams')
    }
    const L = LOCALNET_STABILIZER_LIMITS
    for (const bad of [{ maxGasPrice: 0n }, { maxOracleAge: 0n }, { meshThresholdBps: 10_001n }]) {
      await expectRevert(() => send('setLimits', [{ ...L, ...bad }]), 'InvalidLimits')
    }
    await expectRevert(() => send('setParams', [pool, P], OUTSIDER), 'NotAuthorized')
    await expectRevert(() => send('setLimits', [L], OUTSIDER), 'NotAuthorized')
    const next = { ...P, kPerBps: 1n }
    expect(await eventsOf(await send('setParams', [pool, next]))).toEqual([
      { name: 'ParamsUpdated', args: { pool, params: next } },
    ])
    expect(await stab('params', [sys.pools['cUSDC/cXAUC']])).toEqual(P)
    const limits = { ...L, maxOracleAge: 7200n }
    expect(await eventsOf(await send('setLimits', [limits]))).toEqual([{ name: 'LimitsUpdated', args: { limits } }])
    expect(await stab('limits')).toEqual(limits)
  })

  it('the guardian pauses at once; execution reverts Paused; only the owner unpauses', async () => {
    const guardian = chain.addresses[GUARDIAN] as Address
    await expectRevert(() => send('setGuardian', [guardian], OUTSIDER), 'NotAuthorized')
    expect(await eventsOf(await send('setGuardian', [guardian]))).toEqual([
      {
        name: 'GuardianUpdated',
        args: { previousGuardian: '0x0000000000000000000000000000000000000000', newGuardian: guardian },
      },
    ])
    await sustainedAbove()
    await expectRevert(() => send('pause', [], OUTSIDER), 'NotAuthorized')
    expect(await eventsOf(await send('pause', [], GUARDIAN))).toEqual([
      { name: 'StabilizerPaused', args: { by: guardian } },
    ])
    expect(await stab('paused')).toBe(true)
    await expectRevert(() => execute(), 'Paused')
    await expectRevert(() => send('pause', [], GUARDIAN), 'Paused')
    await expectRevert(() => send('unpause', [], GUARDIAN), 'NotAuthorized')
    expect(await eventsOf(await send('unpause'))).toEqual([
      { name: 'StabilizerUnpaused', args: { by: chain.addresses[OWNER] } },
    ])
    await expectRevert(() => send('unpause'), 'NotPaused')
    await execute()
    await send('pause') // the owner may pause too
    await expectRevert(() => execute(), 'Paused')
  })

  it('keepers, the mesh and withdrawals are the owner’s, and each change emits', async () => {
    const keeper = chain.addresses[GUARDIAN] as Address
    await expectRevert(() => send('setKeeper', [keeper, true], OUTSIDER), 'NotAuthorized')
    expect(await eventsOf(await send('setKeeper', [keeper, true]))).toEqual([
      { name: 'KeeperUpdated', args: { keeper, allowed: true } },
    ])
    await expectRevert(() => send('setMesh', [[], []], OUTSIDER), 'NotAuthorized')
    await expectRevert(() => send('setMesh', [[sys.tokens.cUSDT], []]), 'LengthMismatch')
    const zero = '0x0000000000000000000000000000000000000000'
    expect(await eventsOf(await send('setMesh', [[sys.tokens.cEURT], [zero]]))).toEqual([
      { name: 'MeshUpdated', args: { token: sys.tokens.cEURT, privatePool: zero } },
    ])
    const [tokens] = await stab<readonly [readonly Address[], readonly Address[]]>('meshTokens')
    expect(tokens).not.toContain(sys.tokens.cEURT)
    expect(tokens).toHaveLength(2)
    await expectRevert(() => send('withdraw', [sys.tokens.cUSDT, keeper, 1n], OUTSIDER), 'NotAuthorized')
    expect(await eventsOf(await send('withdraw', [sys.tokens.cUSDT, keeper, 1n]))).toEqual([
      { name: 'Withdrawn', args: { token: sys.tokens.cUSDT, to: keeper, amount: 1n } },
    ])
  })

  it('ownership moves in two steps: the owner names a successor, only the successor claims; both emit', async () => {
    const next = chain.addresses[GUARDIAN] as Address
    await expectRevert(() => send('transferOwnership', [next], OUTSIDER), 'NotAuthorized')
    expect((await eventsOf(await send('transferOwnership', [next]))).map((e) => e.name)).toEqual([
      'OwnershipTransferPrepared',
    ])
    await expectRevert(() => send('claimOwnership', [], OUTSIDER), 'NotPendingOwner')
    expect((await eventsOf(await send('claimOwnership', [], GUARDIAN))).map((e) => e.name)).toEqual([
      'OwnershipTransferred',
    ])
    expect(await stab('owner')).toBe(next)
    await expectRevert(() => send('setGuardian', [next]), 'NotAuthorized') // the old owner no longer can
  })
})
