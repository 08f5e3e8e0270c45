import { type Address, decodeEventLog } from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  flashBorrowerAbi,
  stabilizerAbi,
  testKeeperBatchAbi,
  vaultPMMPoolAbi,
  vaultTokenAbi,
} from '../../src/chain/abi/generated.js'
import { pegPrice } from '../../src/core/deviation/price.js'
import {
  LOCALNET_ORACLE_PRICES,
  LOCALNET_STABILIZER_PARAMS,
  type StabilizerParams,
  type SystemAddresses,
} from '../../src/localnet/deploy.js'
import { type Chain, deploy, deploySystemTo, expectRevert, mine, rpc, sendOnly, startChain, write } from './helpers.js'

const UNIT = 10n ** 6n
const OWNER = 1 // deploySystem hands the stabilizer to account 1 (standing in for the Safe)
const PEG = pegPrice({
  baseUsd: LOCALNET_ORACLE_PRICES.cUSDT,
  quoteUsd: LOCALNET_ORACLE_PRICES.cUSDC,
  baseDecimals: 6,
  quoteDecimals: 6,
})
const P = LOCALNET_STABILIZER_PARAMS

/** deviationBps per the shared definition: (price - peg) * 10000 / peg, truncated toward zero. */
const deviationBps = (price: bigint, peg: bigint) => ((price - peg) * 10_000n) / peg
const abs = (x: bigint) => (x < 0n ? -x : x)

describe('Stabilizer', () => {
  let chain: Chain
  let sys: SystemAddresses
  let pool: Address
  let snapshot: string

  const readPool = <T>(functionName: string, args: readonly unknown[] = [], blockNumber?: bigint) =>
    chain.publicClient.readContract({
      address: pool,
      abi: vaultPMMPoolAbi,
      functionName,
      args,
      blockNumber,
    } as never) as Promise<T>
  const readStab = <T>(functionName: string, args: readonly unknown[] = [], pending = true) =>
    chain.publicClient.readContract({
      address: sys.stabilizer,
      abi: stabilizerAbi,
      functionName,
      args,
      ...(pending ? { blockTag: 'pending' } : {}),
    } as never) as Promise<T>
  const execute = (tradeSize: bigint, tokenIn: Address, tokenOut: Address, from = OWNER) =>
    write(chain, {
      address: sys.stabilizer,
      abi: stabilizerAbi,
      functionName: 'executePrivateSwap',
      args: [tradeSize, tokenIn, tokenOut],
      from,
    })
  const setParams = (p: Partial<StabilizerParams>, from = OWNER) =>
    write(chain, {
      address: sys.stabilizer,
      abi: stabilizerAbi,
      functionName: 'setParams',
      args: [{ ...P, ...p }],
      from,
    })
  /** One trade through the helper contract: selling quote lifts the price, selling base lowers it. */
  const push = (side: 'sellBase' | 'sellQuote', amount: bigint) =>
    write(chain, { address: sys.flashBorrower, abi: flashBorrowerAbi, functionName: side, args: [pool, amount] })
  /** Lifts the price ~1% above the peg and holds it for a full window. */
  const sustainedAbove = async () => {
    await push('sellQuote', 30_000n * UNIT)
    await mine(chain, Number(P.twapWindow) + 1)
  }

  beforeAll(async () => {
    chain = await startChain(138)
    sys = await deploySystemTo(chain, OWNER, { chainId: 138 })
    pool = sys.pools['cUSDT/cUSDC'] as Address
  })
  afterAll(async () => {
    await chain.anvil.stop()
  })
  beforeEach(async () => {
    snapshot = (await rpc(chain, 'evm_snapshot')) as string
  })
  afterEach(async () => {
    await rpc(chain, 'evm_revert', [snapshot])
  })

  it('checkDeviation follows the definitions: TWAP of p(b) over [h-W, h-1], sustained over [h-N, h-1]', async () => {
    await push('sellQuote', 30_000n * UNIT)
    await mine(chain, 1)
    await push('sellBase', 8_000n * UNIT)
    await mine(chain, Number(P.twapWindow))
    const h = await chain.publicClient.getBlockNumber() // an eth_call at latest runs with block.number = h
    const blocks = Array.from({ length: Number(P.twapWindow) }, (_, n) => h - P.twapWindow + BigInt(n))
    const prices = await Promise.all(blocks.map((b) => readPool<bigint>('getMidPrice', [], b)))
    const observed = await Promise.all(blocks.map((b) => readPool<bigint>('observe', [b])))
    expect(observed).toEqual(prices)
    const twap = prices.reduce((a, b) => a + b, 0n) / P.twapWindow
    const lastN = prices.slice(-Number(P.sustainBlocks)).map((p) => deviationBps(p, PEG))
    const sustained = lastN.every((d) => abs(d) > P.thresholdBps) && new Set(lastN.map((d) => d > 0n)).size === 1
    const [dev, should] = await readStab<readonly [bigint, boolean]>('checkDeviation', [], false)
    expect(dev).toBe(deviationBps(twap, PEG))
    expect(dev).toBeGreaterThan(P.thresholdBps)
    expect(should).toBe(abs(dev) > P.thresholdBps && sustained)
    expect(should).toBe(true)
  })

  it('a deviation held N+1 blocks triggers; one reversed in the next block does not', async () => {
    await push('sellQuote', 30_000n * UNIT)
    await mine(chain, Number(P.sustainBlocks) + 1)
    expect((await readStab<readonly [bigint, boolean]>('checkDeviation'))[1]).toBe(true)
    await rpc(chain, 'evm_revert', [snapshot])
    snapshot = (await rpc(chain, 'evm_snapshot')) as string

    const before = await readPool<bigint>('getMidPrice')
    const [, baseReserve] = [0, await readPool<readonly bigint[]>('getVaultReserve')]
    await push('sellQuote', 30_000n * UNIT)
    const after = await readPool<readonly bigint[]>('getVaultReserve')
    const bought = (baseReserve as readonly bigint[])[0] - (after[0] as bigint)
    await push('sellBase', bought) // reverses the move in the next block
    await mine(chain, Number(P.sustainBlocks))
    const [dev, should] = await readStab<readonly [bigint, boolean]>('checkDeviation')
    expect(should).toBe(false)
    expect(abs(deviationBps(await readPool<bigint>('getMidPrice'), before))).toBeLessThanOrEqual(1n)
    expect(abs(dev)).toBeLessThan(P.thresholdBps * 10n)
  })

  it('two transactions in one block (a move and its reversal) never count', async () => {
    await rpc(chain, 'evm_setAutomine', [false])
    const nonce = await chain.publicClient.getTransactionCount({
      address: chain.addresses[0] as Address,
      blockTag: 'pending',
    })
    const args = { address: sys.flashBorrower, abi: flashBorrowerAbi }
    await sendOnly(chain, { ...args, functionName: 'sellQuote', args: [pool, 50_000n * UNIT], nonce })
    await sendOnly(chain, { ...args, functionName: 'sellBase', args: [pool, 49_000n * UNIT], nonce: nonce + 1 })
    await mine(chain, 1)
    await rpc(chain, 'evm_setAutomine', [true])
    const block = await chain.publicClient.getBlock({ blockTag: 'latest' })
    expect(block.transactions.length).toBe(2)
    await mine(chain, Number(P.twapWindow) + 1)
    const p = await readPool<bigint>('observe', [block.number])
    expect(abs(deviationBps(p, PEG))).toBeLessThanOrEqual(P.thresholdBps)
    const [, should] = await readStab<readonly [bigint, boolean]>('checkDeviation')
    expect(should).toBe(false)
    await expectRevert(() => execute(1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'NoRebalanceNeeded')
  })

  it('a valid call moves the price toward the peg and the mesh restores the inventory', async () => {
    await sustainedAbove()
    await write(chain, {
      address: sys.stabilizer,
      abi: stabilizerAbi,
      functionName: 'setKeeper',
      args: [chain.addresses[2], true],
      from: OWNER,
    })
    const devBefore = deviationBps(await readPool<bigint>('getMidPrice'), PEG)
    const maxTrade = await readStab<bigint>('maxTradeSize')
    expect(maxTrade).toBeGreaterThan(0n)
    const balances = () =>
      Promise.all(
        [sys.tokens.cUSDT, sys.tokens.cUSDC].map((t) =>
          chain.publicClient.readContract({
            address: t,
            abi: vaultTokenAbi,
            functionName: 'balanceOf',
            args: [sys.stabilizer],
          }),
        ),
      )
    const [usdtBefore, usdcBefore] = await balances()
    const hash = await execute(maxTrade, sys.tokens.cUSDT, sys.tokens.cUSDC, 2)
    const devAfter = deviationBps(await readPool<bigint>('getMidPrice'), PEG)
    expect(devBefore).toBeGreaterThan(P.thresholdBps)
    expect(abs(devAfter)).toBeLessThan(abs(devBefore))
    const [usdtAfter, usdcAfter] = await balances()
    expect(usdcAfter).toBe(usdcBefore) // every cUSDC received went back through cUSDC -> cXAUC -> cUSDT
    expect(usdtAfter as bigint).toBeGreaterThan((usdtBefore as bigint) - maxTrade)
    const receipt = await chain.publicClient.getTransactionReceipt({ hash })
    const events = receipt.logs.flatMap((l) => {
      try {
        return [decodeEventLog({ abi: stabilizerAbi, ...l })]
      } catch {
        return []
      }
    })
    const executed = events.find((e) => e.eventName === 'PrivateSwapExecuted')
    expect(executed?.args).toMatchObject({
      blockNumber: receipt.blockNumber,
      tradeSize: maxTrade,
      tokenIn: sys.tokens.cUSDT,
    })
    expect(events.some((e) => e.eventName === 'MeshRouted')).toBe(true)
    // the next call inside MIN_BLOCKS is refused
    await expectRevert(() => execute(1n, sys.tokens.cUSDT, sys.tokens.cUSDC), 'BlockDelay')
  })

  it('NoRebalanceNeeded at the peg', async () => {
    await mine(chain, 6)
    await expectRevert(() => execute(1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'NoRebalanceNeeded')
  })

  it('NotSustained when the TWAP deviates but the last N blocks do not all', async () => {
    await push('sellQuote', 30_000n * UNIT)
    await mine(chain, 3)
    await push('sellBase', 28_000n * UNIT)
    const [dev] = await readStab<readonly [bigint, boolean]>('checkDeviation')
    expect(abs(dev)).toBeGreaterThan(P.thresholdBps)
    await expectRevert(() => execute(1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'NotSustained')
  })

  it('WrongDirection when selling the side that moves the price away', async () => {
    await sustainedAbove()
    await expectRevert(() => execute(1_000n * UNIT, sys.tokens.cUSDC, sys.tokens.cUSDT), 'WrongDirection')
    await expectRevert(() => execute(1_000n * UNIT, sys.tokens.cEURT, sys.tokens.cUSDT), 'WrongDirection')
  })

  it('TradeTooLarge above min(kPerBps x |deviation|, perBlockCap)', async () => {
    await setParams({ kPerBps: 10n * UNIT })
    await sustainedAbove()
    const [dev] = await readStab<readonly [bigint, boolean]>('checkDeviation')
    const max = await readStab<bigint>('maxTradeSize')
    expect(max).toBe(10n * UNIT * abs(dev) < P.perBlockCap ? 10n * UNIT * abs(dev) : P.perBlockCap)
    await expectRevert(() => execute(max + 1n, sys.tokens.cUSDT, sys.tokens.cUSDC), 'TradeTooLarge')
    await execute(max, sys.tokens.cUSDT, sys.tokens.cUSDC)
  })

  it('PerBlockCapExceeded when two executions in one block add up past the cap', async () => {
    const batch = await deploy(chain, 'TestKeeperBatch')
    await write(chain, {
      address: sys.stabilizer,
      abi: stabilizerAbi,
      functionName: 'setKeeper',
      args: [batch, true],
      from: OWNER,
    })
    await setParams({ minBlocks: 0n, perBlockCap: 2_000n * UNIT, kPerBps: 1_000_000n * UNIT })
    await sustainedAbove()
    const run = (a: bigint, b: bigint) =>
      write(chain, {
        address: batch,
        abi: [...testKeeperBatchAbi, ...stabilizerAbi.filter((item) => item.type === 'error')],
        functionName: 'executeTwice',
        args: [sys.stabilizer, a, b, sys.tokens.cUSDT, sys.tokens.cUSDC],
      })
    await expectRevert(() => run(1_500n * UNIT, 1_000n * UNIT), 'PerBlockCapExceeded')
    await run(1_000n * UNIT, 1_000n * UNIT)
  })

  it('SlippageExceeded when the pool pays less than the mid price allows', async () => {
    await setParams({ maxSlippageBps: 0n })
    await sustainedAbove()
    await expectRevert(() => execute(5_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'SlippageExceeded')
  })

  it('GasPriceTooHigh above maxGasPrice', async () => {
    await sustainedAbove()
    await expectRevert(
      () =>
        chain.publicClient.simulateContract({
          account: chain.addresses[OWNER] as Address,
          address: sys.stabilizer,
          abi: stabilizerAbi,
          functionName: 'executePrivateSwap',
          args: [1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC],
          gasPrice: P.maxGasPrice + 1n,
          blockTag: 'pending',
        }),
      'GasPriceTooHigh',
    )
  })

  it('StaleOracle when a price is older than maxOracleAge', async () => {
    await setParams({ maxOracleAge: 60n })
    await sustainedAbove()
    await rpc(chain, 'evm_increaseTime', [3600])
    await mine(chain, 1)
    await expectRevert(() => execute(1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC), 'StaleOracle')
  })

  it('NotAuthorized: only the owner or a keeper executes; only the owner sets params, keepers and the mesh', async () => {
    await sustainedAbove()
    await expectRevert(() => execute(1_000n * UNIT, sys.tokens.cUSDT, sys.tokens.cUSDC, 3), 'NotAuthorized')
    await expectRevert(() => setParams({ thresholdBps: 1n }, 3), 'NotAuthorized')
    await expectRevert(() => setParams({ thresholdBps: 1n }, 0), 'NotAuthorized') // the deployer handed it over
    await expectRevert(
      () =>
        write(chain, {
          address: sys.stabilizer,
          abi: stabilizerAbi,
          functionName: 'setKeeper',
          args: [chain.addresses[3], true],
          from: 3,
        }),
      'NotAuthorized',
    )
    await expectRevert(
      () =>
        write(chain, { address: sys.stabilizer, abi: stabilizerAbi, functionName: 'setMesh', args: [[], []], from: 3 }),
      'NotAuthorized',
    )
    await setParams({ thresholdBps: 25n })
    const params = await readStab<StabilizerParams>('params')
    expect(params).toEqual({ ...P, thresholdBps: 25n })
    await expectRevert(() => setParams({ twapWindow: 0n }), 'InvalidParams')
  })
})
