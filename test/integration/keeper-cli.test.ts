import { type ChildProcess, spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  http,
  parseAbi,
  parseGwei,
  parseUnits,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stabilizerAbi } from '../../src/chain/abi/generated.js'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { KeeperRunResult } from '../../src/commands/keeper/run.js'
import type { Address, ChainSettings } from '../../src/config/schema.js'
import type { Json } from '../../src/core/format.js'
import type { AlertPayload } from '../../src/daemon/alerts.js'
import { nextBaseFee } from '../../src/daemon/sender.js'
import type { KeeperEvent } from '../../src/keeper/daemon.js'
import { execThroughSafe } from '../../src/localnet/claim.js'
import { LOCAL_KEYS, LOCAL_SAFE_THRESHOLD } from '../../src/localnet/up.js'
import { freePort } from '../helpers/anvil.js'
import { BIN } from '../helpers/cli.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const poolAbi = parseAbi(['function sellBase(address to) returns (uint256)'])
const keeper = privateKeyToAccount(LOCAL_KEYS.outsider)
const KEYS: string[] = [LOCAL_KEYS.outsider, LOCAL_KEYS.deployer, ...LOCAL_KEYS.owners]
const PAIR = 'cUSDT/cXAUC'
type Ev = Json<KeeperEvent>

describe('vault keeper run: the daemon on the localnet, blocks mined by hand', () => {
  let net: TestLocalnet
  let chain: ChainSettings
  let safeAddress: Address
  let url: string
  const outputs: string[] = []
  const run = async (args: string[]) => {
    const r = await net.run(args, { VAULT_PRIVATE_KEY: LOCAL_KEYS.outsider })
    outputs.push(r.stdout, r.stderr)
    return r
  }
  const pub = () => createPublicClient({ transport: http(url) })
  const keeperNonce = () => pub().getTransactionCount({ address: keeper.address })
  /** 20,000 cUSDT sold into cUSDT/cXAUC by the deployer (the market): the pool goes out of band. */
  const sell20k = async () => {
    const market = createWalletClient({ account: privateKeyToAccount(LOCAL_KEYS.deployer), transport: http(url) })
    const pool = chain.pools[PAIR]
    for (const [to, data] of [
      [
        chain.tokens.cUSDT,
        encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool, parseUnits('20000', 6)] }),
      ],
      [pool, encodeFunctionData({ abi: poolAbi, functionName: 'sellBase', args: [market.account.address] })],
    ] as const)
      await pub().waitForTransactionReceipt({
        hash: await market.sendTransaction({ chain: null, to, data }),
        pollingInterval: 50,
      })
  }
  const highFee = () => rpc(url, 'anvil_setNextBlockBaseFeePerGas', [`0x${parseGwei('1000').toString(16)}`])

  beforeAll(async () => {
    net = await sharedLocalnet()
    const profile = await net.profile()
    chain = profile.chains['138']
    safeAddress = profile.safe.address
    url = chain.rpcUrls[0]
  })
  afterAll(async () => {
    for (const o of outputs) for (const k of KEYS) expect(o).not.toContain(k.slice(2))
    await net?.stop()
  })

  it('refuses a key the Stabilizer does not accept (exit 3, NOT_A_KEEPER), nothing sent', async () => {
    const r = await run(['keeper', 'run', '--once', '--chain', '138', '--json'])
    expect(r.code).toBe(3)
    expect(r.json<ErrorEnvelope>().error.code).toBe('NOT_A_KEEPER')
    expect(await keeperNonce()).toBe(0)
  })

  it('sends nothing while the base fee is above the cap; alerts once per episode; restores the pool after', async () => {
    // the Safe makes the key a keeper, in-process (2 of 3 owners): set-up here; `stabilizer set-keeper --safe` and
    // the Safe commands have their own tests
    await execThroughSafe(pub(), {
      wallet: createWalletClient({ account: privateKeyToAccount(LOCAL_KEYS.deployer), transport: http(url) }),
      safe: { safe: safeAddress, ownerKeys: LOCAL_KEYS.owners, threshold: LOCAL_SAFE_THRESHOLD },
      calls: [
        {
          to: chain.contracts.stabilizer,
          data: encodeFunctionData({ abi: stabilizerAbi, functionName: 'setKeeper', args: [keeper.address, true] }),
        },
      ],
    })

    const idle = await run(['keeper', 'run', '--once', '--chain', '138', '--json'])
    expect(idle.code, idle.stderr).toBe(0)
    expect(idle.json<KeeperRunResult>().executions).toBe(0)

    // 20,000 cUSDT sold into cUSDT/cXAUC, then blocks with a base fee ten times the Stabilizer's cap
    await sell20k()
    for (let n = 0; n < 6; n++) {
      await highFee()
      await rpc(url, 'evm_mine')
    }
    await highFee()
    const blocked = await run(['keeper', 'run', '--once', '--chain', '138', '--pool', PAIR, '--json'])
    expect(blocked.code, blocked.stderr).toBe(2)
    expect(blocked.stderr).toContain('"reason":"gas_above_cap"')
    expect(await keeperNonce()).toBe(0)

    // the daemon, with metrics and a webhook
    const alerts: AlertPayload[] = []
    const hook: Server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        alerts.push(JSON.parse(body))
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
    const metricsPort = await freePort()
    const events: Ev[] = []
    let stdout = ''
    const child: ChildProcess = spawn(
      process.execPath,
      [
        BIN,
        'keeper',
        'run',
        '--chain',
        '138',
        '--json',
        '--interval',
        '50',
        '--metrics-port',
        String(metricsPort),
        '--alert-webhook',
        `http://127.0.0.1:${(hook.address() as { port: number }).port}/`,
        '--gas-alert-blocks',
        '3',
      ],
      {
        env: { ...process.env, VAULT_CONFIG_DIR: net.configDir, VAULT_PRIVATE_KEY: LOCAL_KEYS.outsider, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let buf = ''
    child.stderr?.on('data', (d) => {
      buf += d
      const lines = buf.split('\n')
      buf = lines.pop() ?? ''
      for (const l of lines) {
        outputs.push(l)
        if (l.startsWith('{')) events.push(JSON.parse(l))
      }
    })
    child.stdout?.on('data', (d) => (stdout += d))
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    // event-driven: wait for the daemon to have judged block `h` (no clock in the assertions)
    const judged = async (h: bigint) => {
      for (let i = 0; i < 2000; i++) {
        if (events.some((e) => e.kind === 'block' && BigInt(e.block) >= h)) return
        if (child.exitCode !== null) throw new Error(`keeper exited: ${buf}`)
        await new Promise((r) => setTimeout(r, 25))
      }
      throw new Error(`keeper never judged block ${h}`)
    }
    const mine = async (high: boolean) => {
      if (high) await highFee()
      else await rpc(url, 'anvil_setNextBlockBaseFeePerGas', [`0x${parseGwei('1').toString(16)}`])
      await rpc(url, 'evm_mine')
      await judged(await pub().getBlockNumber())
    }
    try {
      await judged(await pub().getBlockNumber())
      for (let n = 0; n < 10; n++) await mine(true)
      expect(events.filter((e) => e.kind === 'sent')).toEqual([])
      expect(await keeperNonce()).toBe(0)
      expect(events.filter((e) => e.kind === 'skipped' && e.reason === 'gas_above_cap').length).toBeGreaterThanOrEqual(
        10,
      )

      const second = await run(['keeper', 'run', '--once', '--chain', '138', '--json'])
      expect(second.code).toBe(3)
      expect(second.json<ErrorEnvelope>().error.code).toBe('DAEMON_LOCKED')

      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
      expect(metrics).toMatch(/vault_skips_total\{chain="138",pool="cUSDT\/cXAUC",reason="gas_above_cap"\} \d+/)
      expect(metrics).toMatch(/vault_pool_deviation_bps\{chain="138",pool="cUSDT\/cXAUC"\} -\d+/)
      expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(200)

      // the base fee falls under the cap: the keeper corrects until the pool is back in band
      const inBand = () => {
        const last = events.findLast((e) => e.kind === 'block')
        return last?.pools.find((p: { pair: string }) => p.pair === PAIR)?.state === 'in-band'
      }
      for (let n = 0; n < 80 && !inBand(); n++) await mine(false)
      expect(inBand()).toBe(true)
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
    await new Promise((r) => hook.close(r))
    const summary = JSON.parse(stdout) as KeeperRunResult
    expect(summary.executions).toBeGreaterThanOrEqual(1)
    expect(summary.failures).toBe(0)
    expect(await keeperNonce()).toBe(summary.executions) // one transaction per execution, nothing else sent
    const episodes = (kind: string) =>
      alerts
        .filter((a) => a.kind === kind && a.labels.pool !== 'cUSDT/cUSDC' && (a.labels.pool ?? PAIR) === PAIR)
        .map((a) => a.status)
    expect(episodes('out_of_band')).toEqual(['firing', 'resolved'])
    expect(alerts.filter((a) => a.kind === 'gas_above_cap').map((a) => a.status)).toEqual(['firing', 'resolved'])
  })
  it('--legacy (and --priority-gas-price, the tip): the correction is a type-0 transaction at base fee + tip', async () => {
    // the previous case made this key a keeper; push the pool out of band again and let N blocks pass
    await sell20k()
    const base = parseGwei('1')
    for (let n = 0; n < 6; n++) {
      await rpc(url, 'anvil_setNextBlockBaseFeePerGas', [`0x${base.toString(16)}`])
      await rpc(url, 'evm_mine')
    }
    await rpc(url, 'anvil_setNextBlockBaseFeePerGas', [`0x${base.toString(16)}`])
    const before = await keeperNonce()
    // the keeper prices from the head it judges: its EIP-1559 prediction of the next base fee, plus the tip
    const predicted = nextBaseFee(await pub().getBlock())
    const r = await run([
      'keeper',
      'run',
      '--once',
      '--chain',
      '138',
      '--pool',
      PAIR,
      '--legacy',
      '--priority-gas-price',
      '2',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    const sent = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Ev)
      .filter((e) => e.kind === 'sent')
    expect(sent.length).toBe(1)
    expect(await keeperNonce()).toBe(before + 1)
    const t = await pub().getTransaction({ hash: sent[0].txHash })
    expect(t.type).toBe('legacy')
    expect(t.gasPrice).toBe(predicted + parseGwei('2'))
    const limits = await pub().readContract({
      address: chain.contracts.stabilizer,
      abi: stabilizerAbi,
      functionName: 'limits',
    })
    expect(t.gasPrice).toBeLessThanOrEqual(limits.maxGasPrice)
  })
})
