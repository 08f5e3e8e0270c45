#!/usr/bin/env node
// How many RPC round trips `vault pools list` costs per chain, for 4 pools and for 40 pools.
// A counting proxy sits in front of a local chain; the count must not grow with the number of pools.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createPublicClient, createWalletClient, encodeFunctionData, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cfg = mkdtempSync(join(tmpdir(), 'vault-bench-'))
const env = { ...process.env, VAULT_CONFIG_DIR: cfg, NO_COLOR: '1' }
const cli = (args) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/run.js'), ...args], { env, encoding: 'utf8' })
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

const [p1, p2] = [await port(), await port()]
cli(['localnet', 'up', '--port-138', String(p1), '--port-651940', String(p2), '--json'])
try {
  const settings = JSON.parse(cli(['config', 'show', '--json'])).settings.chains['138']
  const upstream = settings.rpcUrls[0]
  const art = JSON.parse(readFileSync(join(root, 'build/contracts.json'), 'utf8'))
  const account = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
  const pub = createPublicClient({ transport: http(upstream) })
  const wallet = createWalletClient({ account, transport: http(upstream), chain: null })
  // an integration owned by the bench key, so it can create as many pools as it likes
  const hash = await wallet.deployContract({
    abi: art.VaultPMMIntegration.abi,
    bytecode: art.VaultPMMIntegration.bytecode,
    args: [account.address, settings.contracts.poolImplementation, settings.tokens.cUSDT, settings.tokens.cUSDC],
  })
  const integration = (await pub.waitForTransactionReceipt({ hash })).contractAddress
  cli(['config', 'set', 'chains.138.contracts.integration', integration])
  // only the new integration's pools count: drop the localnet's known pools from the profile
  const profile = JSON.parse(readFileSync(join(cfg, 'config.json'), 'utf8'))
  profile.profiles.local.chains['138'].pools = {}
  profile.profiles.local.chains['138'].privatePools = {}
  writeFileSync(join(cfg, 'config.json'), JSON.stringify(profile))

  const tokens = Object.values(settings.tokens)
  let made = 0
  const createPools = async (n) => {
    let nonce = await pub.getTransactionCount({ address: account.address })
    const hashes = []
    for (let k = 0; k < n; k++, made++) {
      const base = tokens[made % tokens.length]
      const quote = tokens[(made + 1) % tokens.length]
      const data = encodeFunctionData({
        abi: art.VaultPMMIntegration.abi,
        functionName: 'createPoolAllowDuplicate',
        args: [base, quote, 3n * 10n ** 15n, 10n ** 18n, 10n ** 17n, true],
      })
      hashes.push(await wallet.sendTransaction({ to: integration, data, nonce: nonce++, gas: 1_000_000n }))
    }
    await Promise.all(hashes.map((h) => pub.waitForTransactionReceipt({ hash: h })))
  }

  let httpRequests = 0
  let rpcCalls = 0
  const proxy = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    httpRequests++
    const parsed = JSON.parse(body)
    rpcCalls += Array.isArray(parsed) ? parsed.length : 1
    const up = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    res.writeHead(up.status, { 'content-type': 'application/json' })
    res.end(await up.text())
  })
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r))
  const proxyUrl = `http://127.0.0.1:${proxy.address().port}`
  const measure = () => {
    httpRequests = 0
    rpcCalls = 0
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(root, 'bin/run.js'), 'pools', 'list', '--chain', '138', '--rpc-url', proxyUrl, '--json'],
        { env },
      )
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
      })
      child.on('close', (code) =>
        code === 0
          ? resolve({ pools: JSON.parse(out).length, httpRequests, rpcCalls })
          : reject(new Error(`pools list exited ${code}`)),
      )
    })
  }
  await createPools(4)
  const four = await measure()
  await createPools(36)
  const forty = await measure()
  proxy.close()
  for (const m of [four, forty])
    console.log(
      `pools list: ${m.pools} pools → ${m.httpRequests} HTTP round trips (${m.rpcCalls} JSON-RPC calls) on chain 138`,
    )
  const ratio = forty.httpRequests / four.httpRequests
  console.log(
    `round-trip ratio 40 vs 4 pools: ${ratio.toFixed(2)}x (must be 1.00x: reads are batched) ${ratio === 1 ? 'OK' : 'GROWS'}`,
  )
  if (ratio !== 1) process.exitCode = 1
} finally {
  cli(['localnet', 'down'])
  rmSync(cfg, { recursive: true, force: true })
}
