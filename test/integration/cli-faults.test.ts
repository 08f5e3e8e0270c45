// The CLI through a failing RPC (the fault proxy in front of each localnet chain; the chain-id check passes, what
// follows fails): every read command is exit 4 with a code, never a green "nothing found"; a sending command whose
// reply is lost finds its transaction mined, reports success and sends nothing twice.
import { readFileSync } from 'node:fs'
import { encodeFunctionData, parseAbi } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { PoolsAddLiquidityResult } from '../../src/commands/pools/add-liquidity.js'
import type { SafeExecuteResult } from '../../src/commands/safe/execute.js'
import type { SafeProposeResult } from '../../src/commands/safe/propose.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import type { CliResult } from '../helpers/cli.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { type Fault, type RpcProxy, startRpcProxy } from '../helpers/rpc-proxy.js'

const [A, B] = LOCAL_KEYS.owners
const DEPLOYER = LOCAL_KEYS.deployer
const OUTSIDER = LOCAL_KEYS.outsider
const KEYS = [DEPLOYER, A, B, OUTSIDER]
const as = (key: `0x${string}`) => ({ VAULT_PRIVATE_KEY: key })
const safeNonceAbi = parseAbi(['function nonce() view returns (uint256)'])

describe('the CLI through a failing RPC', { timeout: 600_000 }, () => {
  let net: TestLocalnet
  const proxies: RpcProxy[] = []
  const outputs: string[] = []
  const url = (id: '138' | '651940') => `http://127.0.0.1:${net.ports[id]}`
  /** Both chains through their proxies. */
  const through = () => ['--rpc-url', `138=${proxies[0].url}`, '--rpc-url', `651940=${proxies[1].url}`]
  const run = async (args: string[], env?: Record<string, string>): Promise<CliResult> => {
    const r = await net.run([...args, '--json'], env)
    outputs.push(r.stdout, r.stderr)
    return r
  }
  const nonceOf = async (key: `0x${string}`) =>
    BigInt(await rpc(url('138'), 'eth_getTransactionCount', [privateKeyToAccount(key).address, 'latest']))

  beforeAll(async () => {
    net = await sharedLocalnet()
    proxies.push(await startRpcProxy(url('138')), await startRpcProxy(url('651940')))
  })
  afterAll(async () => {
    for (const o of outputs) for (const k of KEYS) expect(o).not.toContain(k.slice(2))
    for (const p of proxies) await p.close()
    await net?.stop()
  })

  const reads = [
    ['deviation'],
    ['reserve', 'check'],
    ['pools', 'list'],
    ['pools', 'mesh'],
    ['stabilizer', 'pools'],
    ['oracle', 'show'],
    ['bridge', 'check'],
    ['status'],
  ]
  // the repro: the chain-id and code checks pass, then every eth_call is rate-limited (HTTP 429 or JSON-RPC
  // -32005), so a multicall that allowed failures would read "no data"; an HTML page answers every other request
  const onlyCalls = (c: { method: string }) => c.method === 'eth_call'
  const faults: Fault[] = [
    { kind: 'status', status: 429, match: onlyCalls },
    { kind: 'rpc-error', code: -32005, match: onlyCalls },
    { kind: 'html' },
  ]
  for (const fault of faults) {
    it(`every read command is exit 4 with a code when reads get ${fault.kind}`, async () => {
      for (const args of reads) {
        for (const p of proxies) p.inject(fault)
        const r = await run([...args, ...through()])
        for (const p of proxies) p.clear()
        expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(4)
        expect(['RPC_READ_FAILED', 'CHAIN_UNREACHABLE'], args.join(' ')).toContain(r.json<ErrorEnvelope>().error.code)
      }
      // and once the node answers again, the same commands are green on the fresh localnet
      for (const args of [
        ['pools', 'list'],
        ['oracle', 'show'],
        ['pools', 'mesh'],
      ]) {
        const r = await run([...args, ...through()])
        expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0)
      }
    })
  }

  it('pools add-liquidity: a lost reply is found mined; the run succeeds and sends each transaction once', async () => {
    const args = ['pools', 'add-liquidity', 'cUSDT/cUSDC', '--base', '10', '--quote', '10', '--yes', ...through()]
    const n0 = await nonceOf(DEPLOYER)
    const clean = await run(args, as(DEPLOYER))
    expect(clean.code, clean.stderr).toBe(0)
    const sent = (await nonceOf(DEPLOYER)) - n0
    expect(sent).toBeGreaterThan(0n)
    for (const skip of [0, 1]) {
      // the reply to the first (then the second) transaction is lost on its way back
      const before = await nonceOf(DEPLOYER)
      proxies[0].inject({ kind: 'lost-reply', skip })
      const r = await run(args, as(DEPLOYER))
      proxies[0].clear()
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0)
      expect((await nonceOf(DEPLOYER)) - before).toBe(sent)
      expect(r.json<PoolsAddLiquidityResult>().txHashes).toHaveLength(Number(sent))
    }
  })

  it('safe execute: a lost reply is found mined and reported executed, the Safe moves one nonce', async () => {
    const profile = await net.profile()
    const safe = profile.safe.address
    const stabilizer = profile.chains['138'].contracts.stabilizer
    const call = ['--call', 'setKeeper(address,bool)', '0x000000000000000000000000000000000000bEEF', 'true']
    const p = (await run(['safe', 'propose', '--to', stabilizer, ...call, '--yes'], as(A))).json<SafeProposeResult>()
    // a rate-limited node while an owner signs: a transport fault (exit 4), not a revert; nothing signed or written
    const unsigned = readFileSync(p.file, 'utf8')
    for (const px of proxies) px.inject({ kind: 'status', status: 429 })
    const limited = await run(['safe', 'sign', p.file, '--yes', ...through()], as(B))
    for (const px of proxies) px.clear()
    expect(limited.code, limited.stdout + limited.stderr).toBe(4)
    expect(readFileSync(p.file, 'utf8')).toBe(unsigned)
    for (const k of [A, B]) expect((await run(['safe', 'sign', p.file, '--yes'], as(k))).code).toBe(0)
    const safeNonce = async () =>
      BigInt(
        await rpc(url('138'), 'eth_call', [
          { to: safe, data: encodeFunctionData({ abi: safeNonceAbi, functionName: 'nonce' }) },
          'latest',
        ]),
      )
    const before = await safeNonce()
    const outsider = await nonceOf(OUTSIDER)
    proxies[0].inject({ kind: 'lost-reply' })
    const r = await run(['safe', 'execute', p.file, '--yes', ...through()], as(OUTSIDER))
    proxies[0].clear()
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0)
    expect(r.json<SafeExecuteResult>().transactionHash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(await safeNonce()).toBe(before + 1n)
    expect(await nonceOf(OUTSIDER)).toBe(outsider + 1n)
  })
})
