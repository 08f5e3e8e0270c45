import { spawn } from 'node:child_process'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  parseAbi,
  parseUnits,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { DeviationResult } from '../../src/commands/deviation.js'
import type { StabilizerCheckResult } from '../../src/commands/stabilizer/check.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { BIN } from '../helpers/cli.js'
import { jsonLines } from '../helpers/json-lines.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const DEPLOYER = LOCAL_KEYS.deployer
const poolAbi = parseAbi([
  'function sellBase(address to) returns (uint256)',
  'function sellQuote(address to) returns (uint256)',
])
const flashAbi = parseAbi([
  'function flash(address pool, uint256 baseAmount, uint256 quoteAmount, uint256 repayBase, uint256 repayQuote)',
])

describe('deviation and flash containment on localnet (CLI vs contract)', () => {
  let net: TestLocalnet
  let url: string
  let pool: Address
  let cUSDT: Address
  let cUSDC: Address
  let flashBorrower: Address
  const account = privateKeyToAccount(DEPLOYER)
  let wallet: ReturnType<typeof createWalletClient>
  let pub: ReturnType<typeof createPublicClient>

  const deviation = async (...extra: string[]) =>
    net.run(['deviation', '--chain', '138', '--pool', 'cUSDT/cUSDC', '--json', ...extra])
  const check = async () => {
    const r = await net.run(['stabilizer', 'check', '--json'])
    const body = r.json<StabilizerCheckResult>()
    return { code: r.code, body }
  }
  const mine = (n: number) => rpc(url, 'anvil_mine', [`0x${n.toString(16)}`])
  /** Send txs; with `sameBlock` they land in one block (automine off, then one evm_mine). */
  async function send(txs: { to: Address; data: Hex }[], sameBlock = false) {
    if (sameBlock) await rpc(url, 'evm_setAutomine', [false])
    const hashes: Hex[] = []
    let nonce = await pub.getTransactionCount({ address: account.address, blockTag: 'pending' })
    for (const tx of txs)
      hashes.push(await wallet.sendTransaction({ ...tx, account, chain: null, nonce: nonce++, gas: 500_000n }))
    if (sameBlock) {
      await rpc(url, 'evm_mine')
      await rpc(url, 'evm_setAutomine', [true])
    }
    const receipts = await Promise.all(
      hashes.map((hash) => pub.waitForTransactionReceipt({ hash, pollingInterval: 50 })),
    )
    for (const r of receipts) expect(r.status).toBe('success')
    return receipts
  }
  const transfer = async (token: Address, to: Address, amount: bigint) => ({
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }),
  })
  const sell = async (fn: 'sellBase' | 'sellQuote') => ({
    to: pool,
    data: encodeFunctionData({ abi: poolAbi, functionName: fn, args: [account.address] }),
  })

  beforeAll(async () => {
    net = await sharedLocalnet()
    const settings = await net.profile()
    url = settings.chains['138'].rpcUrls[0]
    pool = settings.chains['138'].pools['cUSDT/cUSDC']
    cUSDT = settings.chains['138'].tokens.cUSDT
    cUSDC = settings.chains['138'].tokens.cUSDC
    flashBorrower = settings.chains['138'].contracts.flashBorrower
    pub = createPublicClient({ transport: http(url) })
    wallet = createWalletClient({ transport: http(url) })
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('starts in band: exit 0, and the contract agrees', async () => {
    const r = await deviation()
    expect(r.code, r.stderr).toBe(0)
    const body = r.json<DeviationResult>()
    expect(body.pools).toHaveLength(1)
    expect(body.pools[0].verdict).toBe('in-band')
    expect(body.outOfBand).toBe(false)
    const c = await check()
    expect(c.code).toBe(0)
    expect(c.body.agree).toBe(true)
    expect(c.body.contract).toMatchObject({ shouldRebalance: false })
  })

  it('a trade reversed in the next block is an excursion, not sustained', async () => {
    const amount = parseUnits('100000', 6)
    const before = await pub.readContract({
      address: cUSDC,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [account.address],
    })
    await send([await transfer(cUSDT, pool, amount), await sell('sellBase')], true)
    const after = await pub.readContract({
      address: cUSDC,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [account.address],
    })
    const r1 = await deviation()
    expect(r1.json<DeviationResult>().pools[0].spotDeviationBps).not.toBe('0')
    expect(Math.abs(Number(r1.json<DeviationResult>().pools[0].spotDeviationBps))).toBeGreaterThan(10)
    await send([await transfer(cUSDC, pool, after - before), await sell('sellQuote')], true)
    const r2 = await deviation()
    expect(r2.code, r2.stdout).toBe(0)
    expect(r2.json<DeviationResult>().pools[0].verdict).toBe('excursion')
    expect(r2.json<DeviationResult>().pools[0].shouldRebalance).toBe(false)
    const c = await check()
    expect(c.body.agree).toBe(true)
    expect(c.body.contract).toMatchObject({ shouldRebalance: false })
    await mine(6)
    const r3 = await deviation()
    expect(r3.code).toBe(0)
    expect(r3.json<DeviationResult>().pools[0].verdict).toBe('in-band')
  })

  it('a flash drain repaid in the same block never counts', async () => {
    const amount = parseUnits('300000', 6)
    // flash loan borrowed and repaid inside one transaction
    const flash = {
      to: flashBorrower,
      data: encodeFunctionData({ abi: flashAbi, functionName: 'flash', args: [pool, amount, 0n, amount, 0n] }),
    }
    // and a drain plus its reversal by two transactions in the same block
    const before = await pub.readContract({
      address: cUSDC,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [account.address],
    })
    await send([flash, await transfer(cUSDT, pool, amount), await sell('sellBase')], true)
    const gained =
      (await pub.readContract({ address: cUSDC, abi: erc20Abi, functionName: 'balanceOf', args: [account.address] })) -
      before
    expect(gained).toBeGreaterThan(0n)
    await send([await transfer(cUSDC, pool, gained), await sell('sellQuote')], true)
    // the drain existed only inside a block: no completed block deviates by more than the reversal's residue
    await mine(1)
    const r = await deviation()
    expect(r.code).toBe(0)
    expect(r.json<DeviationResult>().pools[0].shouldRebalance).toBe(false)
    const c = await check()
    expect(c.body.agree).toBe(true)
    expect(c.body.contract).toMatchObject({ shouldRebalance: false })
  })

  it('a large trade held for N+1 blocks is sustained: exit 2, and the contract agrees', async () => {
    await send([await transfer(cUSDT, pool, parseUnits('150000', 6)), await sell('sellBase')], true)
    await mine(4) // N = 3 on localnet
    const r = await deviation()
    expect(r.code, r.stdout).toBe(2)
    const row = r.json<DeviationResult>().pools[0]
    expect(row.verdict).toBe('sustained')
    expect(row.shouldRebalance).toBe(true)
    expect(row.sustainedBlocks).toBeGreaterThanOrEqual(3)
    const c = await check()
    expect(c.code).toBe(0)
    expect(c.body.agree).toBe(true)
    expect(c.body.contract).toMatchObject({ shouldRebalance: true, deviationBps: c.body.cli.twapDeviationBps })
    // the human table says so too
    const human = await net.run(['deviation', '--chain', '138'])
    expect(human.code).toBe(2)
    expect(human.stdout).toContain('SUSTAINED')
  })

  it('--watch redraws on every new block and exits with the last state on Ctrl-C', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'deviation', '--chain', '138', '--pool', 'cUSDT/cUSDC', '--watch', '--json', '--interval', '100'],
      {
        env: { ...process.env, VAULT_CONFIG_DIR: net.configDir, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const out = jsonLines<{ outOfBand: boolean; pools: { h: string }[] }>(child)
    try {
      await out.until((r) => r.length >= 1, 'the first round')
      await mine(1)
      await out.until((r) => r.length >= 2, 'a round for the new block')
      const rounds = out.items
      expect(BigInt(rounds[1]!.pools[0]!.h)).toBeGreaterThan(BigInt(rounds[0]!.pools[0]!.h))
      expect(rounds.at(-1)!.outOfBand).toBe(true) // still the sustained state from the previous test
    } finally {
      child.kill('SIGINT')
    }
    expect(await out.closed).toBe(2)
  })

  it('bad input is exit 3', async () => {
    expect((await net.run(['deviation', '--pool', 'cUSDT/cNOPE', '--chain', '138', '--json'])).code).toBe(3)
    expect((await net.run(['deviation', '--window', '0', '--json'])).code).toBe(3)
    const long = await net.run(['deviation', '--chain', '138', '--window', '1000', '--json'])
    expect(long.code).toBe(3)
    expect(long.json<ErrorEnvelope>().error.code).toBe('WINDOW_TOO_LONG')
  })
})
