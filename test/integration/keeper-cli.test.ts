import { spawn } from 'node:child_process'
import { createPublicClient, createWalletClient, encodeFunctionData, erc20Abi, http, parseAbi, parseUnits } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { BIN } from '../helpers/cli.js'
import { jsonLines } from '../helpers/json-lines.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const poolAbi = parseAbi(['function sellBase(address to) returns (uint256)'])
const keeper = privateKeyToAccount(LOCAL_KEYS.outsider)
/** Blocks from the shock to the keeper's first swap when every block is judged before the next (see below). */
const KEEPER_FIRST_SWAP_DELAY = 4n

/** One NDJSON line of `vault keeper run --json` (bigints as decimal strings). */
interface KeeperLine {
  kind: 'start' | 'idle' | 'skipped' | 'executed' | 'error' | 'stop'
  block?: string
  tokenIn?: string
  metrics?: { executions: number; volume: Record<string, string> }
}

describe('vault keeper run on localnet', () => {
  let net: TestLocalnet
  let chain: any

  beforeAll(async () => {
    net = await sharedLocalnet()
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
    const out = jsonLines<KeeperLine>(child)
    const events = out.items
    const url = chain.rpcUrls[0]
    const pub = createPublicClient({ transport: http(url), cacheTime: 0 }) // every head read goes to the node
    // Blocks are driven by the test, never by the clock: after every block, wait until the keeper has judged the
    // head (and, when it swapped, the block holding its swap) before the next block is mined. So the block in which
    // the keeper acts is exact however slow the machine is.
    const judged = (e: KeeperLine) =>
      e.kind === 'executed' ? BigInt(e.block ?? 0) - 1n : e.block === undefined ? -1n : BigInt(e.block)
    const settled = async () => {
      for (;;) {
        const head = await pub.getBlockNumber()
        await out.until((es) => es.some((e) => judged(e) >= head), `the keeper judged block ${head}`)
        if ((await pub.getBlockNumber()) === head) return
      }
    }
    const mineOne = async () => {
      await rpc(url, 'anvil_mine', ['0x1'])
      await settled()
    }
    try {
      await settled()
      // a 7,500 cUSDT market sell in one block, then blocks go by one at a time
      const market = createWalletClient({ account: privateKeyToAccount(LOCAL_KEYS.deployer), transport: http(url) })
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
      await settled()
      for (let n = 0; n < 20 && !events.some((e) => e.kind === 'executed'); n++) await mineOne()
      const exec = events.find((e) => e.kind === 'executed')
      expect(
        exec,
        `the keeper swapped within 20 blocks of the shock (block ${shockBlock}): ${JSON.stringify(events)}\n${out.noise()}`,
      ).toBeDefined()
      // The rule wants the last N = 3 completed blocks out of band with one sign: the shock block S, S+1, S+2.
      // The keeper's check runs on the head H and counts only blocks before H, so it first passes at H = S+3 and
      // the swap it sends is mined in S+4: exactly, because no block is mined before the keeper has judged the head.
      expect(BigInt(exec!.block ?? 0) - shockBlock).toBe(KEEPER_FIRST_SWAP_DELAY)
      expect(exec!.tokenIn).toBe('cUSDC')
      // the first trade is capped by kPerBps × |TWAP deviation|; the keeper keeps going until the pool is in band
      let spot = Number.POSITIVE_INFINITY
      for (let i = 0; i < 40 && spot > 10; i++) {
        await mineOne()
        const d = await net.run(['deviation', '--chain', '138', '--pool', 'cUSDT/cUSDC', '--json'])
        spot = Math.abs(Number(d.json().pools[0].spotDeviationBps))
      }
      expect(spot).toBeLessThanOrEqual(10)
      const blocks = events.filter((e) => e.kind === 'executed').map((e) => BigInt(e.block ?? 0))
      for (let i = 1; i < blocks.length; i++) expect(blocks[i]! - blocks[i - 1]!).toBeGreaterThanOrEqual(3n) // MIN_BLOCKS
    } finally {
      child.kill('SIGINT')
    }
    expect(await out.closed).toBe(0)
    const stop = events.at(-1)
    expect(stop?.kind).toBe('stop')
    expect(stop?.metrics?.executions).toBeGreaterThanOrEqual(1)
    expect(BigInt(stop?.metrics?.volume.cUSDC ?? 0)).toBeGreaterThan(0n)
  })
})
