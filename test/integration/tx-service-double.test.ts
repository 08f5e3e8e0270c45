import {
  type Address,
  createPublicClient,
  encodeFunctionData,
  type Hex,
  http,
  type PublicClient,
  zeroAddress,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { safeAbi } from '../../src/safe/abi.js'
import { sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { type FakeTxService, startFakeTxService } from '../helpers/tx-service.js'

/**
 * The Transaction Service test double keeps the real service's rules (safe-transaction-service v6
 * `history/serializers.py`, safe-eth-py `safe_signature.py`): what the real one accepts it accepts, what the
 * real one refuses it refuses, with the same status codes (422 for a proposal, 400 for a confirmation).
 */
const [, B, C] = LOCAL_KEYS.owners
const OUTSIDER = LOCAL_KEYS.outsider
const account = (k: Hex) => privateKeyToAccount(k)

describe('Transaction Service test double', () => {
  let net: TestLocalnet
  let service: FakeTxService
  let client: PublicClient
  let safe: Address

  const fields = (nonce: bigint, value = 0n) => ({
    to: safe,
    value: value.toString(),
    data: encodeFunctionData({ abi: safeAbi, functionName: 'changeThreshold', args: [2n] }),
    operation: 0,
    safeTxGas: '0',
    baseGas: '0',
    gasPrice: '0',
    gasToken: zeroAddress,
    refundReceiver: zeroAddress,
    nonce: nonce.toString(),
  })
  const hashOf = (f: ReturnType<typeof fields>) =>
    client.readContract({
      address: safe,
      abi: safeAbi,
      functionName: 'getTransactionHash',
      args: [f.to, BigInt(f.value), f.data, f.operation, 0n, 0n, 0n, zeroAddress, zeroAddress, BigInt(f.nonce)],
    })
  const ethSign = async (k: Hex, hash: Hex) => {
    const raw = await account(k).signMessage({ message: { raw: hash } })
    return `${raw.slice(0, 130)}${(Number.parseInt(raw.slice(130), 16) + 4).toString(16)}` as Hex
  }
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: res.status, text: await res.text() }
  }
  const propose = (f: ReturnType<typeof fields>, extra: Record<string, unknown>) =>
    post(`/v2/safes/${safe}/multisig-transactions/`, { ...f, ...extra })
  const confirm = (hash: Hex, signature: Hex) => post(`/v1/multisig-transactions/${hash}/confirmations/`, { signature })
  const safeNonce = () => client.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' })

  beforeAll(async () => {
    net = await sharedLocalnet()
    safe = (await net.profile()).safe.address
    const rpcUrl = `http://127.0.0.1:${net.ports['138']}`
    client = createPublicClient({ transport: http(rpcUrl) }) as PublicClient
    service = await startFakeTxService({ rpcUrl })
  })
  afterAll(async () => {
    await service?.stop()
    await net?.stop()
  })

  it('accepts an owner’s EOA proposal and an eth_sign (v 31/32) confirmation, each recorded with its type', async () => {
    const f = fields(await safeNonce())
    const hash = await hashOf(f)
    const byB = await account(B).sign({ hash })
    const proposed = await propose(f, {
      contractTransactionHash: hash,
      sender: account(B).address,
      signature: byB,
      origin: 'vault',
    })
    expect(proposed.status, proposed.text).toBe(201)
    const confirmed = await confirm(hash, await ethSign(C, hash))
    expect(confirmed.status, confirmed.text).toBe(201)
    const stored = service.transactions.get(hash)
    expect(stored?.confirmations.map((c) => [c.owner, c.signatureType])).toEqual([
      [account(B).address, 'EOA'],
      [account(C).address, 'ETH_SIGN'],
    ])
  })

  it('refuses what the real service refuses', async () => {
    const nonce = (await safeNonce()) + 1n
    const f = fields(nonce)
    const hash = await hashOf(f)
    const byB = await account(B).sign({ hash })
    const sender = account(B).address
    // a hash that is not the Safe's for these fields
    const other = fields(nonce, 1n)
    expect((await propose(other, { contractTransactionHash: hash, sender, signature: byB })).status).toBe(422)
    // the sender must be an owner, and a signer of the given signatures
    const byOutsider = await account(OUTSIDER).sign({ hash })
    expect(
      (await propose(f, { contractTransactionHash: hash, sender: account(OUTSIDER).address, signature: byOutsider }))
        .status,
    ).toBe(422)
    expect(
      (await propose(f, { contractTransactionHash: hash, sender: account(C).address, signature: byB })).status,
    ).toBe(422)
    // origin is a 200-character field
    const long = { contractTransactionHash: hash, sender, signature: byB, origin: 'x'.repeat(201) }
    expect((await propose(f, long)).status).toBe(422)
    // a nonce the Safe already used
    const used = fields((await safeNonce()) - 1n)
    const usedHash = await hashOf(used)
    const usedSig = await account(B).sign({ hash: usedHash })
    expect((await propose(used, { contractTransactionHash: usedHash, sender, signature: usedSig })).status).toBe(422)
    expect(service.transactions.has(hash)).toBe(false)
    expect(service.transactions.has(usedHash)).toBe(false)

    // at exactly 200 characters it is accepted
    expect((await propose(f, { ...long, origin: 'x'.repeat(200) })).status).toBe(201)
    // confirmations: a non-owner, an approval that is not on chain, a signature over another hash
    expect((await confirm(hash, byOutsider)).status).toBe(400)
    const approval = `0x${'0'.repeat(24)}${account(C).address.slice(2)}${'0'.repeat(64)}01` as Hex
    expect((await confirm(hash, approval)).status).toBe(400)
    expect((await confirm(hash, await account(C).sign({ hash: usedHash }))).status).toBe(400)
    expect(service.transactions.get(hash)?.confirmations).toHaveLength(1)
  })
})
