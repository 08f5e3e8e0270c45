import { type Address, createWalletClient, encodeFunctionData, erc20Abi, http, parseUnits, publicActions } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stabilizerAbi, vaultPMMPoolAbi } from '../../src/chain/abi/generated.js'
import type { PoolsShowResult } from '../../src/commands/pools/show.js'
import type { SafeExecuteResult } from '../../src/commands/safe/execute.js'
import type { StabilizerParamsResult } from '../../src/commands/stabilizer/params.js'
import type { StabilizerParamsUpdate } from '../../src/commands/stabilizer/set-params.js'
import type { StabilizerSwapResult } from '../../src/commands/stabilizer/swap.js'
import { LOCALNET_STABILIZER_PARAMS } from '../../src/localnet/deploy.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { proposalOf } from '../helpers/cli.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const [A, B, C] = LOCAL_KEYS.owners
const as = (key: `0x${string}`) => ({ VAULT_PRIVATE_KEY: key })

describe('stabilizer params / set-params / swap through the CLI', () => {
  let net: TestLocalnet
  let url: string
  let stabilizer: Address
  let pool: Address
  let cUSDT: Address
  const { ok, refused, outputs } = cliRunner(() => net)
  const chain = () =>
    createWalletClient({ account: privateKeyToAccount(LOCAL_KEYS.deployer), transport: http(url) }).extend(
      publicActions,
    )
  const onChainParams = async () => ({
    ...(await chain().readContract({ address: stabilizer, abi: stabilizerAbi, functionName: 'params', args: [pool] })),
    ...(await chain().readContract({ address: stabilizer, abi: stabilizerAbi, functionName: 'limits' })),
  })

  beforeAll(async () => {
    net = await sharedLocalnet()
    const profile = await net.profile()
    url = `http://127.0.0.1:${net.ports['138']}`
    stabilizer = profile.chains['138'].contracts.stabilizer
    pool = profile.chains['138'].pools['cUSDT/cUSDC']
    cUSDT = profile.chains['138'].tokens.cUSDT
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('params shows the on-chain values next to the profile’s', async () => {
    const r = await ok<StabilizerParamsResult>(['stabilizer', 'params'])
    expect(r.stabilizer).toBe(stabilizer)
    for (const [k, v] of Object.entries(LOCALNET_STABILIZER_PARAMS))
      expect(r.params[k as keyof typeof r.params]).toBe(v.toString())
    expect(r.profile.thresholdBps).toBe('10')
    expect(r.differs).toEqual([])
    const set = await net.run(['config', 'set', 'stabilizer.perBlockCap', '1'])
    expect(set.code, set.stderr).toBe(0)
    const again = await ok<StabilizerParamsResult>(['stabilizer', 'params'])
    expect(again.profile.perBlockCap).toBe('1')
    expect(again.differs).toEqual(['perBlockCap'])
  })

  it('set-params validates, refuses a key that is not the owner, and changes nothing', async () => {
    const before = await onChainParams()
    const bad = await refused(
      ['stabilizer', 'set-params', '--max-slippage-bps', '20000', '--safe', '--yes'],
      'PARAMS_INVALID',
    )
    expect(bad.details).toContain('maxSlippageBps')
    expect(
      (await refused(['stabilizer', 'set-params', '--min-blocks', '0', '--safe', '--yes'], 'PARAMS_INVALID')).details,
    ).toContain('minBlocks')
    await refused(['stabilizer', 'set-params', '--threshold-bps', '10', '--safe', '--yes'], 'PARAMS_UNCHANGED')
    await refused(['stabilizer', 'set-params', '--threshold-bps', 'ten', '--safe', '--yes'], 'NUMBER_INVALID')
    await refused(['stabilizer', 'set-params', '--threshold-bps', '12', '--yes'], 'STABILIZER_NOT_OWNER', as(A))
    expect(await onChainParams()).toEqual(before)
  })

  it('set-params --safe shows the diff in the proposal; two owners make it so', async () => {
    const r = await ok<StabilizerParamsUpdate>(
      ['stabilizer', 'set-params', '--sustain-blocks', '2', '--max-gas-price-gwei', '50', '--safe', '--yes'],
      as(A),
    )
    expect(r.changes).toEqual([
      { name: 'sustainBlocks', from: '3', to: '2' },
      { name: 'maxGasPrice', from: '100000000000', to: '50000000000' },
    ])
    await ok(['safe', 'sign', proposalOf(r).file, '--yes'], as(B))
    await ok(['safe', 'approve', proposalOf(r).file, '--yes'], as(C))
    await ok(['safe', 'execute', proposalOf(r).file, '--yes'], as(A))
    const p = await onChainParams()
    expect(p.sustainBlocks).toBe(2n)
    expect(p.maxGasPrice).toBe(50n * 10n ** 9n)
  })

  it('swap refuses (exit 2) while the pool is at the peg', async () => {
    const e = await refused(['stabilizer', 'swap', '--safe', '--yes'], 'REBALANCE_NOT_DUE')
    expect(e.message).toMatch(/inside the ±10 bps band/)
  })

  it('after a sustained shock, swap proposes the sized trade and the Safe executes it', async () => {
    const c = chain()
    const amount = parseUnits('7500', 6)
    for (const data of [
      encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool, amount] }),
      encodeFunctionData({ abi: vaultPMMPoolAbi, functionName: 'sellBase', args: [c.account.address] }),
    ]) {
      const hash = await c.sendTransaction({ to: data.startsWith('0xa9059cbb') ? cUSDT : pool, data, chain: null })
      expect((await c.waitForTransactionReceipt({ hash })).status).toBe('success')
    }
    await rpc(url, 'anvil_mine', ['0x8'])
    const [deviation, should] = await c.readContract({
      address: stabilizer,
      abi: stabilizerAbi,
      functionName: 'checkDeviation',
      args: [pool],
    })
    expect(should).toBe(true)
    expect(deviation).toBeLessThan(-10n)

    const big = await refused(['stabilizer', 'swap', '--size', '1000000', '--safe', '--yes'], 'TRADE_TOO_LARGE')
    expect(big.details).toContain('maxTradeSize')

    const r = await ok<StabilizerSwapResult>(['stabilizer', 'swap', '--safe', '--yes'], as(A))
    expect(r.direction).toBe('sell-quote')
    expect(r.tokenIn.symbol).toBe('cUSDC')
    const maxTrade = BigInt(r.maxTradeSize)
    expect(maxTrade).toBe(
      [LOCALNET_STABILIZER_PARAMS.kPerBps * -BigInt(r.deviationBps), LOCALNET_STABILIZER_PARAMS.perBlockCap].reduce(
        (a, b) => (a < b ? a : b),
      ),
    )
    const size = BigInt(r.tradeSize)
    expect(size).toBe(r.toPeg !== null && BigInt(r.toPeg) < maxTrade ? BigInt(r.toPeg) : maxTrade)
    expect(proposalOf(r).file).toMatch(/\.json$/)

    await ok(['safe', 'sign', proposalOf(r).file, '--yes'], as(B))
    await ok(['safe', 'sign', proposalOf(r).file, '--yes'], as(C))
    const ex = await ok<SafeExecuteResult>(['safe', 'execute', proposalOf(r).file, '--yes'], as(A))
    const swap = ex.events.find((e) => e.name === 'PrivateSwapExecuted')
    expect(swap?.args.tradeSize).toBe(size.toString())
    expect(swap?.args.tokenIn).toBe(r.tokenIn.address)
    const after = await ok<PoolsShowResult>(['pools', 'show', 'cUSDT/cUSDC'])
    const bps = (x: bigint) => (x < 0n ? -x : x)
    expect(after.deviationBps).toBeDefined()
    expect(bps(BigInt(after.deviationBps ?? 0))).toBeLessThan(bps(BigInt(r.deviationBps)))
  })

  it('never prints a key', () => {
    const all = outputs.join('\n').toLowerCase()
    for (const k of [A, B, C, LOCAL_KEYS.deployer]) expect(all).not.toContain(k.slice(2).toLowerCase())
  })
})
