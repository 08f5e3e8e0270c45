#!/usr/bin/env node
// Keeper reaction on an interval-mined chain: 20 shocks into cUSDT/cXAUC on a localnet mining a block a second;
// for each, the blocks between the first block the Stabilizer's rule allows a correction and the block the
// keeper's correction landed in. Goal: ≤ 1 for ≥ 95% of shocks. Prints figures; asserts nothing.
//   node scripts/bench-keeper.mjs [shocks]
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createPublicClient, createWalletClient, encodeFunctionData, erc20Abi, http, parseAbi, parseUnits } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const SHOCKS = Number(process.argv[2] ?? 20)
const PAIR = 'cUSDT/cXAUC'
const KEYS = {
  deployer: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  owners: [
    '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
    '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  ],
  keeper: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
}
const cfg = mkdtempSync(join(tmpdir(), 'vault-bench-keeper-'))
const env = { ...process.env, VAULT_CONFIG_DIR: cfg, NO_COLOR: '1' }
const cli = (args, extra = {}) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/run.js'), ...args], {
    env: { ...env, ...extra },
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`vault ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return r.stdout
}
const port = () =>
  new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port
      s.close(() => res(p))
    })
  })
const rpc = async (url, method, params = []) => {
  const r = await (
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
  ).json()
  if (r.error) throw new Error(`${method}: ${r.error.message}`)
  return r.result
}
const stabilizerAbi = parseAbi(['function checkDeviation(address pool) view returns (int256, bool)'])
const poolAbi = parseAbi([
  'function sellBase(address to) returns (uint256)',
  'function sellQuote(address to) returns (uint256)',
])

const [p1, p2] = [await port(), await port()]
cli(['localnet', 'up', '--port-138', String(p1), '--port-651940', String(p2), '--json'])
try {
  const chain = JSON.parse(cli(['config', 'show', '--json'])).settings.chains['138']
  const url = chain.rpcUrls[0]
  const keeper = privateKeyToAccount(KEYS.keeper).address
  const file = JSON.parse(cli(['stabilizer', 'set-keeper', keeper, '--chain', '138', '--safe', '--yes', '--json']))
    .proposal.file
  for (const k of KEYS.owners) cli(['safe', 'sign', file, '--yes'], { VAULT_PRIVATE_KEY: k })
  cli(['safe', 'execute', file, '--yes'], { VAULT_PRIVATE_KEY: KEYS.deployer })

  const pub = createPublicClient({ transport: http(url) })
  const market = createWalletClient({ account: privateKeyToAccount(KEYS.deployer), transport: http(url), chain: null })
  const pool = chain.pools[PAIR]
  const stabilizer = chain.contracts.stabilizer
  await rpc(url, 'evm_setAutomine', [false])
  await rpc(url, 'evm_setIntervalMining', [1])
  const latencies = []
  for (let n = 0; n < SHOCKS; n++) {
    const snap = await rpc(url, 'evm_snapshot')
    const child = spawn(
      process.execPath,
      [join(root, 'bin/run.js'), 'keeper', 'run', '--chain', '138', '--pool', PAIR, '--json', '--interval', '100'],
      {
        env: { ...env, VAULT_PRIVATE_KEY: KEYS.keeper },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    const events = []
    let buf = ''
    child.stderr.on('data', (d) => {
      buf += d
      const lines = buf.split('\n')
      buf = lines.pop() ?? ''
      for (const l of lines) if (l.startsWith('{')) events.push(JSON.parse(l))
    })
    const waitFor = async (pred, ms) => {
      for (let t = 0; t < ms / 50 && !pred(); t++) await new Promise((r) => setTimeout(r, 50))
      return pred()
    }
    await waitFor(() => events.some((e) => e.kind === 'block'), 30_000)
    // alternate the direction: sell cUSDT (price down), then buy it back (price up)
    const [token, amount, fn] =
      n % 2 === 0
        ? [chain.tokens.cUSDT, parseUnits('20000', 6), 'sellBase']
        : [chain.tokens.cXAUC, parseUnits('8', 6), 'sellQuote']
    const nonce = await pub.getTransactionCount({ address: market.account.address, blockTag: 'pending' })
    await market.sendTransaction({
      to: token,
      nonce,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool, amount] }),
    })
    const h2 = await market.sendTransaction({
      to: pool,
      nonce: nonce + 1,
      data: encodeFunctionData({ abi: poolAbi, functionName: fn, args: [market.account.address] }),
    })
    const shock = (await pub.waitForTransactionReceipt({ hash: h2, pollingInterval: 100 })).blockNumber
    const done = await waitFor(() => events.some((e) => e.kind === 'executed'), 60_000)
    child.kill('SIGINT')
    await new Promise((r) => child.on('close', r))
    if (!done) {
      console.log(`shock ${n + 1}: no execution within 60 s`)
    } else {
      const exec = BigInt(events.find((e) => e.kind === 'executed').block)
      let first = shock
      while (first < exec) {
        const [, due] = await pub.readContract({
          address: stabilizer,
          abi: stabilizerAbi,
          functionName: 'checkDeviation',
          args: [pool],
          blockNumber: first,
        })
        if (due) break
        first++
      }
      latencies.push(Number(exec - first))
      console.log(
        `shock ${n + 1}: shock block ${shock}, rule allows from ${first}, executed in ${exec} → ${exec - first} block(s)`,
      )
    }
    await rpc(url, 'evm_revert', [snap])
  }
  const within = latencies.filter((l) => l <= 1).length
  const sorted = [...latencies].sort((a, b) => a - b)
  console.log(
    `keeper reaction over ${latencies.length} shocks: p50 ${sorted[Math.floor(sorted.length / 2)]}, worst ${sorted.at(-1)} blocks; ≤ 1 block in ${within}/${latencies.length} (${((100 * within) / Math.max(1, latencies.length)).toFixed(0)}%, goal ≥ 95%)`,
  )
} finally {
  cli(['localnet', 'down'])
  rmSync(cfg, { recursive: true, force: true })
}
