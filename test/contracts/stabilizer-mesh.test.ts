// The private XAU mesh holds parity: a correction that routes through the legs resets each leg it traded to the
// oracle cross rate in the same transaction, and `rebalanceMesh` resets a leg that drifted for any other reason
// (an oracle move). Every rule of rebalanceMesh has a case that makes it refuse.
import { type Address, decodeEventLog, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flashBorrowerAbi, stabilizerAbi, vaultOracleAbi, vaultPMMPoolAbi } from '../../src/chain/abi/generated.js'
import { deviationBps } from '../../src/core/deviation/price.js'
import { LOCALNET_ORACLE_PRICES, MESH_TOKENS } from '../../src/core/registry.js'
import { LOCALNET_POOL_PARAMS, LOCALNET_STABILIZER_LIMITS, type SystemAddresses } from '../../src/localnet/deploy.js'
import { type Chain, deploySystemTo, expectRevert, mine, revertAfterEach, rpc, startChain, write } from './helpers.js'

const UNIT = 10n ** 6n
const OWNER = 1 // deploySystem hands the stabilizer and the oracle to account 1 (standing in for the Safe)
const KEEPER = 2
const OUTSIDER = 3
const P = LOCALNET_POOL_PARAMS
const THETA = LOCALNET_STABILIZER_LIMITS.meshThresholdBps

describe('Stabilizer mesh (private legs priced as DODO private pools)', () => {
  let chain: Chain
  let sys: SystemAddresses

  const abi = [...stabilizerAbi, ...vaultPMMPoolAbi.filter((item) => item.type === 'error')]
  const stab = <T>(functionName: string, args: readonly unknown[] = []) =>
    chain.publicClient.readContract({ address: sys.stabilizer, abi, functionName, args } as never) as Promise<T>
  const send = (functionName: string, args: readonly unknown[], from = OWNER) =>
    write(chain, { address: sys.stabilizer, abi, functionName, args, from })
  const mid = (pool: Address) =>
    chain.publicClient.readContract({ address: pool, abi: vaultPMMPoolAbi, functionName: 'getMidPrice' })
  const gap = (leg: Address) => stab<readonly [bigint, bigint, bigint]>('meshGap', [leg])
  const push = (pool: Address, side: 'sellBase' | 'sellQuote', amount: bigint) =>
    write(chain, { address: sys.flashBorrower, abi: flashBorrowerAbi, functionName: side, args: [pool, amount] })
  const setXauPrice = (price: bigint) =>
    write(chain, {
      address: sys.oracle,
      abi: vaultOracleAbi,
      functionName: 'setPrice',
      args: [sys.tokens.cXAUC, price],
      from: OWNER,
    })
  const rebalanced = async (hash: Hex) => {
    const receipt = await chain.publicClient.getTransactionReceipt({ hash })
    return receipt.logs.flatMap((l) => {
      try {
        const e = decodeEventLog({ abi: stabilizerAbi, ...l })
        return e.eventName === 'MeshRebalanced' ? [e.args] : []
      } catch {
        return []
      }
    })
  }
  const expectOnRate = async (leg: Address) => {
    const [g, m, rate] = await gap(leg)
    expect({ leg, g, m }).toEqual({ leg, g: 0n, m: rate })
    const [, , B, Q, B0, Q0, R] = await chain.publicClient.readContract({
      address: leg,
      abi: vaultPMMPoolAbi,
      functionName: 'getPMMStateForCall',
    })
    expect({ B0, Q0, R }).toEqual({ B0: B, Q0: Q, R: 0n })
  }

  beforeAll(async () => {
    chain = await startChain(138)
    sys = await deploySystemTo(chain, OWNER, { chainId: 138 })
    await send('setKeeper', [chain.addresses[KEEPER], true])
  })
  afterAll(async () => {
    await chain.anvil.stop()
  })
  revertAfterEach(() => chain)

  it('the localnet hands every leg to the stabilizer, seeded on the oracle cross rate', async () => {
    for (const s of MESH_TOKENS) {
      const leg = sys.privatePools[s]
      expect(
        await chain.publicClient.readContract({ address: leg, abi: vaultPMMPoolAbi, functionName: '_ADMIN_' }),
      ).toBe(sys.stabilizer)
      await expectOnRate(leg)
    }
  })

  it('a correction through one leg (cUSDT/cXAUC) leaves that leg on the cross rate, in the same transaction', async () => {
    const xau = sys.pools['cUSDT/cXAUC'] as Address
    await push(xau, 'sellBase', 20_000n * UNIT)
    await mine(chain, Number(P.twapWindow) + 1)
    const size = await stab<bigint>('maxTradeSize', [xau])
    const hash = await send('executePrivateSwap', [xau, size, sys.tokens.cXAUC, sys.tokens.cUSDT], KEEPER)
    const leg = sys.privatePools.cUSDT
    await expectOnRate(leg)
    const [event] = await rebalanced(hash)
    const [, , rate] = await gap(leg)
    expect(event).toMatchObject({ leg, price: rate })
    expect(event?.gapBps).toBe(deviationBps(event?.midBefore ?? 0n, rate))
    expect(event?.gapBps).not.toBe(0n) // the trade had moved it
  })

  it('a correction through two legs (cUSDC → XAU → cUSDT) resets both', async () => {
    const pool = sys.pools['cUSDT/cUSDC'] as Address
    await push(pool, 'sellQuote', 30_000n * UNIT)
    await mine(chain, Number(P.twapWindow) + 1)
    const size = await stab<bigint>('maxTradeSize', [pool])
    const hash = await send('executePrivateSwap', [pool, size, sys.tokens.cUSDT, sys.tokens.cUSDC], KEEPER)
    const events = await rebalanced(hash)
    expect(events.map((e) => e.leg)).toEqual([sys.privatePools.cUSDC, sys.privatePools.cUSDT])
    for (const s of MESH_TOKENS) await expectOnRate(sys.privatePools[s])
  })

  it('rebalanceMesh after an oracle move: gold +2% puts every leg ~200 bps off; each reset lands on the new rate', async () => {
    await setXauPrice((LOCALNET_ORACLE_PRICES.cXAUC * 102n) / 100n)
    for (const s of MESH_TOKENS) {
      const leg = sys.privatePools[s]
      const [before, midBefore, rate] = await gap(leg)
      expect(before).toBeGreaterThan(THETA)
      const hash = await send('rebalanceMesh', [leg], KEEPER)
      expect(await rebalanced(hash)).toEqual([{ leg, midBefore, price: rate, gapBps: before }])
      expect(await mid(leg)).toBe(rate)
      await expectOnRate(leg)
    }
  })

  describe('every rule refuses', () => {
    it('MeshInBand when the leg is within θ of the cross rate', async () => {
      await expectRevert(() => send('rebalanceMesh', [sys.privatePools.cUSDT], KEEPER), 'MeshInBand')
      // 0.05% off is still inside θ = 10 bps
      await setXauPrice((LOCALNET_ORACLE_PRICES.cXAUC * 10_005n) / 10_000n)
      expect((await gap(sys.privatePools.cUSDT))[0]).toBeLessThanOrEqual(THETA)
      await expectRevert(() => send('rebalanceMesh', [sys.privatePools.cUSDT], KEEPER), 'MeshInBand')
    })

    it('NotMeshLeg for a public pool, an unknown address and a leg removed from the mesh', async () => {
      await setXauPrice((LOCALNET_ORACLE_PRICES.cXAUC * 102n) / 100n)
      await expectRevert(() => send('rebalanceMesh', [sys.pools['cUSDT/cXAUC']], KEEPER), 'NotMeshLeg')
      await expectRevert(() => send('rebalanceMesh', [chain.addresses[OUTSIDER]], KEEPER), 'NotMeshLeg')
      await send('setMesh', [[sys.tokens.cEURT], ['0x0000000000000000000000000000000000000000']])
      await expectRevert(() => send('rebalanceMesh', [sys.privatePools.cEURT], KEEPER), 'NotMeshLeg')
    })

    it('NotAuthorized: only the owner or a keeper', async () => {
      await setXauPrice((LOCALNET_ORACLE_PRICES.cXAUC * 102n) / 100n)
      await expectRevert(() => send('rebalanceMesh', [sys.privatePools.cUSDT], OUTSIDER), 'NotAuthorized')
      await send('rebalanceMesh', [sys.privatePools.cUSDT], OWNER)
    })

    it('Paused while the guardian’s pause holds', async () => {
      await setXauPrice((LOCALNET_ORACLE_PRICES.cXAUC * 102n) / 100n)
      await send('pause', [])
      await expectRevert(() => send('rebalanceMesh', [sys.privatePools.cUSDT], KEEPER), 'Paused')
      await send('unpause', [])
      await send('rebalanceMesh', [sys.privatePools.cUSDT], KEEPER)
    })

    it('StaleOracle once a leg token’s price is older than maxOracleAge', async () => {
      await setXauPrice((LOCALNET_ORACLE_PRICES.cXAUC * 102n) / 100n)
      await rpc(chain, 'evm_increaseTime', [Number(LOCALNET_STABILIZER_LIMITS.maxOracleAge) + 1])
      await mine(chain, 1)
      await expectRevert(() => send('rebalanceMesh', [sys.privatePools.cUSDT], KEEPER), 'StaleOracle')
    })

    it('GasPriceTooHigh above the chain-wide maxGasPrice', async () => {
      await setXauPrice((LOCALNET_ORACLE_PRICES.cXAUC * 102n) / 100n)
      await expectRevert(
        () =>
          chain.publicClient.simulateContract({
            account: chain.addresses[KEEPER] as Address,
            address: sys.stabilizer,
            abi: stabilizerAbi,
            functionName: 'rebalanceMesh',
            args: [sys.privatePools.cUSDT],
            gasPrice: LOCALNET_STABILIZER_LIMITS.maxGasPrice + 1n,
            blockTag: 'pending',
          }),
        'GasPriceTooHigh',
      )
    })

    it('NotPoolAdmin once the Safe takes a leg back (setLegAdmin is the owner’s): no reset, no correction through it', async () => {
      await expectRevert(
        () => send('setLegAdmin', [sys.privatePools.cUSDT, chain.addresses[OUTSIDER]], OUTSIDER),
        'NotAuthorized',
      )
      await send('setLegAdmin', [sys.privatePools.cUSDT, chain.addresses[OWNER]])
      const xau = sys.pools['cUSDT/cXAUC'] as Address
      await push(xau, 'sellBase', 40_000n * UNIT)
      await mine(chain, Number(P.twapWindow) + 1)
      const size = await stab<bigint>('maxTradeSize', [xau])
      await expectRevert(
        () => send('executePrivateSwap', [xau, size, sys.tokens.cXAUC, sys.tokens.cUSDT], KEEPER),
        'NotPoolAdmin',
      )
      await setXauPrice((LOCALNET_ORACLE_PRICES.cXAUC * 102n) / 100n)
      await expectRevert(() => send('rebalanceMesh', [sys.privatePools.cUSDT], KEEPER), 'NotPoolAdmin')
    })
  })
})
