import { createPublicClient, http, type PublicClient, parseGwei } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { feeUnderCap, NonceSender, nextBaseFee } from '../../src/daemon/sender.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { type Anvil, startAnvil } from '../helpers/anvil.js'
import { rpc } from '../helpers/localnet.js'
import { type RpcProxy, startRpcProxy } from '../helpers/rpc-proxy.js'

const account = privateKeyToAccount(LOCAL_KEYS.outsider)
const TO = '0x000000000000000000000000000000000000dEaD' as const
const tx = { to: TO, data: '0x' as const, gas: 21_000n }
const FEE = { maxFeePerGas: parseGwei('10'), priorityFeePerGas: parseGwei('1'), gasPrice: parseGwei('3') }

describe('fees under the cap', () => {
  it('never offers more than the cap, and refuses when the base fee alone is above it', () => {
    expect(feeUnderCap(parseGwei('5'), parseGwei('10'), parseGwei('2'))).toEqual({
      maxFeePerGas: parseGwei('10'),
      priorityFeePerGas: parseGwei('2'),
      gasPrice: parseGwei('7'),
    })
    expect(feeUnderCap(parseGwei('9.5'), parseGwei('10'), parseGwei('2'))?.priorityFeePerGas).toBe(parseGwei('0.5'))
    expect(feeUnderCap(parseGwei('10.000000001'), parseGwei('10'), 1n)).toBeNull()
  })
  it('predicts the next base fee by EIP-1559', () => {
    const base = parseGwei('1')
    expect(nextBaseFee({ baseFeePerGas: base, gasUsed: 15_000_000n, gasLimit: 30_000_000n })).toBe(base)
    expect(nextBaseFee({ baseFeePerGas: base, gasUsed: 30_000_000n, gasLimit: 30_000_000n })).toBe(parseGwei('1.125'))
    expect(nextBaseFee({ baseFeePerGas: base, gasUsed: 0n, gasLimit: 30_000_000n })).toBe(parseGwei('0.875'))
  })
})

describe('a sender that owns its nonce (anvil, blocks mined by hand)', () => {
  let anvil: Anvil
  let proxy: RpcProxy
  let pub: PublicClient
  const mine = () => rpc(anvil.url, 'evm_mine')
  const head = () => pub.getBlockNumber()
  const sender = () =>
    new NonceSender(createPublicClient({ transport: http(proxy.url) }), { account, chainId: 138, stuckBlocks: 3n })

  beforeAll(async () => {
    anvil = await startAnvil(138, ['--no-mining'])
    proxy = await startRpcProxy(anvil.url)
    pub = createPublicClient({ transport: http(anvil.url) })
  })
  afterAll(async () => {
    await proxy?.close()
    await anvil?.stop()
  })

  it('one transaction per key while in flight; settled as mined once a block includes it', async () => {
    const s = sender()
    await s.start()
    const f = await s.send('pool-a', tx, FEE, await head())
    expect(s.busy('pool-a')).toBe(true)
    expect(s.busy('pool-b')).toBe(false)
    await expect(s.send('pool-a', tx, FEE, await head())).rejects.toThrow(/in flight/)
    expect(await s.poll(await head())).toEqual([])
    await mine()
    const settled = await s.poll(await head())
    expect(settled).toMatchObject([{ kind: 'mined', status: 'success', tx: { hash: f.hash, key: 'pool-a' } }])
    expect(s.busy('pool-a')).toBe(false)
  })

  it('a restarted sender waits for what the earlier run left pending, then sends at the next nonce', async () => {
    const first = sender()
    await first.start()
    const left = await first.send('pool-a', tx, FEE, await head())
    const second = sender()
    const { latest, pending } = await second.start()
    expect(pending).toBe(latest + 1)
    expect(second.busy('pool-b')).toBe(true)
    await mine()
    await second.poll(await head())
    expect(second.busy('pool-b')).toBe(false)
    const next = await second.send('pool-b', tx, FEE, await head())
    expect(next.nonce).toBe(left.nonce + 1)
    await mine()
    expect(await second.poll(await head())).toMatchObject([{ kind: 'mined', tx: { nonce: left.nonce + 1 } }])
  })

  it('a lost reply keeps the transaction in flight, and it is found mined (never reported failed)', async () => {
    const s = sender()
    await s.start()
    proxy.inject({ kind: 'lost-reply' })
    const f = await s.send('pool-a', tx, FEE, await head())
    proxy.clear()
    expect(s.busy('pool-a')).toBe(true)
    await mine()
    expect(await s.poll(await head())).toMatchObject([{ kind: 'mined', status: 'success', tx: { hash: f.hash } }])
  })

  it('a dropped transaction leaves a gap that the next poll closes; the nonce is used again', async () => {
    const s = sender()
    await s.start()
    const f = await s.send('pool-a', tx, FEE, await head())
    await rpc(anvil.url, 'anvil_dropTransaction', [f.hash])
    expect(await s.poll(await head())).toMatchObject([{ kind: 'dropped', tx: { hash: f.hash } }])
    const again = await s.send('pool-a', tx, FEE, await head())
    expect(again.nonce).toBe(f.nonce)
    await mine()
    expect(await s.poll(await head())).toMatchObject([{ kind: 'mined', tx: { nonce: f.nonce } }])
  })

  it('transactions behind a dropped one are dropped with it; sending again reuses the nonces in order', async () => {
    const s = sender()
    await s.start()
    const a = await s.send('pool-a', tx, FEE, await head())
    const b = await s.send('pool-b', tx, FEE, await head())
    await rpc(anvil.url, 'anvil_dropTransaction', [a.hash])
    await rpc(anvil.url, 'anvil_dropTransaction', [b.hash])
    await mine()
    expect((await s.poll(await head())).map((x) => [x.kind, 'tx' in x ? x.tx.nonce : x.nonce])).toEqual([
      ['dropped', a.nonce],
      ['dropped', b.nonce],
    ])
    const again = [await s.send('pool-a', tx, FEE, await head()), await s.send('pool-b', tx, FEE, await head())]
    expect(again.map((x) => x.nonce)).toEqual([a.nonce, b.nonce])
    await mine()
    expect((await s.poll(await head())).map((x) => [x.kind, 'tx' in x ? x.tx.nonce : x.nonce])).toEqual([
      ['mined', a.nonce],
      ['mined', b.nonce],
    ])
  })
})

describe('a sender recovers from a nonce gap and from stuck transactions (anvil, blocks mined by hand)', () => {
  let anvil: Anvil
  let pub: PublicClient
  const mine = () => rpc(anvil.url, 'evm_mine')
  /** Blocks too small for a 100,000-gas transaction (a 21,000-gas one fits): it stays in the pool, stuck. */
  const big = { ...tx, gas: 100_000n }
  const narrowBlocks = () => rpc(anvil.url, 'evm_setBlockGasLimit', ['0xc350'])
  const wideBlocks = () => rpc(anvil.url, 'evm_setBlockGasLimit', ['0x1c9c380'])
  const head = () => pub.getBlockNumber()
  const sender = () =>
    new NonceSender(createPublicClient({ transport: http(anvil.url) }), { account, chainId: 138, stuckBlocks: 3n })
  const count = () => pub.getTransactionCount({ address: account.address })

  beforeAll(async () => {
    anvil = await startAnvil(138, ['--no-mining'])
    pub = createPublicClient({ transport: http(anvil.url), cacheTime: 0 })
  })
  afterAll(async () => {
    await anvil?.stop()
  })

  it('a nonce gap under a transaction the key sent elsewhere: filled, then the used nonce is skipped', async () => {
    const s = sender()
    const { pending } = await s.start()
    // another run with this key signed nonce n + 1 while n never reached the node: a gap at n
    const ahead = await account.signTransaction({
      chainId: 138,
      type: 'eip1559',
      ...tx,
      nonce: pending + 1,
      maxFeePerGas: FEE.maxFeePerGas,
      maxPriorityFeePerGas: FEE.priorityFeePerGas,
    })
    await pub.sendRawTransaction({ serializedTransaction: ahead })
    await mine()
    expect(await count()).toBe(pending)
    const a = await s.send('pool-a', tx, FEE, await head())
    expect(a.nonce).toBe(pending)
    await mine()
    expect(await count()).toBe(pending + 2)
    expect(await s.poll(await head())).toMatchObject([{ kind: 'mined', tx: { nonce: pending } }])
    // n + 1 is used: the node refuses it, the sender takes the chain's count again and sends at n + 2
    const b = await s.send('pool-b', tx, FEE, await head())
    expect(b.nonce).toBe(pending + 2)
    await mine()
    expect(await s.poll(await head())).toMatchObject([{ kind: 'mined', status: 'success', tx: { nonce: pending + 2 } }])
  })

  it('its own stuck transaction is cancelled after stuckBlocks and the key sends again', async () => {
    const s = sender()
    await s.start()
    const f = await s.send('pool-a', big, FEE, await head())
    await narrowBlocks()
    for (let n = 0; n < 3; n++) await mine()
    const stuck = await s.poll(await head())
    expect(stuck).toMatchObject([{ kind: 'stuck', tx: { hash: f.hash } }])
    const cancel = (stuck[0] as { cancel?: `0x${string}` }).cancel
    expect(cancel).toBeDefined()
    await mine()
    expect(await s.poll(await head())).toMatchObject([{ kind: 'replaced', tx: { nonce: f.nonce } }])
    const mined = await pub.getTransaction({ hash: cancel! })
    expect(mined.to?.toLowerCase()).toBe(account.address.toLowerCase())
    expect(mined.value).toBe(0n)
    expect(mined.nonce).toBe(f.nonce)
    expect(s.busy('pool-a')).toBe(false)
    await wideBlocks()
    const next = await s.send('pool-a', tx, { ...FEE, maxFeePerGas: parseGwei('500') }, await head())
    expect(next.nonce).toBe(f.nonce + 1)
    await mine()
    expect(await s.poll(await head())).toMatchObject([{ kind: 'mined', status: 'success' }])
  })

  it("an earlier run's stuck transaction holds a restarted sender until it is cancelled, then nothing is sent twice", async () => {
    const first = sender()
    await first.start()
    const left = await first.send('pool-a', big, FEE, await head())
    await narrowBlocks()
    const s = sender()
    const { latest, pending } = await s.start()
    expect(pending).toBe(latest + 1)
    expect(await s.poll(await head())).toEqual([])
    expect(s.busy('pool-a')).toBe(true)
    for (let n = 0; n < 3; n++) await mine()
    const cancelled = await s.poll(await head())
    expect(cancelled).toMatchObject([{ kind: 'cancel', nonce: left.nonce }])
    expect(s.busy('pool-a')).toBe(true)
    await mine()
    expect(await s.poll(await head())).toEqual([])
    expect(s.busy('pool-a')).toBe(false)
    expect(await count()).toBe(left.nonce + 1)
    // the earlier run's transaction never executes: its nonce went to the cancellation
    await expect(pub.getTransactionReceipt({ hash: left.hash })).rejects.toThrow()
    await wideBlocks()
    const next = await s.send('pool-a', tx, { ...FEE, maxFeePerGas: parseGwei('500') }, await head())
    expect(next.nonce).toBe(left.nonce + 1)
  })
})

describe('legacy (type-0) transactions: --legacy, or a chain without a base fee', () => {
  const started: Anvil[] = []
  afterAll(async () => {
    for (const a of started) await a.stop()
  })
  const sendOne = async (anvilArgs: string[], legacy: boolean) => {
    const anvil = await startAnvil(138, anvilArgs)
    started.push(anvil)
    const pub = createPublicClient({ transport: http(anvil.url), cacheTime: 0 })
    const s = new NonceSender(pub, { account, chainId: 138, legacy })
    await s.start()
    const f = await s.send('pool-a', tx, FEE, await pub.getBlockNumber())
    const sent = await pub.getTransaction({ hash: f.hash })
    return { sent, receipt: await pub.waitForTransactionReceipt({ hash: f.hash, pollingInterval: 20 }) }
  }

  it('--legacy: type 0 at base fee + tip, the price paid, under the cap', async () => {
    const { sent, receipt } = await sendOne([], true)
    expect(sent.type).toBe('legacy')
    expect(sent.gasPrice).toBe(FEE.gasPrice)
    expect(receipt.effectiveGasPrice).toBe(FEE.gasPrice)
    expect(receipt.status).toBe('success')
  })

  it('a chain whose blocks carry no base fee (pre-London) gets type 0 without the flag; EIP-1559 otherwise', async () => {
    const berlin = await sendOne(['--hardfork', 'berlin'], false)
    expect(berlin.sent.type).toBe('legacy')
    expect(berlin.receipt.status).toBe('success')
    const london = await sendOne([], false)
    expect(london.sent.type).toBe('eip1559')
    expect(london.sent.maxFeePerGas).toBe(FEE.maxFeePerGas)
  })
})
