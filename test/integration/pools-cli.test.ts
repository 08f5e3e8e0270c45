import { readFileSync } from 'node:fs'
import { type Abi, type Address, createPublicClient, createWalletClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { PoolsCreateResult } from '../../src/commands/pools/create.js'
import type { PoolsListResult } from '../../src/commands/pools/list.js'
import type { MeshReport } from '../../src/commands/pools/mesh.js'
import type { PoolsQuoteResult } from '../../src/commands/pools/quote.js'
import type { PoolsShowResult } from '../../src/commands/pools/show.js'
import type { ChainSettings } from '../../src/config/schema.js'
import type { ErrorCode } from '../../src/core/errors.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const DEPLOYER = LOCAL_KEYS.deployer
const artifacts = () =>
  JSON.parse(readFileSync(new URL('../../build/contracts.json', import.meta.url), 'utf8')) as Record<
    string,
    { abi: unknown[]; bytecode: Hex }
  >

describe('pools commands on a localnet', () => {
  let net: TestLocalnet
  let chain: ChainSettings
  const account = privateKeyToAccount(DEPLOYER)
  const withKey = { VAULT_PRIVATE_KEY: DEPLOYER }

  beforeAll(async () => {
    net = await sharedLocalnet()
    chain = (await net.profile()).chains['138']
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('lists every pool with reserves and deviation; show gives full state and depth', async () => {
    const r = await net.run(['pools', 'list', '--chain', '138', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const rows = r.json<PoolsListResult>()
    const pub = rows
      .filter((p) => p.visibility === 'public')
      .map((p) => p.pair)
      .sort()
    expect(pub).toEqual(['cEURT/cXAUC', 'cUSDC/cXAUC', 'cUSDT/cUSDC', 'cUSDT/cXAUC'])
    expect(rows.filter((p) => p.visibility === 'private')).toHaveLength(3)
    for (const p of rows) {
      expect(BigInt(p.baseReserve)).toBeGreaterThan(0n)
      expect(BigInt(p.quoteReserve)).toBeGreaterThan(0n)
      expect(Math.abs(Number(p.deviationBps))).toBeLessThanOrEqual(1)
    }
    const show = await net.run(['pools', 'show', 'cUSDT/cUSDC', '--json'])
    expect(show.code, show.stderr).toBe(0)
    const s = show.json<PoolsShowResult>()
    expect(s.state.RName).toBe('ABOVE_ONE')
    expect(s.bucket).toBe('A')
    expect(BigInt(s.depth[0].sellBaseToLower ?? 0)).toBeGreaterThan(0n)
    expect(BigInt(s.depth[1].sellBaseToLower ?? 0)).toBeGreaterThan(BigInt(s.depth[0].sellBaseToLower ?? 0))
  })

  it('quotes agree with the contract from 1 unit to 50% of the reserve, both sides', async () => {
    const pool = (await net.run(['pools', 'show', 'cUSDT/cUSDC', '--json'])).json<PoolsShowResult>()
    const fmt = (units: bigint) => `${units / 1_000_000n}.${(units % 1_000_000n).toString().padStart(6, '0')}`
    const cases: [bigint, string][] = []
    for (const [reserve, sym] of [
      [BigInt(pool.baseReserve), 'cUSDT'],
      [BigInt(pool.quoteReserve), 'cUSDC'],
    ] as const) {
      for (const units of [1n, 7n, 1_000n, 123_457n, 10n ** 9n, reserve / 10n, reserve / 4n, reserve / 2n])
        cases.push([units, sym])
    }
    const results = await Promise.all(
      cases.map(([u, sym]) => net.run(['pools', 'quote', 'cUSDT/cUSDC', '--sell', fmt(u), sym, '--json'])),
    )
    results.forEach((r, n) => {
      expect(r.code, `${cases[n][0]} ${cases[n][1]}: ${r.stdout}${r.stderr}`).toBe(0)
      const q = r.json<PoolsQuoteResult>()
      expect(q.agree).toBe(true)
      expect(q.receive.offline).toBe(q.receive.onchain)
      expect(q.sell.amount).toBe(cases[n][0].toString())
    })
  })

  it('creates a pool with a key: seeded at the peg, registered, verified; refuses the duplicate, allows it when asked', async () => {
    // an integration and a Stabilizer owned by the deployer key, to exercise the direct-send path
    const url = chain.rpcUrls[0]
    const pub = createPublicClient({ transport: http(url) })
    const wallet = createWalletClient({ account, transport: http(url) })
    const deploy = async (name: string, args: unknown[]) => {
      const art = artifacts()[name]
      const hash = await wallet.deployContract({ chain: null, abi: art.abi as Abi, bytecode: art.bytecode, args })
      return (await pub.waitForTransactionReceipt({ hash })).contractAddress as Address
    }
    const integration = await deploy('VaultPMMIntegration', [
      account.address,
      chain.contracts.poolImplementation,
      chain.tokens.cUSDT,
      chain.tokens.cUSDC,
    ])
    const limits = { maxGasPrice: 10n ** 11n, maxOracleAge: 3600n, meshThresholdBps: 10n }
    const stabilizer = await deploy('Stabilizer', [account.address, chain.contracts.oracle, limits])
    const saved = { integration: chain.contracts.integration, stabilizer: chain.contracts.stabilizer }
    const set = (k: string, v: string) => net.run(['config', 'set', `chains.138.contracts.${k}`, v])
    expect((await set('integration', integration)).code).toBe(0)
    expect((await set('stabilizer', stabilizer)).code).toBe(0)
    try {
      const args = [
        'pools',
        'create',
        '--base',
        'cUSDT',
        '--quote',
        'cEURT',
        '--price',
        '0.925925',
        '--base-amount',
        '5000',
      ]
      const flags = ['--k', '0.05', '--fee', '0.1', '--yes', '--json']
      const r = await net.run([...args, ...flags], withKey)
      expect(r.code, r.stdout + r.stderr).toBe(0)
      const [created] = r.json<PoolsCreateResult>().pools
      expect(created.status).toBe('created')
      expect(created.stabilizer).toBe('registered')
      expect(created.recorded).toBe(true)
      expect(created.k).toBe('50000000000000000')
      expect(created.lpFeeRate).toBe('1000000000000000')
      expect(created.pool).toMatch(/^0x[0-9a-fA-F]{40}$/)
      // i is solved below the price so the vending machine opens at it
      expect(BigInt(created.i)).toBeLessThan(925_925_000_000_000_000n)
      expect(BigInt(created.offPegBps)).toBe(0n)
      const onChain = await pub.readContract({
        address: created.pool,
        abi: artifacts().VaultPMMPool.abi as Abi,
        functionName: 'getMidPrice',
      })
      expect(onChain).toBe(BigInt(created.midPrice))
      const registered = await pub.readContract({
        address: stabilizer,
        abi: artifacts().Stabilizer.abi as Abi,
        functionName: 'isPool',
        args: [created.pool],
      })
      expect(registered).toBe(true)
      expect((await net.profile()).chains['138'].pools['cUSDT/cEURT']).toBe(created.pool)
      expect(r.stdout + r.stderr).not.toContain(DEPLOYER.slice(2))
      const nonce = await pub.getTransactionCount({ address: account.address })
      const dup = await net.run([...args, ...flags], withKey)
      expect(dup.code).toBe(3)
      expect(dup.json<ErrorEnvelope>().error.code).toBe('POOL_EXISTS')
      expect(String(dup.json<ErrorEnvelope>().error.data?.pool).toLowerCase()).toBe(created.pool.toLowerCase())
      expect(await pub.getTransactionCount({ address: account.address })).toBe(nonce)
      const again = await net.run([...args, ...flags, '--allow-duplicate'], withKey)
      expect(again.code, again.stderr).toBe(0)
      expect(again.json<PoolsCreateResult>().pools[0].pool).not.toBe(created.pool)
      expect(again.json<PoolsCreateResult>().pools[0].recorded).toBe(false) // the profile keeps the first pool of the pair
    } finally {
      await set('integration', saved.integration)
      await set('stabilizer', saved.stabilizer)
    }
  })

  it('sending to an integration the key does not own is refused before anything is sent (exit 5)', async () => {
    const r = await net.run(
      ['pools', 'create', '--base', 'cUSDC', '--quote', 'cEURT', '--base-amount', '100', '--yes', '--json'],
      withKey,
    )
    expect(r.code).toBe(5)
    expect(r.json<ErrorEnvelope>().error.code).toBe('TX_WOULD_REVERT')
    expect(r.json<ErrorEnvelope>().error.message).toContain('NotAuthorized(')
  })

  it('bad input: clear errors, exit 3 (4 for the wrong chain), nothing sent', async () => {
    const pub = createPublicClient({ transport: http(chain.rpcUrls[0]) })
    const nonce = await pub.getTransactionCount({ address: account.address })
    const base = ['pools', 'create', '--base-amount', '100', '--yes', '--json']
    const cases: [string[], number, ErrorCode][] = [
      [[...base, '--base', 'cNOPE', '--quote', 'cUSDC', '--price', '1'], 3, 'TOKEN_UNKNOWN'],
      [[...base, '--base', 'cUSDT', '--quote', 'cUSDT', '--price', '1'], 3, 'TOKEN_SAME'],
      [[...base, '--base', 'cUSDT', '--quote', 'cEURT', '--price', '1', '--k', '1.5'], 3, 'PARAM_OUT_OF_RANGE'],
      [[...base, '--base', 'cUSDT', '--quote', 'cEURT', '--price', '-1'], 3, 'NUMBER_INVALID'],
      [[...base, '--base', 'cUSDT', '--quote', 'cEURT', '--price', '1', '--fee', '200'], 3, 'PARAM_OUT_OF_RANGE'],
      [['pools', 'show', chain.tokens.cUSDT, '--json'], 3, 'NOT_A_POOL'],
      [['pools', 'quote', chain.contracts.oracle, '--sell', '1', 'cUSDT', '--json'], 3, 'NOT_A_POOL'],
      [['pools', 'quote', 'cUSDT/cUSDC', '--sell', '0', 'cUSDT', '--json'], 3, 'AMOUNT_INVALID'],
      [['pools', 'quote', 'cUSDT/cUSDC', '--sell', '1', 'cEURT', '--json'], 3, 'TOKEN_NOT_IN_POOL'],
      [
        ['pools', 'list', '--chain', '138', '--rpc-url', (await net.profile()).chains['651940'].rpcUrls[0], '--json'],
        4,
        'CHAIN_MISMATCH',
      ],
    ]
    for (const [args, exit, code] of cases) {
      const r = await net.run(args, withKey)
      expect(r.code, `${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(exit)
      expect(r.json<ErrorEnvelope>().error.code).toBe(code)
    }
    expect(await pub.getTransactionCount({ address: account.address })).toBe(nonce)
  })

  it('shows the private mesh with triangulated parity', async () => {
    const r = await net.run(['pools', 'mesh', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const m = r.json<MeshReport>()
    expect(m.legs.map((l) => l.token).sort()).toEqual(['cEURT', 'cUSDC', 'cUSDT'])
    const usd = m.parity.find((p) => p.pair === 'cUSDT/cUSDC')
    expect(usd?.against).toBe('direct')
    expect(Math.abs(Number(usd?.parityGapBps))).toBeLessThanOrEqual(2)
    expect(m.missing).toEqual([])
    expect(m.ok).toBe(true)
    expect(m.legs.every((l) => l.withinBand && l.pegDeviationBps === '0')).toBe(true)
  })
})
