import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { DeviationJson } from '../../src/commands/deviation.js'
import type { PoolsCreateResult } from '../../src/commands/pools/create.js'
import type { StabilizerPoolsResult } from '../../src/commands/stabilizer/pools.js'
import type { ErrorCode } from '../../src/core/errors.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const CHAINS = ['138', '651940'] as const
const as = (key: string) => ({ VAULT_PRIVATE_KEY: key })

describe('pools create: seeded at the peg, registered in the same Safe batch, both chains', {
  timeout: 600_000,
}, () => {
  let net: TestLocalnet
  let profile: Awaited<ReturnType<TestLocalnet['profile']>>
  const url = (id: string) => profile.chains[id].rpcUrls[0] as string
  const proposalFiles = () => {
    try {
      return readdirSync(join(net.configDir, 'proposals')).length
    } catch {
      return 0
    }
  }

  beforeAll(async () => {
    net = await sharedLocalnet()
    profile = await net.profile()
  })
  afterAll(async () => {
    await net?.stop()
  })

  const { ok } = cliRunner(() => net)
  const signAndExecute = async (file: string) => {
    for (const key of [LOCAL_KEYS.owners[0], LOCAL_KEYS.owners[2]]) await ok(['safe', 'sign', file, '--yes'], as(key))
    await ok(['safe', 'execute', file, '--yes'], as(LOCAL_KEYS.deployer))
  }

  it('--chain all through the Safe: one batch per chain; the pool opens within 1 bp of the oracle, registered and recorded', async () => {
    const args = ['pools', 'create', '--base', 'cUSDC', '--quote', 'cEURT', '--base-amount', '20000', '--chain', 'all']
    const res = await ok<PoolsCreateResult>([...args, '--safe', '--yes'])
    expect(res.proposals).toHaveLength(2)
    expect(res.pools.map((p) => [p.chainId, p.status, p.stabilizer])).toEqual([
      [138, 'proposed', 'proposed'],
      [651940, 'proposed', 'proposed'],
    ])
    for (const p of res.pools) {
      // equal value at the oracle's cEURT price: 20,000 cUSDC against 20,000 / 1.08 cEURT
      expect(BigInt(p.baseAmount)).toBe(20_000_000_000n)
      expect(BigInt(p.quoteAmount)).toBe((20_000_000_000n * BigInt(p.oraclePrice)) / 10n ** 18n)
      expect(BigInt(p.offPegBps)).toBe(0n)
    }
    for (const pr of res.proposals) await signAndExecute(pr.file)

    const registry = await ok<StabilizerPoolsResult>(['stabilizer', 'pools'])
    for (const p of res.pools) {
      const chain = registry.chains.find((c) => c.chainId === p.chainId)!
      const reg = chain.pools.find((x) => x.address.toLowerCase() === p.pool.toLowerCase())
      expect(reg?.pair).toBe('cUSDC/cEURT')
      expect(reg?.params.thresholdBps).toBe(String(profile.stabilizer.thresholdBps))
      const shown = await ok<{ midPrice: string; baseReserve: string }>([
        'pools',
        'show',
        p.pool,
        '--chain',
        String(p.chainId),
      ])
      // the contract's mid equals the planned one to the unit, and sits within 1 bp of the oracle
      expect(shown.midPrice).toBe(p.midPrice)
      const mid = BigInt(shown.midPrice)
      const oracle = BigInt(p.oraclePrice)
      const gap = mid > oracle ? mid - oracle : oracle - mid
      expect(gap * 10_000n <= oracle, `${mid} vs ${oracle}`).toBe(true)
      expect(BigInt(shown.baseReserve)).toBe(20_000_000_000n)
    }

    // the re-run after execution finds them, has nothing to send and records them in the profile
    const again = await ok<PoolsCreateResult>([...args, '--safe', '--yes'])
    expect(again.proposals).toEqual([])
    expect(again.pools.map((p) => [p.status, p.stabilizer, p.recorded])).toEqual([
      ['exists', 'registered', true],
      ['exists', 'registered', true],
    ])
    const saved = await net.profile()
    for (const p of res.pools) expect(saved.chains[String(p.chainId)].pools['cUSDC/cEURT']).toBe(p.pool)
    // younger than its TWAP window, the new pool is reported warming up; the others are judged as before (exit 0)
    const dev = await net.run(['deviation', '--chain', '138', '--json'])
    expect(dev.code, dev.stderr).toBe(0)
    const young = dev.json<DeviationJson>().warmingUp.find((w) => w.pair === 'cUSDC/cEURT')
    expect(young?.verdict).toBe('warming up')
    expect(young!.blocksAvailable).toBeLessThan(young!.blocksNeeded)
    // a third run: nothing left to do, the duplicate is refused
    const dup = await net.run([...args, '--safe', '--yes', '--json'])
    expect(dup.code).toBe(3)
    expect(dup.json<ErrorEnvelope>().error.code).toBe('POOL_EXISTS')
  })

  it('a mid more than θ off the oracle is refused (SEED_OFF_PEG, exit 3): nothing proposed, nothing sent', async () => {
    const before = proposalFiles()
    const nonces = await Promise.all(
      CHAINS.map((id) => rpc(url(id), 'eth_getTransactionCount', [profile.safe.address, 'latest'])),
    )
    const pair = ['pools', 'create', '--base', 'cEURT', '--quote', 'cUSDC', '--safe', '--yes', '--json']
    const base = [...pair, '--base-amount', '1000']
    const cases: [string[], ErrorCode][] = [
      [[...base, '--price', '1.1'], 'SEED_OFF_PEG'], // oracle 1.08: +185 bps
      [[...base, '--quote-amount', '5000'], 'SEED_OFF_PEG'], // too much quote: no i opens the pool at the peg
      [[...base, '--chain', 'all', '--price', '1.07'], 'SEED_OFF_PEG'],
      [[...pair, '--base-amount', '0'], 'AMOUNT_INVALID'],
      [[...pair, '--base-amount', '1e3'], 'NUMBER_INVALID'],
      [[...pair, '--base-amount', '100000000000'], 'INSUFFICIENT_BALANCE'],
      [pair, 'FLAG_MISSING'],
    ]
    for (const [args, code] of cases) {
      const r = await net.run(args)
      expect(r.code, `${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(3)
      expect(r.json<ErrorEnvelope>().error.code).toBe(code)
    }
    const off = await net.run([...base, '--price', '1.1'])
    expect(off.json<ErrorEnvelope>().error.data?.offPegBps).toBe('185')
    expect(proposalFiles()).toBe(before)
    const after = await Promise.all(
      CHAINS.map((id) => rpc(url(id), 'eth_getTransactionCount', [profile.safe.address, 'latest'])),
    )
    expect(after).toEqual(nonces)

    // --accept-off-peg goes on, with the gap in a warning
    const accepted = await ok<PoolsCreateResult>([
      ...base.filter((a) => a !== '--json'),
      '--price',
      '1.1',
      '--accept-off-peg',
    ])
    expect(accepted.warnings).toHaveLength(1)
    expect(accepted.warnings[0]).toContain('185 bps off')
    expect(accepted.pools[0].offPegBps).toBe('185')
    expect(accepted.proposals).toHaveLength(1)
  })
})
