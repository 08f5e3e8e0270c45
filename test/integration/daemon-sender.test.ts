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
const FEE = { maxFeePerGas: parseGwei('10'), priorityFeePerGas: parseGwei('1') }

describe('fees under the cap', () => {
  it('never offers more than the cap, and refuses when the base fee alone is above it', () => {
    expect(feeUnderCap(parseGwei('5'), parseGwei('10'), parseGwei('2'))).toEqual({
      maxFeePerGas: parseGwei('10'),
      priorityFeePerGas: parseGwei('2'),
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
  const sender = () => new NonceSender(createPublicClient({ transport: http(proxy.url) }), account, 138, 3n)

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
    expect((await s.poll(await head())).map((x) => [x.kind, x.tx.nonce])).toEqual([
      ['dropped', a.nonce],
      ['dropped', b.nonce],
    ])
    const again = [await s.send('pool-a', tx, FEE, await head()), await s.send('pool-b', tx, FEE, await head())]
    expect(again.map((x) => x.nonce)).toEqual([a.nonce, b.nonce])
    await mine()
    expect((await s.poll(await head())).map((x) => [x.kind, x.tx.nonce])).toEqual([
      ['mined', a.nonce],
      ['mined', b.nonce],
    ])
  })
})
