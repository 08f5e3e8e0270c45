import { erc20Abi, parseAbi } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVaultClient } from '../../src/chain/client.js'
import { getLogsPaged } from '../../src/chain/logs.js'
import { readContracts } from '../../src/chain/read.js'
import { VaultError } from '../../src/core/errors.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { type Anvil, freePort, startAnvil } from '../helpers/anvil.js'
import { type RpcProxy, startRpcProxy } from '../helpers/rpc-proxy.js'

const rpcOpts = { timeoutMs: 2_000, retries: 0, retryDelayMs: 10 }
const DEPLOYER = LOCAL_KEYS.deployer
// A tiny contract that emits `Ping(uint256 n)` with the calldata word when called (raw bytecode: no compiler needed).
const PING_TOPIC = '0x48257dc961b6f792c2b78a080dacfed693b660960a702de21cee364e20270e2f' // keccak('Ping(uint256)')
const pingAbi = parseAbi(['event Ping(uint256 n)'])

describe('chain layer against anvil', () => {
  let anvil: Anvil
  let limited: RpcProxy
  let logsAddress: `0x${string}`

  beforeAll(async () => {
    anvil = await startAnvil(138)
    // a node that refuses eth_getLogs spans over 100 blocks, as public RPCs cap them
    limited = await startRpcProxy(anvil.url, (c) => {
      if (c.method !== 'eth_getLogs') return undefined
      const p = (c.params as { fromBlock: string; toBlock: string }[])[0]
      const span = Number(BigInt(p.toBlock) - BigInt(p.fromBlock)) + 1
      return span > 100 ? { error: { code: -32005, message: 'query exceeds max block range 100' } } : undefined
    })
    // deploy the Ping emitter: runtime = CALLDATALOAD(0) → MSTORE(0) → LOG1(0, 32, topic)
    const runtime = `0x6000356000527f${PING_TOPIC.slice(2)}60206000a100`
    const initcode = `0x${'60'}${(runtime.length / 2 - 1).toString(16).padStart(2, '0')}80600b6000396000f3${runtime.slice(2)}`
    const client = createVaultClient({ chainId: 138, rpcUrls: [anvil.url], ...rpcOpts })
    const wallet = client.wallet(DEPLOYER)
    const hash = await wallet.sendTransaction({ data: initcode as `0x${string}` })
    logsAddress = (await client.waitForTransactionReceipt({ hash })).contractAddress!
    for (let n = 1n; n <= 5n; n++) {
      const h = await wallet.sendTransaction({ to: logsAddress, data: `0x${n.toString(16).padStart(64, '0')}` })
      await client.waitForTransactionReceipt({ hash: h })
      await fetch(anvil.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_mine', params: ['0x64'] }),
      })
    }
  })
  afterAll(async () => {
    await limited?.close()
    await anvil?.stop()
  })

  it('pages eth_getLogs and halves a page the node calls too large', async () => {
    const client = createVaultClient({ chainId: 138, rpcUrls: [limited.url], ...rpcOpts })
    const head = await client.getBlockNumber()
    limited.reset()
    const logs = await getLogsPaged(client, {
      address: logsAddress,
      events: pingAbi,
      fromBlock: 0n,
      toBlock: head,
      maxRange: 400n,
    })
    expect(logs.map((l) => BigInt(l.data))).toEqual([1n, 2n, 3n, 4n, 5n])
    // 400-block pages were refused and split until each was ≤ 100 blocks
    expect(limited.stats.methods.filter((m) => m === 'eth_getLogs').length).toBeGreaterThan(
      Math.ceil(Number(head) / 400),
    )
  })

  it('falls back to the next RPC URL when the first is down', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`
    const client = createVaultClient({ chainId: 138, rpcUrls: [dead, anvil.url], ...rpcOpts })
    await expect(client.ready()).resolves.toMatchObject({ multicall: false })
    expect(await client.getBlockNumber()).toBeGreaterThan(0n)
  })

  it('without Multicall3 code, many reads go out as one deployless multicall', async () => {
    const proxy = await startRpcProxy(anvil.url)
    try {
      const client = createVaultClient({ chainId: 138, rpcUrls: [proxy.url], ...rpcOpts })
      await client.ready()
      proxy.reset()
      const calls = Array.from(
        { length: 12 },
        () => ({ address: logsAddress, abi: erc20Abi, functionName: 'decimals' }) as const,
      )
      const res = await readContracts(client, calls)
      expect(res).toHaveLength(12)
      expect(res.every((r) => r.status === 'failure')).toBe(true) // not a token: the contract's refusal is data
      expect(proxy.stats.http).toBe(1)
      expect(proxy.stats.methods).toEqual(['eth_call'])
    } finally {
      await proxy.close()
    }
  })

  it('a read the RPC does not answer is an exit-4 error, never "no data"', async () => {
    const proxy = await startRpcProxy(anvil.url)
    const faults = [
      { fault: { kind: 'rpc-error', code: -32005 } as const, data: { rpcCode: -32005 } },
      { fault: { kind: 'status', status: 429 } as const, data: { httpStatus: 429 } },
    ]
    try {
      for (const f of faults) {
        const client = createVaultClient({ chainId: 138, rpcUrls: [proxy.url], ...rpcOpts })
        await client.ready() // the chain-id check passes
        proxy.inject(f.fault)
        const calls = [{ address: logsAddress, abi: erc20Abi, functionName: 'decimals' }] as const
        const err = await readContracts(client, calls).catch((e) => e)
        proxy.clear()
        expect(err, f.fault.kind).toBeInstanceOf(VaultError)
        expect(err.code, f.fault.kind).toBe('RPC_READ_FAILED')
        expect(err.exitClass, f.fault.kind).toBe('chain')
        expect(err.data, f.fault.kind).toMatchObject(f.data)
      }
    } finally {
      await proxy.close()
    }
  })

  it('refuses a node of another chain before the first read, naming both ids', async () => {
    const client = createVaultClient({ chainId: 651940, rpcUrls: [anvil.url], ...rpcOpts })
    const err = await client.ready().catch((e) => e)
    expect(err).toBeInstanceOf(VaultError)
    expect(err.code).toBe('CHAIN_MISMATCH')
    expect(err.message).toContain('138')
    expect(err.message).toContain('651940')
  })

  it('an unreachable RPC is exit 4, with credentials stripped from the message', async () => {
    const port = await freePort()
    const client = createVaultClient({ chainId: 138, rpcUrls: [`http://user:secret@127.0.0.1:${port}`], ...rpcOpts })
    const err = await client.ready().catch((e) => e)
    expect(err.code).toBe('CHAIN_UNREACHABLE')
    expect(`${err.message} ${err.details}`).not.toContain('secret')
  })
})
