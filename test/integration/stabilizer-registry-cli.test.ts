import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AdminResult } from '../../src/commands/stabilizer/add-pool.js'
import type { HistoryResult } from '../../src/commands/stabilizer/history.js'
import type { StabilizerPoolsResult } from '../../src/commands/stabilizer/pools.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const [A, B, C] = LOCAL_KEYS.owners
const GUARDIAN = LOCAL_KEYS.outsider
const as = (key: `0x${string}`) => ({ VAULT_PRIVATE_KEY: key })

describe('stabilizer pools / add-pool / remove-pool / set-params --pool / guardian pause / history', {
  timeout: 600_000,
}, () => {
  let net: TestLocalnet
  const { ok, refused } = cliRunner(() => net)
  const execute = async (file: string) => {
    await ok(['safe', 'sign', file, '--yes'], as(B))
    await ok(['safe', 'approve', file, '--yes'], as(C))
    await ok(['safe', 'execute', file, '--yes'], as(A))
  }

  beforeAll(async () => {
    net = await sharedLocalnet()
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('stabilizer pools --json lists the four public pools on both chains', async () => {
    const r = await ok<StabilizerPoolsResult>(['stabilizer', 'pools'])
    expect(r.chains.map((c) => c.chainId).sort()).toEqual([138, 651940])
    for (const c of r.chains) {
      expect(c.pools.map((p) => p.pair).sort()).toEqual(['cEURT/cXAUC', 'cUSDC/cXAUC', 'cUSDT/cUSDC', 'cUSDT/cXAUC'])
      expect(c.paused).toBe(false)
      expect(c.pools.every((p) => String(p.params.thresholdBps) === '10')).toBe(true)
    }
  })

  it('refuses bad input with its own code, nothing proposed', async () => {
    const files = () => {
      try {
        return readdirSync(join(net.configDir, 'proposals')).length
      } catch {
        return 0
      }
    }
    const before = files()
    await refused(['stabilizer', 'add-pool', '--pool', 'cFOO/cBAR', '--safe', '--yes'], 'POOL_UNKNOWN', as(A))
    await refused(
      ['stabilizer', 'add-pool', '--pool', 'cUSDT/cUSDC', '--safe', '--yes'],
      'POOL_ALREADY_REGISTERED',
      as(A),
    )
    await refused(
      ['stabilizer', 'remove-pool', '--pool', '0x0000000000000000000000000000000000000001', '--safe', '--yes'],
      'POOL_NOT_REGISTERED',
      as(A),
    )
    await refused(
      ['stabilizer', 'set-params', '--pool', 'cUSDT/cXAUC', '--twap-window', '2000', '--safe', '--yes'],
      'PARAMS_INVALID',
      as(A),
    )
    await refused(
      ['stabilizer', 'set-guardian', '0x0000000000000000000000000000000000000000', '--safe', '--yes'],
      'GUARDIAN_NOT_ALLOWED',
      as(A),
    )
    await refused(['stabilizer', 'unpause', '--safe', '--yes'], 'STABILIZER_NOT_PAUSED', as(A))
    expect(files()).toBe(before)
  })

  it('set-params --pool changes one pool through the Safe', async () => {
    const r = await ok<AdminResult>(
      ['stabilizer', 'set-params', '--pool', 'cUSDT/cXAUC', '--threshold-bps', '15', '--safe', '--yes'],
      as(A),
    )
    await execute(r.proposal!.file)
    const pools = await ok<StabilizerPoolsResult>(['stabilizer', 'pools', '--chain', '138'])
    const p = pools.chains[0].pools.find((x) => x.pair === 'cUSDT/cXAUC')
    expect(p?.params.thresholdBps).toBe('15')
    expect(pools.chains[0].pools.find((x) => x.pair === 'cUSDT/cUSDC')?.params.thresholdBps).toBe('10')
  })

  it('the guardian pauses with one key; only the Safe unpauses; history shows every change', async () => {
    const guardian = privateKeyToAccount(GUARDIAN).address
    const set = await ok<AdminResult>(['stabilizer', 'set-guardian', guardian, '--safe', '--yes'], as(A))
    await execute(set.proposal!.file)
    const paused = await ok<AdminResult>(['stabilizer', 'pause', '--yes'], as(GUARDIAN))
    expect(paused.change).toEqual({ paused: true })
    await refused(['stabilizer', 'pause', '--yes'], 'STABILIZER_ALREADY_PAUSED', as(GUARDIAN))
    await refused(['stabilizer', 'unpause', '--yes'], 'TX_WOULD_REVERT', as(GUARDIAN))
    const un = await ok<AdminResult>(['stabilizer', 'unpause', '--safe', '--yes'], as(A))
    await execute(un.proposal!.file)
    const h = await ok<HistoryResult>(['stabilizer', 'history', '--chain', '138'])
    const names = h.events.map((e) => e.event)
    for (const e of ['PoolAdded', 'ParamsUpdated', 'GuardianUpdated', 'StabilizerPaused', 'StabilizerUnpaused'])
      expect(names).toContain(e)
    const page = await ok<HistoryResult>(['stabilizer', 'history', '--chain', '138', '--limit', '2'])
    expect(page.nextFromBlock).toBeDefined()
    await refused(['stabilizer', 'history', '--event', 'Nope'], 'EVENT_UNKNOWN')
  })
})
