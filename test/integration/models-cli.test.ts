import { type Address, createPublicClient, createWalletClient, http, parseAbi, parseUnits } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { BridgeCheckResult } from '../../src/commands/bridge/check.js'
import type { LintResult } from '../../src/commands/lint.js'
import type { ReserveCantileverResult } from '../../src/commands/reserve/cantilever.js'
import type { ReserveCheckResult } from '../../src/commands/reserve/check.js'
import type { ReserveSizeResult } from '../../src/commands/reserve/size.js'
import type { ErrorCode } from '../../src/core/errors.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { freePort } from '../helpers/anvil.js'
import { runCli, tempConfigDir } from '../helpers/cli.js'
import { sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const DEPLOYER = LOCAL_KEYS.deployer
const abi = parseAbi([
  'function approve(address spender, uint256 amount) returns (bool)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function bridgeOut(address token, uint256 amount, address recipient) returns (uint256)',
  'function reserveOf(address token) view returns (uint256)',
  'function getPrice(address token) view returns (uint256 price, uint256 updatedAt)',
  'function sellBase(address to) returns (uint256)',
])

describe('sizing models without a chain', () => {
  const cfg = tempConfigDir()
  const run = (...args: string[]) => runCli(args, { configDir: cfg.dir })
  afterAll(() => cfg.cleanup())

  it('reserve size reproduces the spec: P = 10,000, T = 5 → 50,000; × 3 → 150,000', async () => {
    const [json, text] = await Promise.all([
      run('reserve', 'size', '--peak-outflow', '10000', '--window', '5', '--safety', '3', '--json'),
      run('reserve', 'size', '--peak-outflow', '10000', '--window', '5', '--safety', '3'),
    ])
    expect(json.code, json.stderr).toBe(0)
    const body = json.json<ReserveSizeResult>()
    expect(body).toMatchObject({
      peakOutflowPerMin: '10000',
      windowMin: '5',
      safety: '3',
      base: '50000',
      required: '150000',
    })
    expect(body.recommended).toEqual({ min: '150000', max: '250000' })
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/P × T\s+50,000\n/)
    expect(text.stdout).toMatch(/× 3 safety\s+150,000\n/)
  })

  it('keeps decimal inputs exact and splits a total into buckets that sum to it', async () => {
    const r = await run(
      'reserve',
      'size',
      '--peak-outflow',
      '2.5',
      '--window',
      '2.5',
      '--safety',
      '3.5',
      '--total',
      '1000000.01',
      '--json',
    )
    expect(r.code, r.stderr).toBe(0)
    const body = r.json<ReserveSizeResult>()
    expect(body.base).toBe('6.25')
    expect(body.required).toBe('21.875')
    expect(body.safetyInRecommendedRange).toBe(true)
    const allocation = body.buckets?.allocation ?? []
    const amounts = allocation.map((b) => parseUnits(b.amount, 18))
    expect(amounts.reduce((s, a) => s + a, 0n)).toBe(parseUnits('1000000.01', 18))
    expect(allocation.map((b) => b.id)).toEqual(['A', 'B', 'C', 'D', 'E'])
    expect(allocation[0].amount).toBe('300000.003')
  })

  it('rejects bad inputs with exit 3 and a clear message', async () => {
    const cases: [string[], ErrorCode][] = [
      [['--peak-outflow=-10000', '--window', '5'], 'AMOUNT_INVALID'],
      [['--peak-outflow', '10000', '--window', '0'], 'PARAM_OUT_OF_RANGE'],
      [['--peak-outflow', '10000', '--window', '5', '--safety', '0'], 'PARAM_OUT_OF_RANGE'],
      [['--peak-outflow', '10000', '--window', '1441'], 'PARAM_OUT_OF_RANGE'],
      [['--total', '100', '--policy', 'A=50,B=60'], 'RESERVE_POLICY_INVALID'],
    ]
    const results = await Promise.all(cases.map(([args]) => run('reserve', 'size', ...args, '--json')))
    results.forEach((r, n) => {
      expect(r.code, cases[n][0].join(' ')).toBe(3)
      expect(r.json<ErrorEnvelope>().error.code).toBe(cases[n][1])
    })
    const size0 = await run('reserve', 'cantilever', '--size', '0', '--frequency', '33', '--imbalance', '833', '--json')
    expect(size0.code).toBe(3)
    expect(size0.json<ErrorEnvelope>().error.code).toBe('PARAM_OUT_OF_RANGE')
  })

  it('cantilever: 25 × 33 = 825 < 833 exits 2, 5 × 33 = 165 holds', async () => {
    const [fails, holds, hourly] = await Promise.all([
      run('reserve', 'cantilever', '--size', '25', '--frequency', '33', '--imbalance', '833', '--json'),
      run('reserve', 'cantilever', '--size', '5', '--frequency', '33', '--imbalance', '165', '--json'),
      run('reserve', 'cantilever', '--size', '25', '--frequency', '33', '--flow-per-hour', '50000', '--json'),
    ])
    expect(fails.code).toBe(2)
    expect(fails.json()).toMatchObject({
      throughputPerMin: '825',
      holds: false,
      marginPerMin: '-8',
      minFrequencyPerMin: '34',
    })
    expect(holds.code).toBe(0)
    expect(holds.json()).toMatchObject({ throughputPerMin: '165', holds: true, marginPerMin: '0' })
    expect(hourly.code).toBe(2)
    expect(hourly.json<ReserveCantileverResult>().exact).toMatchObject({
      imbalancePerMin: '2500/3',
      marginPerMin: '-25/3',
    })
  })

  it('lint --spec reports the §11 example 825 < 833/min as an error and exits 2', async () => {
    const r = await run('lint', '--spec', '--json')
    expect(r.code).toBe(2)
    const body = r.json<LintResult>()
    expect(body.target).toBe('spec')
    const f = body.findings.find((x) => x.id === 'cantilever.throughput')
    expect(f?.level).toBe('error')
    expect(f?.message).toMatch(/25 × 33 = 825\/min is below .* 833\.33/)
    expect(f?.data.throughputPerMin).toBe('825')
    for (const k of ['reason', 'suggestion'] as const) expect(f?.[k].length).toBeGreaterThan(10)
    expect(body.summary.ok).toBe(false)
    expect(body.summary.errors).toBe(body.findings.filter((x) => x.level === 'error').length)
    expect(body.sources.tradeSize).toMatch(/§11/)
  })
})

describe('reserve check and bridge check on localnet', () => {
  let net: TestLocalnet
  let profile: { chains: Record<string, Record<'tokens' | 'pools' | 'contracts', Record<string, Address>>> }
  const account = privateKeyToAccount(DEPLOYER)
  const clients = (port: number) => ({
    pub: createPublicClient({ transport: http(`http://127.0.0.1:${port}`) }),
    wallet: createWalletClient({ account, transport: http(`http://127.0.0.1:${port}`) }),
  })
  async function send(
    port: number,
    to: Address,
    functionName: 'approve' | 'transfer' | 'bridgeOut' | 'sellBase',
    args: unknown[],
  ) {
    const { pub, wallet } = clients(port)
    const hash = await wallet.writeContract({ address: to, abi, functionName, args: args as never, chain: null })
    expect((await pub.waitForTransactionReceipt({ hash, pollingInterval: 50 })).status).toBe('success')
  }

  beforeAll(async () => {
    net = await sharedLocalnet()
    profile = await net.profile()
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('bridge check passes in the seeded state: buffers covered, spreads 0 bps', async () => {
    const r = await net.run(['bridge', 'check', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const body = r.json<BridgeCheckResult>()
    expect(body.ok).toBe(true)
    const tokens =
      Object.keys(profile.chains['138'].tokens).length + Object.keys(profile.chains['651940'].tokens).length
    expect(body.buffers).toHaveLength(tokens)
    for (const b of body.buffers) expect(b.reserve).not.toBe('0')
    expect(body.spreads.map((s) => s.pair).sort()).toEqual(Object.keys(profile.chains['138'].pools).sort())
    for (const s of body.spreads) expect(s.spreadBps).toBe('0')
  })

  it('reserve check shows every bucket, values D from the bridge reserves, and passes a policy it meets', async () => {
    const r = await net.run(['reserve', 'check', '--json'])
    expect([0, 2]).toContain(r.code)
    const body = r.json<ReserveCheckResult>()
    expect(body.buckets.map((b) => b.id)).toEqual(['A', 'B', 'C', 'D', 'E'])
    expect(r.code).toBe(body.ok ? 0 : 2)
    // D, recomputed here from reserveOf and the oracle on both chains.
    let expectedD = 0n
    for (const [id, port] of Object.entries(net.ports)) {
      const s = profile.chains[id]
      const { pub } = clients(port)
      for (const token of Object.values(s.tokens) as Address[]) {
        const [reserve, [price]] = await Promise.all([
          pub.readContract({ address: s.contracts.bridgeReserve, abi, functionName: 'reserveOf', args: [token] }),
          pub.readContract({ address: s.contracts.oracle, abi, functionName: 'getPrice', args: [token] }),
        ])
        expectedD += (reserve * price) / 10n ** 6n
      }
    }
    const D = body.buckets.find((b) => b.id === 'D')
    expect(BigInt(D?.haveUsd ?? -1)).toBe(expectedD)
    const A = body.buckets.find((b) => b.id === 'A')
    expect(BigInt(A?.haveUsd ?? 0)).toBeGreaterThan(0n)
    const pools = new Set(body.holdings.filter((h) => h.bucket === 'A').map((h) => h.holder))
    expect(pools.size).toBe(Object.keys(profile.chains['138'].pools).length)
    const sum = body.buckets.reduce((s, b) => s + BigInt(b.haveUsd), 0n)
    expect(BigInt(body.heldUsd)).toBe(sum)

    const met = await net.run([
      'reserve',
      'check',
      '--total',
      '1000',
      '--policy',
      'A=40,B=30,C=0,D=30,E=0',
      '--tolerance',
      '0',
      '--json',
    ])
    expect(met.code, met.stdout).toBe(0)
    // ten times what the buckets hold: every bucket is short of its share, C (10%) by its own holdings
    const planned = (BigInt(body.heldUsd) * 10n) / 10n ** 18n
    const short = await net.run(['reserve', 'check', '--total', String(planned), '--tolerance', '0', '--json'])
    expect(short.code).toBe(2)
    const c = short.json<ReserveCheckResult>().buckets.find((b) => b.id === 'C')
    expect(c).toMatchObject({ ok: false, needUsd: (planned * 10n ** 17n).toString() })
  })

  it('a large bridgeOut on 138 leaves the Alltra buffer short (exit 2) and sizes P from that minute', async () => {
    const s138 = profile.chains['138']
    const amount = parseUnits('3000000', 6)
    await send(net.ports['138'], s138.tokens.cUSDT, 'approve', [s138.contracts.bridgeReserve, amount])
    await send(net.ports['138'], s138.contracts.bridgeReserve, 'bridgeOut', [
      s138.tokens.cUSDT,
      amount,
      account.address,
    ])

    const r = await net.run(['bridge', 'check', '--json'])
    expect(r.code, r.stderr).toBe(2)
    const body = r.json<BridgeCheckResult>()
    const failing = body.buffers.filter((b) => !b.ok)
    expect(failing).toHaveLength(1)
    expect(failing[0]).toMatchObject({
      chainId: 651940,
      token: 'cUSDT',
      outflowFrom: 138,
      peakOutflowPerMin: amount.toString(),
      required: (amount * 5n).toString(),
      events: 1,
    })
    expect(BigInt(failing[0].shortfall)).toBe(amount * 5n - BigInt(failing[0].reserve))
    expect(failing[0].peakMinute).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/)
    // With L short enough that peak × L fits in the reserve, the same outflow is covered.
    const reserve = BigInt(failing[0].reserve)
    const latency = ((Number((reserve * 100n) / amount) - 1) / 100).toFixed(2)
    const short = await net.run(['bridge', 'check', '--latency', latency, '--json'])
    expect(short.code, `latency ${latency}`).toBe(0)

    const size = await net.run([
      'reserve',
      'size',
      '--from-chain',
      '--chain',
      '138',
      '--window',
      '5',
      '--safety',
      '3',
      '--json',
    ])
    expect(size.code, size.stderr).toBe(0)
    const sb = size.json<ReserveSizeResult>()
    expect(sb).toMatchObject({ unit: 'cUSDT', peakOutflowPerMin: '3000000', base: '15000000', required: '45000000' })
    expect(sb.requiredBaseUnits).toBe((amount * 15n).toString())
    expect(sb.source?.token.minute).toBe(failing[0].peakMinute)
    expect(sb.source?.token.events).toBe(1)
  })

  it('moving a pool price on one chain breaks cross-chain parity', async () => {
    const s = profile.chains['651940']
    const pool = s.pools['cUSDT/cUSDC'] as Address
    await send(net.ports['651940'], s.tokens.cUSDT, 'transfer', [pool, parseUnits('50000', 6)])
    await send(net.ports['651940'], pool, 'sellBase', [account.address])
    const r = await net.run(['bridge', 'check', '--latency', '3', '--json'])
    expect(r.code).toBe(2)
    const spread = r.json<BridgeCheckResult>().spreads.find((x) => x.pair === 'cUSDT/cUSDC')
    expect(spread?.ok).toBe(false)
    expect(spread?.cheaperOn).toBe('651940')
    expect(Number(spread?.spreadBps)).toBeGreaterThanOrEqual(15)
  })

  it('exits 4 when a chain is unreachable', async () => {
    const port = await freePort()
    const r = await net.run(['bridge', 'check', '--rpc-url', `651940=http://127.0.0.1:${port}`, '--json'])
    expect(r.code).toBe(4)
    expect(r.json<ErrorEnvelope>().error.code).toBe('CHAIN_UNREACHABLE')
  })
})
