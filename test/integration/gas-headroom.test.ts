// A pool's price bookkeeping (the cumulative price, written when the block's time moved since its last update, and the
// per-block observation) is skipped by an estimate made against the block the pool was last touched in, and paid by
// the transaction once it lands in a later block. The gas limit every send uses (withGasHeadroom) must cover it.
import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  parseAbi,
  parseUnits,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withGasHeadroom } from '../../src/chain/gas.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const poolAbi = parseAbi(['function sellBase(address to) returns (uint256)'])

describe('gas headroom', () => {
  let net: TestLocalnet
  beforeAll(async () => {
    net = await sharedLocalnet()
  })
  afterAll(async () => {
    await net?.stop()
  })

  it("covers a pool's bookkeeping that an estimate against the pool's last block left out", async () => {
    const url = `http://127.0.0.1:${net.ports['138']}`
    const chain = (await net.profile()).chains['138']
    const pool = chain.pools['cUSDC/cXAUC']
    const base = chain.tokens.cUSDC
    const account = privateKeyToAccount(LOCAL_KEYS.deployer)
    const client = createPublicClient({ transport: http(url) })
    const wallet = createWalletClient({ account, transport: http(url) })
    const send = (to: Hex, data: Hex, gas?: bigint) => wallet.sendTransaction({ to, data, gas, chain: null })
    const sellData = encodeFunctionData({ abi: poolAbi, functionName: 'sellBase', args: [account.address] })
    const transfer = (amount: string) =>
      send(base, encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool, parseUnits(amount, 6)] }))
    const sell = (gas?: bigint) => send(pool, sellData, gas)

    // block B: a trade touches the pool, and the base for the next trade arrives
    await rpc(url, 'evm_setAutomine', [false])
    await transfer('100')
    await sell(300_000n)
    await transfer('100')
    const { timestamp } = await client.getBlock()
    await rpc(url, 'evm_mine', [Number(timestamp) + 1])
    // the next trade estimated against block B, where the pool's bookkeeping is done for that block and second
    const estimate = await client.estimateGas({
      account,
      to: pool,
      data: sellData,
      blockTag: 'latest',
    })
    const hash = await sell(withGasHeadroom(estimate))
    await rpc(url, 'evm_mine', [Number(timestamp) + 2])
    await rpc(url, 'evm_setAutomine', [true])
    const receipt = await client.getTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    // what it paid for that the estimate did not: more than a fifth of the estimate (the headroom before this test,
    // with which it reverted)
    expect(receipt.gasUsed).toBeGreaterThan((estimate * 12n) / 10n)
  })
})
