// Every state-changing command stops at its confirmation: run without --yes and without a terminal it is refused
// with CONFIRMATION_REQUIRED (exit 3) after its own checks and simulation, and nothing is signed, sent or written —
// no account's nonce moves on either chain, no Safe nonce moves, no proposal file and no profile changes. The list of
// commands comes from the manifest: a new command that takes --yes and has no case here fails the first test.
// Confirmed with --yes through an RPC that rate-limits after the chain-id check, each is exit 4 with nothing changed.

import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Abi, type Address, encodeFunctionData, type Hex, parseAbi, parseUnits } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stabilizerAbi, vaultOracleAbi } from '../../src/chain/abi/generated.js'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { SafeExportResult } from '../../src/commands/safe/export.js'
import type { SafeProposeResult } from '../../src/commands/safe/propose.js'
import type { SafeSignResult } from '../../src/commands/safe/sign.js'
import type { ChainKey, ChainSettings, Profile } from '../../src/config/schema.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { type RpcProxy, startRpcProxy } from '../helpers/rpc-proxy.js'

const [A, B, C] = LOCAL_KEYS.owners
const DEPLOYER = LOCAL_KEYS.deployer
const KEYS = [DEPLOYER, A, B, C, LOCAL_KEYS.outsider]
const as = (key: `0x${string}`) => ({ VAULT_PRIVATE_KEY: key })
const addr = (key: `0x${string}`) => privateKeyToAccount(key).address
const SOMEONE = '0x000000000000000000000000000000000000bEEF'
const erc20 = parseAbi([
  'function balanceOf(address) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function transfer(address to, uint256 amount) returns (bool)',
])
const bridgeAbi = parseAbi(['function bridgeOut(address token, uint256 amount, address recipient) returns (uint256)'])
const poolAbi = parseAbi(['function sellBase(address to) returns (uint256)'])
const safeNonceAbi = parseAbi(['function nonce() view returns (uint256)'])

describe('every command that takes --yes stops at the confirmation off a terminal', { timeout: 600_000 }, () => {
  let net: TestLocalnet
  let profile: Profile & { chains: Record<ChainKey, ChainSettings>; safe: { address: Address } }
  let outDir: string
  const { run, ok, outputs } = cliRunner(() => net)
  const url = (id: '138' | '651940') => `http://127.0.0.1:${net.ports[id]}`
  /** A transaction from `from` (impersonated when it is the Safe), mined at once. */
  const send = async (chain: '138' | '651940', from: Address, to: Address, data: `0x${string}`) => {
    const tx = { from, to, data, gas: '0x1e8480' }
    await rpc(url(chain), 'eth_call', [tx, 'latest']).catch((e) => {
      throw new Error(`set-up call to ${to} (${data.slice(0, 10)}) on ${chain}: ${e.message}`)
    })
    const hash = await rpc<Hex>(url(chain), 'eth_sendTransaction', [tx])
    let receipt = await rpc<{ status: Hex } | null>(url(chain), 'eth_getTransactionReceipt', [hash])
    for (let i = 0; !receipt && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 25))
      receipt = await rpc<{ status: Hex } | null>(url(chain), 'eth_getTransactionReceipt', [hash])
    }
    if (receipt?.status !== '0x1')
      throw new Error(
        `set-up transaction to ${to} (${data.slice(0, 10)}) on ${chain} failed: ${JSON.stringify(receipt)?.slice(0, 300)}`,
      )
  }
  const asSafe = async (chain: '138' | '651940', to: Address, data: `0x${string}`) => {
    const safe = profile.safe.address as Address
    await rpc(url(chain), 'anvil_impersonateAccount', [safe])
    await rpc(url(chain), 'anvil_setBalance', [safe, '0xde0b6b3a7640000'])
    await send(chain, safe, to, data)
    await rpc(url(chain), 'anvil_stopImpersonatingAccount', [safe])
  }
  const asDeployer = async (chain: '138' | '651940', to: Address, data: `0x${string}`) => {
    await rpc(url(chain), 'anvil_impersonateAccount', [addr(DEPLOYER)])
    await send(chain, addr(DEPLOYER), to, data)
    await rpc(url(chain), 'anvil_stopImpersonatingAccount', [addr(DEPLOYER)])
  }
  /** What "nothing signed, sent or written" means: nonces on both chains, the Safe's nonce, files, the profile. */
  const state = async () => {
    const out: unknown[] = []
    for (const chain of ['138', '651940'] as const) {
      for (const k of KEYS) out.push(await rpc(url(chain), 'eth_getTransactionCount', [addr(k), 'latest']))
      out.push(
        await rpc(url(chain), 'eth_call', [
          { to: profile.safe.address, data: encodeFunctionData({ abi: safeNonceAbi, functionName: 'nonce' }) },
          'latest',
        ]),
      )
    }
    const dir = join(net.configDir, 'proposals')
    const files = existsSync(dir) ? readdirSync(dir).sort() : []
    const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')
    return { out, files: files.map((f) => [f, hash(join(dir, f))]), config: hash(join(net.configDir, 'config.json')) }
  }

  let proposal: string
  let pendingNonce: string
  let exported: string
  const cases: Record<string, () => [string[], Record<string, string> | undefined]> = {
    'bridge:relay': () => [['bridge', 'relay', '--safe'], as(A)],
    'oracle:set': () => [['oracle', 'set', '--price', 'cEURT=1.0825', '--safe'], as(A)],
    'oracle:sync': () => [['oracle', 'sync', '--safe'], as(A)],
    'pools:add-liquidity': () => [
      ['pools', 'add-liquidity', 'cUSDT/cUSDC', '--base', '10', '--quote', '10'],
      as(DEPLOYER),
    ],
    'pools:create': () => [
      ['pools', 'create', '--base', 'cUSDT', '--quote', 'cEURT', '--base-amount', '1000', '--safe'],
      as(A),
    ],
    'pools:mesh': () => [['pools', 'mesh', 'create', '--safe'], as(A)],
    'reserve:rebalance': () => [['reserve', 'rebalance', '--safe'], as(A)],
    'safe:approve': () => [['safe', 'approve', proposal], as(C)],
    'safe:deploy': () => [
      ['safe', 'deploy', '--owners', [A, B, C].map(addr).join(','), '--threshold', '2'],
      as(DEPLOYER),
    ],
    'safe:execute': () => [['safe', 'execute', proposal], as(A)],
    'safe:import': () => [['safe', 'import', exported], as(A)],
    'safe:propose': () => [
      [
        'safe',
        'propose',
        '--to',
        profile.chains['138'].contracts.stabilizer,
        '--call',
        'setKeeper(address,bool)',
        SOMEONE,
        'true',
      ],
      as(A),
    ],
    'safe:reject': () => [['safe', 'reject', pendingNonce], as(A)],
    'safe:sign': () => [['safe', 'sign', proposal], as(C)],
    'stabilizer:add-pool': () => [['stabilizer', 'add-pool', '--pool', 'cEURT/cXAUC', '--safe'], as(A)],
    'stabilizer:pause': () => [['stabilizer', 'pause', '--safe'], as(A)],
    'stabilizer:rebalance-mesh': () => [['stabilizer', 'rebalance-mesh', '--leg', 'cUSDT/cXAUC', '--safe'], as(A)],
    'stabilizer:remove-pool': () => [['stabilizer', 'remove-pool', '--pool', 'cUSDC/cXAUC', '--safe'], as(A)],
    'stabilizer:set-guardian': () => [['stabilizer', 'set-guardian', SOMEONE, '--safe'], as(A)],
    'stabilizer:set-keeper': () => [['stabilizer', 'set-keeper', SOMEONE, '--safe'], as(A)],
    'stabilizer:set-params': () => [
      ['stabilizer', 'set-params', '--pool', 'cUSDT/cUSDC', '--threshold-bps', '25', '--safe'],
      as(A),
    ],
    'stabilizer:swap': () => [['stabilizer', 'swap', '--pool', 'cUSDT/cUSDC', '--safe'], as(A)],
    'stabilizer:unpause': () => [['stabilizer', 'unpause', '--chain', '651940', '--safe'], as(A)],
  }

  const proxies: RpcProxy[] = []

  beforeAll(async () => {
    net = await sharedLocalnet()
    proxies.push(await startRpcProxy(url('138')), await startRpcProxy(url('651940')))
    profile = await net.profile()
    outDir = mkdtempSync(join(tmpdir(), 'vault-confirm-'))
    const c138 = profile.chains['138']
    const alltra = profile.chains['651940']
    const stabilizer = c138.contracts.stabilizer as Address
    const safe = profile.safe.address as Address
    const call = (abi: Abi, functionName: string, args: unknown[] = []) =>
      encodeFunctionData({ abi, functionName, args } as never)
    // bridge relay: a transfer out of 138 waits for its bridgeIn on Alltra
    const amount = parseUnits('1000', 6)
    await asDeployer('138', c138.tokens.cUSDT, call(erc20, 'approve', [c138.contracts.bridgeReserve, amount]))
    await asDeployer(
      '138',
      c138.contracts.bridgeReserve,
      call(bridgeAbi, 'bridgeOut', [c138.tokens.cUSDT, amount, SOMEONE]),
    )
    // oracle sync: Alltra's gold price differs from 138's; rebalance-mesh: 138's gold moved, so its legs are off
    const gold = 2650n * 10n ** 18n
    await asSafe(
      '651940',
      alltra.contracts.oracle,
      call(vaultOracleAbi, 'setPrice', [alltra.tokens.cXAUC, (gold * 101n) / 100n]),
    )
    await asSafe(
      '138',
      c138.contracts.oracle,
      call(vaultOracleAbi, 'setPrice', [c138.tokens.cXAUC, (gold * 102n) / 100n]),
    )
    // reserve rebalance: the Stabilizer's cUSDT goes back to the Safe, so bucket B is short
    const balance = call(erc20, 'balanceOf', [stabilizer])
    const held = BigInt(await rpc(url('138'), 'eth_call', [{ to: c138.tokens.cUSDT, data: balance }, 'latest']))
    await asSafe('138', stabilizer, call(stabilizerAbi, 'withdraw', [c138.tokens.cUSDT, safe, held]))
    // add-pool: cEURT/cXAUC is taken off the registry; pools mesh create: one leg's admin is back with the
    // integration (the hand-over is the step it lacks); unpause: Alltra's Stabilizer is paused
    await asSafe('138', stabilizer, call(stabilizerAbi, 'removePool', [c138.pools['cEURT/cXAUC']]))
    await asSafe(
      '138',
      stabilizer,
      call(stabilizerAbi, 'setLegAdmin', [c138.privatePools.cEURT, c138.contracts.integration]),
    )
    await asSafe('651940', alltra.contracts.stabilizer, call(stabilizerAbi, 'pause'))
    // stabilizer swap: 20,000 cUSDT sold into cUSDT/cUSDC, then enough blocks for the rule
    const pool = c138.pools['cUSDT/cUSDC']
    await asDeployer('138', c138.tokens.cUSDT, call(erc20, 'transfer', [pool, parseUnits('20000', 6)]))
    await asDeployer('138', pool, call(poolAbi, 'sellBase', [addr(DEPLOYER)]))
    await rpc(url('138'), 'anvil_mine', ['0x10'])
    // the Safe commands: a proposal signed by A and B (at threshold), exported for the Transaction Builder
    const p = await ok<SafeProposeResult>(
      ['safe', 'propose', '--to', stabilizer, '--call', 'setKeeper(address,bool)', SOMEONE, 'true', '--yes'],
      as(A),
    )
    proposal = p.file
    pendingNonce = String(p.nonce)
    await ok<SafeSignResult>(['safe', 'sign', proposal, '--yes'], as(B))
    exported = join(outDir, 'batch.json')
    await ok<SafeExportResult>(['safe', 'export', proposal, '--out', exported])
  })
  afterAll(async () => {
    for (const o of outputs) for (const k of KEYS) expect(o).not.toContain(k.slice(2))
    rmSync(outDir, { recursive: true, force: true })
    for (const p of proxies) await p.close()
    await net?.stop()
  })

  it('has a case for every command with a --yes flag', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../oclif.manifest.json'), 'utf8'))
    const confirming = Object.entries(manifest.commands as Record<string, { flags: Record<string, unknown> }>)
      .filter(([, c]) => 'yes' in c.flags)
      .map(([id]) => id)
      .sort()
    expect(confirming).toEqual(Object.keys(cases).sort())
  })

  for (const id of Object.keys(cases)) {
    it(id.replace(':', ' '), async () => {
      const [args, env] = cases[id]()
      const before = await state()
      const r = await run(args, env)
      expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(3)
      expect(r.json<ErrorEnvelope>().error.code, r.stdout).toBe('CONFIRMATION_REQUIRED')
      expect(await state()).toEqual(before)
    })
  }

  // The same commands, confirmed (--yes), through a node that passes the chain-id and code checks and then rate-limits
  // every request: a transport fault (exit 4) before anything is signed, sent or written — never a revert, never bad input.
  for (const id of Object.keys(cases)) {
    it(`${id.replace(':', ' ')} --yes, RPC rate-limited after the chain-id check: exit 4, nothing changed`, async () => {
      const [args, env] = cases[id]()
      const through = ['--rpc-url', `138=${proxies[0].url}`, '--rpc-url', `651940=${proxies[1].url}`]
      const before = await state()
      // the chain-id and code checks pass: the fault lands on the command's own reads, simulation and sends
      const deeper = (c: { method: string }) => c.method !== 'eth_chainId' && c.method !== 'eth_getCode'
      for (const p of proxies) p.inject({ kind: 'status', status: 429, match: deeper })
      const r = await run([...args, '--yes', ...through], env).finally(() => {
        for (const p of proxies) p.clear()
      })
      expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(4)
      expect(await state()).toEqual(before)
    })
  }
})
