import { spawn } from 'node:child_process'
import { createPublicClient, createWalletClient, encodeFunctionData, erc20Abi, http, parseAbi, parseUnits } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { BIN } from '../helpers/cli.js'
import { rpc, startLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const poolAbi = parseAbi(['function sellBase(address to) returns (uint256)'])
const keeper = privateKeyToAccount(LOCAL_KEYS.outsider)

describe('vault keeper run on localnet', () => {
  let net: TestLocalnet
  let chain: any

  beforeAll(async () => {
    net = await startLocalnet()
    chain = (await net.profile()).chains['138']
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('refuses a key the Stabilizer does not accept (exit 3)', async () => {
    const r = await net.run(['keeper', 'run', '--max-blocks', '1', '--json'], {
      VAULT_PRIVATE_KEY: LOCAL_KEYS.outsider,
    })
    expect(r.code).toBe(3)
    expect(r.json().error.code).toBe('NOT_A_KEEPER')
    expect(r.stdout + r.stderr).not.toContain(LOCAL_KEYS.outsider.slice(2))
  })

  it('the Safe allows a keeper, which then restores the peg after a sustained shock and stops cleanly', async () => {
    const proposed = await net.run(['stabilizer', 'set-keeper', keeper.address, '--safe', '--yes', '--json'])
    expect(proposed.code, proposed.stdout + proposed.stderr).toBe(0)
    const file = proposed.json().proposal.file
    for (const key of [LOCAL_KEYS.owners[1], LOCAL_KEYS.owners[2]]) {
      expect((await net.run(['safe', 'sign', file, '--yes'], { VAULT_PRIVATE_KEY: key })).code).toBe(0)
    }
    expect((await net.run(['safe', 'execute', file, '--yes'], { VAULT_PRIVATE_KEY: LOCAL_KEYS.deployer })).code).toBe(0)

    const child = spawn(process.execPath, [BIN, 'keeper', 'run', '--json', '--interval', '100'], {
      env: { ...process.env, VAULT_CONFIG_DIR: net.configDir, VAULT_PRIVATE_KEY: LOCAL_KEYS.outsider, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const events: any[] = []
    let buf = ''
    child.stdout.on('data', (d) => {
      buf += d
      const lines = buf.split('\n')
      buf = lines.pop() ?? ''
      for (const l of lines) if (l) events.push(JSON.parse(l))
    })
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    const until = async (pred: () => boolean, what: string, step?: () => Promise<unknown>) => {
      for (let i = 0; i < 100 && !pred(); i++) {
        await step?.()
        await new Promise((r) => setTimeout(r, 150))
      }
      expect(pred(), what).toBe(true)
    }
    try {
      await until(() => events.some((e) => e.kind === 'idle'), 'keeper judged the head block')
      // a 7,500 cUSDT market sell in one block, then blocks go by
      const url = chain.rpcUrls[0]
      const market = createWalletClient({
        account: privateKeyToAccount(LOCAL_KEYS.deployer),
        transport: http(url),
      })
      const pub = createPublicClient({ transport: http(url) })
      const pool = chain.pools['cUSDT/cUSDC']
      const h1 = await market.sendTransaction({
        chain: null,
        to: chain.tokens.cUSDT,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool, parseUnits('7500', 6)] }),
      })
      await pub.waitForTransactionReceipt({ hash: h1 })
      const h2 = await market.sendTransaction({
        chain: null,
        to: pool,
        data: encodeFunctionData({ abi: poolAbi, functionName: 'sellBase', args: [market.account.address] }),
      })
      const shockBlock = (await pub.waitForTransactionReceipt({ hash: h2 })).blockNumber
      await until(
        () => events.some((e) => e.kind === 'executed'),
        'keeper executed a swap',
        () => rpc(url, 'anvil_mine', ['0x1']),
      )
      const exec = events.find((e) => e.kind === 'executed')
      // the rule waits for N = 3 completed out-of-band blocks, so it acts a few blocks after the shock, not at once
      expect(BigInt(exec.block) - shockBlock).toBeGreaterThanOrEqual(3n)
      expect(BigInt(exec.block) - shockBlock).toBeLessThanOrEqual(6n)
      expect(exec.tokenIn).toBe('cUSDC')
      // the first trade is capped by kPerBps × |TWAP deviation|; the keeper keeps going until the pool is in band
      let spot = Number.POSITIVE_INFINITY
      for (let i = 0; i < 40 && spot > 10; i++) {
        await rpc(url, 'anvil_mine', ['0x1'])
        await new Promise((r) => setTimeout(r, 200))
        const d = await net.run(['deviation', '--chain', '138', '--pool', 'cUSDT/cUSDC', '--json'])
        spot = Math.abs(Number(d.json().pools[0].spotDeviationBps))
      }
      expect(spot).toBeLessThanOrEqual(10)
      const blocks = events.filter((e) => e.kind === 'executed').map((e) => BigInt(e.block))
      for (let i = 1; i < blocks.length; i++) expect(blocks[i] - blocks[i - 1]).toBeGreaterThanOrEqual(3n) // MIN_BLOCKS
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
    const stop = events.at(-1)
    expect(stop.kind).toBe('stop')
    expect(stop.metrics.executions).toBeGreaterThanOrEqual(1)
    expect(BigInt(stop.metrics.volume.cUSDC)).toBeGreaterThan(0n)
  })
})
