import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OracleShowResult } from '../../src/commands/oracle/show.js'
import type { OracleSyncResult } from '../../src/commands/oracle/sync.js'
import { DEFAULT_STABILIZER } from '../../src/config/presets.js'
import type { Json } from '../../src/core/format.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import type { OracleWriteResult } from '../../src/oracle/set.js'
import type { ReserveCheckReport } from '../../src/reserve/check.js'
import type { ReserveRebalanceResult } from '../../src/reserve/rebalance.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const [A, B, C] = LOCAL_KEYS.owners
const as = (key: `0x${string}`) => ({ VAULT_PRIVATE_KEY: key })

describe('oracle show/set/sync and the reserve buckets on a fresh localnet', { timeout: 600_000 }, () => {
  let net: TestLocalnet
  const url = (id: '138' | '651940') => `http://127.0.0.1:${net.ports[id]}`

  const { run, ok, refused } = cliRunner(() => net)
  /** Two more owners sign and approve; a third executes. */
  const execute = async (file: string) => {
    await ok(['safe', 'sign', file, '--yes'], as(B))
    await ok(['safe', 'approve', file, '--yes'], as(C))
    await ok(['safe', 'execute', file, '--yes'], as(A))
  }
  const price = (r: Json<OracleShowResult>, chainId: number, token: string) =>
    r.chains.find((c) => c.chainId === chainId)?.prices.find((p) => p.token === token)?.price

  beforeAll(async () => {
    net = await sharedLocalnet()
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('a fresh localnet passes its own reserve check: every bucket, C included, holds its policy share', async () => {
    const r = await ok<ReserveCheckReport>(['reserve', 'check'])
    expect(r.ok).toBe(true)
    expect(r.totalShortUsd).toBe('0')
    for (const b of r.buckets) {
      expect(b.ok, b.id).toBe(true)
      expect(BigInt(b.haveUsd) > 0n, b.id).toBe(true)
    }
    expect(r.holdings.some((h) => h.bucket === 'C' && h.holder === 'flashLiquidity')).toBe(true)
  })

  it('reserve rebalance proposes the Safe transfers that bring the buckets to a new policy', async () => {
    const policy = ['--policy', 'A=30,B=30,C=5,D=20,E=15']
    const before = await run(['reserve', 'check', '--chain', '138', ...policy, '--tolerance', '0.1'])
    expect(before.code).toBe(2)
    const plan = await ok<ReserveRebalanceResult>(['reserve', 'rebalance', '--chain', '138', ...policy, '--yes'])
    const [ch] = plan.chains
    expect(ch.unresolved).toEqual([])
    expect(ch.transfers.every((t) => t.from.bucket === 'C' && t.to.bucket === 'D')).toBe(true)
    expect(plan.proposals).toHaveLength(1)
    await execute(plan.proposals[0].proposal!.file)
    const after = await ok<ReserveCheckReport>(['reserve', 'check', '--chain', '138', ...policy, '--tolerance', '0.1'])
    expect(after.ok).toBe(true)
    const again = await ok<ReserveRebalanceResult>(['reserve', 'rebalance', '--chain', '138', ...policy, '--dry-run'])
    expect(again.chains[0].transfers).toEqual([])
  })

  it('oracle show: every price fresh on both chains (exit 0)', async () => {
    const r = await ok<OracleShowResult>(['oracle', 'show'])
    expect(r.stale).toBe(false)
    expect(r.maxOracleAge).toBe(String(DEFAULT_STABILIZER.maxOracleAge))
    expect(r.chains.map((c) => c.chainId).sort()).toEqual([138, 651940])
    for (const c of r.chains) expect(c.prices.map((p) => p.verdict)).toEqual(['fresh', 'fresh', 'fresh', 'fresh'])
    expect(price(r, 138, 'cXAUC')).toBe((2650n * 10n ** 18n).toString())
  })

  it('oracle set refuses a zero price, an insane one, a jump beyond the bound and an unknown token; nothing is sent', async () => {
    const nonce = await rpc(url('138'), 'eth_getTransactionCount', [
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      'latest',
    ])
    await refused(['oracle', 'set', '--price', 'cUSDT=0', '--safe', '--yes'], 'ORACLE_PRICE_ZERO', as(A))
    await refused(['oracle', 'set', '--price', `cUSDT=${10n ** 18n}`, '--safe', '--yes'], 'ORACLE_PRICE_INSANE', as(A))
    await refused(['oracle', 'set', '--price', 'cEURT=1.3', '--safe', '--yes'], 'ORACLE_PRICE_JUMP', as(A))
    await refused(['oracle', 'set', '--price', 'cFOO=1', '--safe', '--yes'], 'TOKEN_UNKNOWN', as(A))
    await refused(['oracle', 'set', '--price', 'cEURT', '--safe', '--yes'], 'PRICE_INVALID', as(A))
    // a key that is not the oracle's owner: the simulation reverts, nothing is sent
    await refused(['oracle', 'set', '--price', 'cEURT=1.09', '--yes'], 'TX_WOULD_REVERT', as(A))
    expect(
      await rpc(url('138'), 'eth_getTransactionCount', ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 'latest']),
    ).toBe(nonce)
    const r = await ok<OracleShowResult>(['oracle', 'show'])
    expect(price(r, 138, 'cEURT')).toBe((108n * 10n ** 16n).toString())
  })

  it('oracle set through the Safe, then oracle sync brings Alltra to 138', async () => {
    const set = await ok<OracleWriteResult>(
      ['oracle', 'set', '--price', 'cEURT=1.0825', '--price', 'cUSDC=0.9999', '--safe', '--yes'],
      as(A),
    )
    expect(set.changes.map((c) => [c.token, c.to, c.moveBps])).toEqual([
      ['cEURT', (10825n * 10n ** 14n).toString(), '23'],
      ['cUSDC', (9999n * 10n ** 14n).toString(), '1'],
    ])
    await execute(set.proposal!.file)
    const sync = await ok<OracleSyncResult>(['oracle', 'sync', '--tolerance', '0', '--safe', '--yes'], as(A))
    expect(sync.source).toBe(138)
    expect(sync.chainId).toBe(651940)
    expect(sync.changes.map((c) => c.token)).toEqual(['cUSDC', 'cEURT'])
    expect(sync.unchanged?.map((u) => u.token)).toEqual(['cUSDT', 'cXAUC'])
    await execute(sync.proposal!.file)
    const shown = await ok<OracleShowResult>(['oracle', 'show'])
    for (const t of ['cUSDT', 'cUSDC', 'cEURT', 'cXAUC']) expect(price(shown, 651940, t)).toBe(price(shown, 138, t))
    const again = await ok<OracleSyncResult>(['oracle', 'sync', '--safe', '--yes'], as(A))
    expect(again.changes).toEqual([])
    expect(again.proposal).toBeUndefined()
  })

  it('oracle show exits 2 once the prices are older than maxOracleAge', async () => {
    for (const id of ['138', '651940'] as const) {
      await rpc(url(id), 'evm_increaseTime', [DEFAULT_STABILIZER.maxOracleAge + 1])
      await rpc(url(id), 'anvil_mine', ['0x1'])
    }
    const r = await run(['oracle', 'show'])
    expect(r.code).toBe(2)
    const body = r.json<OracleShowResult>()
    expect(body.stale).toBe(true)
    expect(body.chains.every((c) => c.prices.every((p) => p.verdict === 'stale'))).toBe(true)
  })
})
