import { type ChildProcess, spawn } from 'node:child_process'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  parseAbi,
  parseGwei,
  parseUnits,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stabilizerAbi } from '../../src/chain/abi/generated.js'
import { createVaultClient } from '../../src/chain/client.js'
import type { ChainSettings } from '../../src/config/schema.js'
import type { Json } from '../../src/core/format.js'
import { type KeeperEvent, runKeeperDaemon } from '../../src/keeper/daemon.js'
import { execThroughSafe } from '../../src/localnet/claim.js'
import { LOCAL_KEYS, LOCAL_SAFE_THRESHOLD } from '../../src/localnet/up.js'
import { BIN } from '../helpers/cli.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { type RpcProxy, startRpcProxy } from '../helpers/rpc-proxy.js'

const keeper = privateKeyToAccount(LOCAL_KEYS.outsider)
const PAIR = 'cUSDT/cXAUC'
const poolAbi = parseAbi(['function sellBase(address to) returns (uint256)'])
type Ev = Json<KeeperEvent>

/** Waits (polling) until `pred` holds; the test asserts on what happened, never on how long it took. */
async function until(pred: () => boolean | Promise<boolean>, what: string, ms = 30_000) {
  const end = Date.now() + ms
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('keeper faults on the localnet (blocks mined by hand): nothing executes twice', () => {
  let net: TestLocalnet
  let chain: ChainSettings
  let url: string
  const pub = () => createPublicClient({ transport: http(url), cacheTime: 0 })
  const mine = () => rpc(url, 'evm_mine')
  const keeperTxs = () => pub().getTransactionCount({ address: keeper.address })
  /** `vault keeper run <args>` as a child, its JSON event lines collected as they come. */
  const spawnKeeper = (args: string[]) => {
    const events: Ev[] = []
    let buf = ''
    const child: ChildProcess = spawn(process.execPath, [BIN, 'keeper', 'run', ...args], {
      env: {
        ...process.env,
        VAULT_CONFIG_DIR: net.configDir,
        VAULT_PRIVATE_KEY: LOCAL_KEYS.outsider,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stderr!.on('data', (d) => {
      buf += d
      const lines = buf.split('\n')
      buf = lines.pop() ?? ''
      for (const l of lines) if (l.startsWith('{')) events.push(JSON.parse(l))
    })
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
    return { child, events, exited }
  }

  /** 20,000 cUSDT sold into the pool (mined), then enough blocks for the rule to call for a correction. */
  async function shock() {
    const market = createWalletClient({ account: privateKeyToAccount(LOCAL_KEYS.deployer), transport: http(url) })
    const pool = chain.pools[PAIR] as Address
    for (const [to, data] of [
      [
        chain.tokens.cUSDT,
        encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool, parseUnits('20000', 6)] }),
      ],
      [pool, encodeFunctionData({ abi: poolAbi, functionName: 'sellBase', args: [market.account.address] })],
    ] as const) {
      await market.sendTransaction({ chain: null, to, data })
      await mine()
    }
    for (let n = 0; n < 6; n++) await mine()
  }

  /** Every transaction the keeper key ever sent is a mined, successful Stabilizer call, one per 'sent' event. */
  async function eachSentOnce(sent: Hex[]) {
    expect(new Set(sent).size).toBe(sent.length)
    expect(await keeperTxs()).toBe(sent.length)
    for (const hash of sent) {
      const r = await pub().getTransactionReceipt({ hash })
      expect(r.status).toBe('success')
      expect(r.to?.toLowerCase()).toBe(chain.contracts.stabilizer.toLowerCase())
    }
  }

  beforeAll(async () => {
    net = await sharedLocalnet()
    const profile = await net.profile()
    chain = profile.chains['138']
    url = chain.rpcUrls[0]
    const deployer = createWalletClient({
      account: privateKeyToAccount(LOCAL_KEYS.deployer),
      transport: http(url),
    })
    await execThroughSafe(pub(), {
      wallet: deployer,
      safe: { safe: profile.safe.address, ownerKeys: LOCAL_KEYS.owners, threshold: LOCAL_SAFE_THRESHOLD },
      calls: [
        {
          to: chain.contracts.stabilizer,
          data: encodeFunctionData({ abi: stabilizerAbi, functionName: 'setKeeper', args: [keeper.address, true] }),
        },
      ],
    })
    await rpc(url, 'evm_setAutomine', [false])
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('RPC down and back: the keeper logs the outage, resumes at the new head, and its transaction counts once', async () => {
    const proxy: RpcProxy = await startRpcProxy(url)
    const stop = new AbortController()
    const events: Ev[] = []
    const client = createVaultClient({
      chainId: 138,
      rpcUrls: [proxy.url],
      deployment: chain,
      timeoutMs: 2_000,
      retries: 0,
      retryDelayMs: 0,
    })
    const run = runKeeperDaemon({
      account: keeper,
      chains: [{ client, stabilizer: chain.contracts.stabilizer }],
      pools: [PAIR],
      intervalMs: 50,
      signal: stop.signal,
      tipWei: parseGwei('1'),
      onEvent: (e) => events.push(e as Ev),
    })
    try {
      await until(() => events.some((e) => e.kind === 'block'), 'the first judged block')
      // the RPC goes down (connections reset); the pool is shocked and the rule comes due meanwhile
      proxy.inject({ kind: 'reset' })
      await shock()
      await until(() => events.some((e) => e.kind === 'error'), 'the outage to be noticed')
      expect(events.some((e) => e.kind === 'sent')).toBe(false)
      const downTo = await pub().getBlockNumber()
      proxy.clear()
      await mine()
      await until(() => events.some((e) => e.kind === 'sent'), 'the correction after the RPC came back')
      const first = events.find((e) => e.kind === 'sent')!
      expect(BigInt(first.block)).toBeGreaterThanOrEqual(downTo) // decided at the newest head once it answered
      // down again while the correction is in flight; it is mined meanwhile
      proxy.inject({ kind: 'reset' })
      const errorsBefore = events.filter((e) => e.kind === 'error').length
      await mine()
      await until(() => events.filter((e) => e.kind === 'error').length > errorsBefore, 'the second outage')
      proxy.clear()
      await mine()
      await until(() => events.some((e) => e.kind === 'executed'), 'the in-flight correction settled')
    } finally {
      stop.abort()
      await run
      await proxy.close()
    }
    const sent = events.filter((e) => e.kind === 'sent').map((e) => e.txHash as Hex)
    const executed = events.filter((e) => e.kind === 'executed').map((e) => e.txHash as Hex)
    expect(executed).toEqual(sent.slice(0, executed.length))
    expect(events.some((e) => e.kind === 'failed')).toBe(false)
    await mine()
    await eachSentOnce(sent)
  })

  it('SIGTERM while a transaction is in flight: the restarted keeper waits for it and sends nothing for it again', async () => {
    const before = await keeperTxs()
    // MIN_BLOCKS after the last correction, and a fresh shock: the rule is due again
    await shock()
    const args = ['--chain', '138', '--pool', PAIR, '--json', '--interval', '50']
    const a = spawnKeeper(args)
    await until(() => a.events.some((e) => e.kind === 'sent'), 'the first run to send its correction')
    const inFlight = a.events.find((e) => e.kind === 'sent')!.txHash as Hex
    a.child.kill('SIGTERM')
    expect(await a.exited).toBe(0)
    expect(await keeperTxs()).toBe(before) // not mined: still in the node's pool

    const b = spawnKeeper(args)
    try {
      await until(() => b.events.some((e) => e.kind === 'block'), 'the restarted keeper to judge the head')
      expect(b.events.some((e) => e.kind === 'sent')).toBe(false)
      await mine()
      const mined = await pub().getTransactionReceipt({ hash: inFlight })
      expect(mined.status).toBe('success')
      await until(
        () => b.events.some((e) => e.kind === 'block' && BigInt(e.block) >= mined.blockNumber),
        'the restarted keeper to judge the block the correction landed in',
      )
      // the correction landed; MIN_BLOCKS keeps the next one back, so nothing new is due in this block
      expect(b.events.some((e) => e.kind === 'sent')).toBe(false)
    } finally {
      b.child.kill('SIGTERM')
      expect(await b.exited).toBe(0)
    }
    expect(await keeperTxs()).toBe(before + 1)
  })
  it('a ws:// RPC URL: the keeper takes each new head from the subscription (its polling interval never elapses)', async () => {
    const ws = url.replace(/^http:/, 'ws:')
    // ten minutes between polls: only a subscription can deliver the blocks mined below
    const { child, events, exited } = spawnKeeper([
      '--chain',
      '138',
      '--rpc-url',
      `138=${ws}`,
      '--json',
      '--interval',
      '600000',
    ])
    try {
      // the current head is judged at start, before any block is mined
      await until(() => events.some((e) => e.kind === 'block'), 'the current head, read at start')
      const first = BigInt(events.find((e) => e.kind === 'block')!.block)
      expect(first).toBe(await pub().getBlockNumber())
      await until(async () => {
        // the subscription may not be open yet when the first head is judged: a block mined before it is missed
        if (events.some((e) => e.kind === 'block' && BigInt(e.block) > first)) return true
        await mine()
        await new Promise((r) => setTimeout(r, 200))
        return false
      }, 'a block from the subscription')
      const from = BigInt(events.filter((e) => e.kind === 'block').at(-1)!.block)
      for (let n = 1n; n <= 3n; n++) {
        await mine()
        await until(
          () => events.some((e) => e.kind === 'block' && BigInt(e.block) === from + n),
          `block ${from + n} from the subscription`,
        )
      }
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    const judged = events.filter((e) => e.kind === 'block').map((e) => BigInt(e.block))
    expect(judged.slice(-3)).toEqual([judged.at(-3)!, judged.at(-3)! + 1n, judged.at(-3)! + 2n])
    expect(events.some((e) => e.kind === 'error')).toBe(false)
  })
})
