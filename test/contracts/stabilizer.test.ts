// The multi-pool Stabilizer against the off-chain rule (src/core/deviation/window.ts): every registered pool is
// judged the same way, and every Appendix A rule has a case that makes execution refuse.
// Over 300 lines: a case per rule, on one deployment.
import { type Address, decodeEventLog, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  flashBorrowerAbi,
  stabilizerAbi,
  testKeeperBatchAbi,
  vaultPMMPoolAbi,
  vaultTokenAbi,
} from '../../src/chain/abi/generated.js'
import { maxBig } from '../../src/core/deviation/price.js'
import { evaluate } from '../../src/core/deviation/window.js'
import { dynamicSize } from '../../src/core/models/cantilever.js'
import { MESH_TOKENS, PUBLIC_POOL_NAMES } from '../../src/core/registry.js'
import {
  LOCALNET_POOL_PARAMS,
  LOCALNET_STABILIZER_LIMITS,
  type PoolParams,
  type SystemAddresses,
} from '../../src/localnet/deploy.js'
import {
  type Chain,
  deploy,
  deploySystemTo,
  expectRevert,
  mine,
  revertAfterEach,
  rpc,
  startChain,
  write,
} from './helpers.js'

const UNIT = 10n ** 6n
const WAD = 10n ** 18n
const OWNER = 1 // deploySystem hands the stabilizer to account 1 (standing in for the Safe)
const P = LOCALNET_POOL_PARAMS
const abs = (x: bigint) => (x < 0n ? -x : x)

describe('Stabilizer (multi-pool)', () => {
  let chain: Chain
  let sys: SystemAddresses
  let pool: Address // cUSDT/cUSDC
  let xau: Address // cUSDT/cXAUC

  const stab = <T>(functionName: string, args: readonly unknown[] = []) =>
    chain.publicClient.readContract({
      address: sys.stabilizer,
      abi: stabilizerAbi,
      functionName,
      args,
    } as never) as Promise<T>
  const send = (functionName: string, args: readonly unknown[], from = OWNER) =>
    write(chain, { address: sys.stabilizer, abi: stabilizerAbi, functionName, args, from })
  const execute = (target: Address, size: bigint, tokenIn: Address, tokenOut: Address, from = OWNER) =>
    send('executePrivateSwap', [target, size, tokenIn, tokenOut], from)
  const setParams = (target: Address, p: Partial<PoolParams>, from = OWNER) =>
    send('setParams', [target, { ...P, ...p }], from)
  /** A trade by the test helper contract: selling quote lifts the price, selling base lowers it. */
  const push = (target: Address, side: 'sellBase' | 'sellQuote', amount: bigint) =>
    write(chain, { address: sys.flashBorrower, abi: flashBorrowerAbi, functionName: side, args: [target, amount] })
  const mid = (target: Address, blockNumber?: bigint) =>
    chain.publicClient.readContract({ address: target, abi: vaultPMMPoolAbi, functionName: 'getMidPrice', blockNumber })
  const balance = (token: Address) =>
    chain.publicClient.readContract({
      address: token,
      abi: vaultTokenAbi,
      functionName: 'balanceOf',
      args: [sys.stabilizer],
    })
  /** Lifts cUSDT/cUSDC ~1% above the peg and holds it for a full window. */
  const sustainedAbove = async () => {
    await push(pool, 'sellQuote', 30_000n * UNIT)
    await mine(chain, Number(P.twapWindow) + 1)
  }
  const eventsOf = async (hash: Hex) => {
    const receipt = await chain.publicClient.getTransactionReceipt({ hash })
    return receipt.logs.flatMap((l) => {
      try {
        return [decodeEventLog({ abi: stabilizerAbi, ...l })]
      } catch {
        return []
      }
    })
  }

  /**
   * window.ts's verdict for `target` as a call at latest sees it (h = latest), or as the next transaction does
   * (`next`: h = latest + 1).
   */
  const offChain = async (target: Address, p: PoolParams = P, next = false) => {
    const h = (await chain.publicClient.getBlockNumber()) + (next ? 1n : 0n)
    const span = maxBig(p.twapWindow, p.sustainBlocks)
    const blocks = Array.from({ length: Number(span) }, (_, n) => h - span + BigInt(n))
    const prices = await Promise.all(blocks.map(async (block) => ({ block, price: await mid(target, block) })))
    const [peg] = await stab<readonly [bigint, bigint, bigint]>('pegPrice', [target])
    return evaluate({
      endOfBlockPrices: prices,
      peg,
      h,
      W: p.twapWindow,
      N: p.sustainBlocks,
      thresholdBps: p.thresholdBps,
    })
  }

  beforeAll(async () => {
    chain = await startChain(138)
    sys = await deploySystemTo(chain, OWNER, { chainId: 138 })
    pool = sys.pools['cUSDT/cUSDC'] as Address
    xau = sys.pools['cUSDT/cXAUC'] as Address
  })
  afterAll(async () => {
    await chain.anvil.stop()
  })
  revertAfterEach(() => chain)

  it('registers the four public pools with the preset params, the limits and the three mesh legs', async () => {
    const registered = await stab<readonly Address[]>('pools')
    expect(registered).toEqual(PUBLIC_POOL_NAMES.map((n) => sys.pools[n]))
    for (const p of registered) expect(await stab('params', [p])).toEqual(P)
    expect(await stab('limits')).toEqual(LOCALNET_STABILIZER_LIMITS)
    const [tokens, legs] = await stab<readonly [readonly Address[], readonly Address[]]>('meshTokens')
    expect(tokens).toEqual(MESH_TOKENS.map((s) => sys.tokens[s]))
    expect(legs).toEqual(MESH_TOKENS.map((s) => sys.privatePools[s]))
    expect(await stab('paused')).toBe(false)
  })

  it('checkDeviation and maxTradeSize of every pool equal window.ts and min(k × |dev|, cap)', async () => {
    await push(pool, 'sellQuote', 30_000n * UNIT) // cUSDT/cUSDC above the peg
    await push(xau, 'sellBase', 20_000n * UNIT) // cUSDT/cXAUC below it
    await mine(chain, 1)
    await push(pool, 'sellBase', 8_000n * UNIT)
    await mine(chain, Number(P.twapWindow))
    for (const name of PUBLIC_POOL_NAMES) {
      const target = sys.pools[name] as Address
      const [dev, should] = await stab<readonly [bigint, boolean]>('checkDeviation', [target])
      const e = await offChain(target)
      expect({ name, dev, should }).toEqual({ name, dev: e.twapDeviationBps, should: e.shouldRebalance })
      const inBase = dynamicSize(P.kPerBps, dev, P.perBlockCap) // min(k × |dev|, cap)
      expect(await stab('maxTradeSize', [target])).toBe(dev > 0n ? inBase : (inBase * e.peg) / WAD)
    }
    expect((await stab<readonly [bigint, boolean]>('checkDeviation', [pool]))[1]).toBe(true)
    const [xauDev, xauShould] = await stab<readonly [bigint, boolean]>('checkDeviation', [xau])
    expect(xauShould).toBe(true)
    expect(xauDev).toBeLessThan(-P.thresholdBps)
  })

  it('a deviation reversed in the next block, or moved and reversed within one block, never triggers', async () => {
    const [b0] = await chain.publicClient.readContract({
      address: pool,
      abi: vaultPMMPoolAbi,
      functionName: 'getVaultReserve',
    })
    await push(pool, 'sellQuote', 30_000n * UNIT)
    const [b1] = await chain.publicClient.readContract({
      address: pool,
      abi: vaultPMMPoolAbi,
      functionName: 'getVaultReserve',
    })
    await push(pool, 'sellBase', b0 - b1)
    await mine(chain, Number(P.sustainBlocks))
    const e = await offChain(pool, P, true)
    expect(e.shouldRebalance).toBe(false)
    expect((await stab<readonly [bigint, boolean]>('checkDeviation', [pool]))[1]).toBe(false)
    await expectRevert(() => execute(pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'NotSustained')
  })

  it('corrects cUSDT/cUSDC toward the peg and brings every cUSDC back through the mesh', async () => {
    await sustainedAbove()
    await send('setKeeper', [chain.addresses[2], true])
    const before = await mid(pool)
    const size = await stab<bigint>('maxTradeSize', [pool])
    const [usdt0, usdc0] = [await balance(sys.tokens.cUSDT), await balance(sys.tokens.cUSDC)]
    const hash = await execute(pool, size, sys.tokens.cUSDT, sys.tokens.cUSDC, 2)
    const [peg] = await stab<readonly [bigint, bigint, bigint]>('pegPrice', [pool])
    expect(abs((await mid(pool)) - peg)).toBeLessThan(abs(before - peg))
    expect(await balance(sys.tokens.cUSDC)).toBe(usdc0)
    expect(await balance(sys.tokens.cUSDT)).toBeGreaterThan(usdt0 - size)
    const events = await eventsOf(hash)
    const receipt = await chain.publicClient.getTransactionReceipt({ hash })
    expect(events.find((e) => e.eventName === 'PrivateSwapExecuted')?.args).toMatchObject({
      pool,
      tokenIn: sys.tokens.cUSDT,
      tokenOut: sys.tokens.cUSDC,
      blockNumber: receipt.blockNumber,
      tradeSize: size,
    })
    expect(events.some((e) => e.eventName === 'MeshRouted')).toBe(true)
    const state = await stab<{ lastExecutionBlock: bigint; volumeInBlock: bigint }>('poolState', [pool])
    expect(state.lastExecutionBlock).toBe(receipt.blockNumber)
    expect(state.volumeInBlock).toBe(size)
    await expectRevert(() => execute(pool, 1n, sys.tokens.cUSDT, sys.tokens.cUSDC), 'BlockDelay')
  })

  it('a 20,000 cUSDT sale into cUSDT/cXAUC: sells cXAUC (caps in base units), one mesh leg returns it', async () => {
    await push(xau, 'sellBase', 20_000n * UNIT)
    await mine(chain, Number(P.twapWindow) + 1)
    const [dev] = await stab<readonly [bigint, boolean]>('checkDeviation', [xau])
    const [peg] = await stab<readonly [bigint, bigint, bigint]>('pegPrice', [xau])
    const size = await stab<bigint>('maxTradeSize', [xau])
    await expectRevert(() => execute(xau, size, sys.tokens.cUSDT, sys.tokens.cXAUC), 'WrongDirection')
    const xau0 = await balance(sys.tokens.cXAUC)
    const usdt0 = await balance(sys.tokens.cUSDT)
    const hash = await execute(xau, size, sys.tokens.cXAUC, sys.tokens.cUSDT)
    expect(await balance(sys.tokens.cUSDT)).toBe(usdt0) // all cUSDT bought went back for cXAUC
    expect(await balance(sys.tokens.cXAUC)).toBeGreaterThan(xau0 - size)
    const state = await stab<{ volumeInBlock: bigint }>('poolState', [xau])
    expect(state.volumeInBlock).toBe((size * WAD + peg - 1n) / peg) // counted in cUSDT (base) units
    expect(state.volumeInBlock).toBeLessThanOrEqual(P.perBlockCap)
    const routed = (await eventsOf(hash)).find((e) => e.eventName === 'MeshRouted')
    expect(routed?.args).toMatchObject({ tokenFrom: sys.tokens.cUSDT, tokenTo: sys.tokens.cXAUC })
    const [after] = await stab<readonly [bigint, boolean]>('checkDeviation', [xau])
    await mine(chain, Number(P.twapWindow))
    expect(abs((await stab<readonly [bigint, boolean]>('checkDeviation', [xau]))[0])).toBeLessThan(abs(dev))
    expect(after).toBeDefined()
  })

  it('pools are independent: an execution on one pool does not delay another', async () => {
    await sustainedAbove()
    await push(xau, 'sellBase', 20_000n * UNIT)
    await mine(chain, Number(P.twapWindow) + 1)
    await execute(pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC)
    await execute(xau, 1n * UNIT, sys.tokens.cXAUC, sys.tokens.cUSDT)
    await setParams(xau, { thresholdBps: 5_000n })
    expect(await stab('params', [pool])).toEqual(P)
  })

  describe('every rule refuses', () => {
    it('NoRebalanceNeeded at the peg', async () => {
      await mine(chain, 6)
      await expectRevert(() => execute(pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'NoRebalanceNeeded')
    })

    it('NotSustained when the TWAP deviates but the last N blocks do not all', async () => {
      await push(pool, 'sellQuote', 30_000n * UNIT)
      await mine(chain, 3)
      await push(pool, 'sellBase', 28_000n * UNIT)
      const e = await offChain(pool, P, true)
      expect(abs(e.twapDeviationBps)).toBeGreaterThan(P.thresholdBps)
      expect(e.sustained).toBe(false)
      await expectRevert(() => execute(pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'NotSustained')
    })

    it('WrongDirection and ZeroTrade', async () => {
      await sustainedAbove()
      await expectRevert(() => execute(pool, 1_000n * UNIT, sys.tokens.cUSDC, sys.tokens.cUSDT), 'WrongDirection')
      await expectRevert(() => execute(pool, 1_000n * UNIT, sys.tokens.cEURT, sys.tokens.cUSDT), 'WrongDirection')
      await expectRevert(() => execute(pool, 0n, sys.tokens.cUSDT, sys.tokens.cUSDC), 'ZeroTrade')
    })

    it('TradeTooLarge above min(kPerBps × |deviation|, perBlockCap)', async () => {
      await setParams(pool, { kPerBps: 10n * UNIT })
      await sustainedAbove()
      const max = await stab<bigint>('maxTradeSize', [pool])
      const [dev] = await stab<readonly [bigint, boolean]>('checkDeviation', [pool])
      expect(max).toBe(10n * UNIT * abs(dev))
      await expectRevert(() => execute(pool, max + 1n, sys.tokens.cUSDT, sys.tokens.cUSDC), 'TradeTooLarge')
      await execute(pool, max, sys.tokens.cUSDT, sys.tokens.cUSDC)
    })

    it('PerBlockCapExceeded when two executions in one block add up past the cap', async () => {
      const batch = await deploy(chain, 'TestKeeperBatch')
      await send('setKeeper', [batch, true])
      await setParams(pool, { minBlocks: 0n, perBlockCap: 2_000n * UNIT, kPerBps: 1_000_000n * UNIT })
      await sustainedAbove()
      const run = (a: bigint, b: bigint) =>
        write(chain, {
          address: batch,
          abi: [...testKeeperBatchAbi, ...stabilizerAbi.filter((item) => item.type === 'error')],
          functionName: 'executeTwice',
          args: [sys.stabilizer, pool, a, b, sys.tokens.cUSDT, sys.tokens.cUSDC],
        })
      await expectRevert(() => run(1_500n * UNIT, 1_000n * UNIT), 'PerBlockCapExceeded')
      await run(1_000n * UNIT, 1_000n * UNIT)
    })

    it('BlockDelay inside MIN_BLOCKS of the last execution on the pool', async () => {
      await sustainedAbove()
      await execute(pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC)
      await expectRevert(() => execute(pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'BlockDelay')
      await mine(chain, Number(P.minBlocks))
      await execute(pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC)
    })

    it('SlippageExceeded when the pool pays less than the mid price allows', async () => {
      await setParams(pool, { maxSlippageBps: 0n })
      await sustainedAbove()
      await expectRevert(() => execute(pool, 5_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'SlippageExceeded')
    })

    it('GasPriceTooHigh above the chain-wide maxGasPrice', async () => {
      await sustainedAbove()
      await expectRevert(
        () =>
          chain.publicClient.simulateContract({
            account: chain.addresses[OWNER] as Address,
            address: sys.stabilizer,
            abi: stabilizerAbi,
            functionName: 'executePrivateSwap',
            args: [pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC],
            gasPrice: LOCALNET_STABILIZER_LIMITS.maxGasPrice + 1n,
            blockTag: 'pending',
          }),
        'GasPriceTooHigh',
      )
    })

    it('StaleOracle once maxOracleAge (1 hour) has passed without a price update', async () => {
      expect(LOCALNET_STABILIZER_LIMITS.maxOracleAge).toBe(3600n)
      await sustainedAbove()
      await rpc(chain, 'evm_increaseTime', [Number(LOCALNET_STABILIZER_LIMITS.maxOracleAge) + 1])
      await mine(chain, 1)
      await expectRevert(() => execute(pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'StaleOracle')
    })

    it('InsufficientHistory when the window reaches before the chain began', async () => {
      await setParams(pool, { twapWindow: 1024n })
      await expectRevert(() => stab('checkDeviation', [pool]), 'InsufficientHistory')
      await expectRevert(() => execute(pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'InsufficientHistory')
    })

    it('PoolNotRegistered for a pool the Stabilizer does not watch', async () => {
      const leg = sys.privatePools.cUSDT
      await expectRevert(() => execute(leg, 1n, sys.tokens.cUSDT, sys.tokens.cXAUC), 'PoolNotRegistered')
      await expectRevert(() => stab('checkDeviation', [leg]), 'PoolNotRegistered')
      await expectRevert(() => stab('params', [leg]), 'PoolNotRegistered')
    })

    it('NotAuthorized: only the owner or a keeper executes', async () => {
      await sustainedAbove()
      await expectRevert(() => execute(pool, 1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC, 3), 'NotAuthorized')
    })
  })
})
