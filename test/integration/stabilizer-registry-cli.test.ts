import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AdminResult } from '../../src/commands/stabilizer/add-pool.js'
import type { HistoryResult } from '../../src/commands/stabilizer/history.js'
import type { StabilizerPoolsResult } from '../../src/commands/stabilizer/pools.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { startLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const [A, B, C] = LOCAL_KEYS.owners
const GUARDIAN = LOCAL_KEYS.outsider
const as = (key: `0x${string}`) => ({ VAULT_PRIVATE_KEY: key })

describe('stabilizer pools / add-pool / remove-pool / set-params --pool / guardian pause / history', {
  timeout: 600_000,
}, () => {
  let net: TestLocalnet
  const run = (args: string[], env?: Record<string, string>) => net.run([...args, '--json'], env)
  const ok = async <T>(args: string[], env?: Record<string, string>): Promise<T> => {
    const r = await run(args, env)
    expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0)
    return r.json() as T
  }
  const refused = async (args: string[], env: Record<string, string> | undefined, exit: number, code: string) => {
    const r = await run(args, env)
    expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(exit)
    expect(r.json().error.code).toBe(code)
  }
  const execute = async (file: string) => {
    await ok(['safe', 'sign', file, '--yes'], as(B))
    await ok(['safe', 'approve', file, '--yes'], as(C))
    await ok(['safe', 'execute', file, '--yes'], as(A))
  }

  beforeAll(async () => {
    net = await startLocalnet()
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
    await refused(['stabilizer', 'add-pool', '--pool', 'cFOO/cBAR', '--safe', '--yes'], as(A), 3, 'POOL_UNKNOWN')
    await refused(
      ['stabilizer', 'add-pool', '--pool', 'cUSDT/cUSDC', '--safe', '--yes'],
      as(A),
      3,
      'POOL_ALREADY_REGISTERED',
    )
    await refused(
      ['stabilizer', 'remove-pool', '--pool', '0x0000000000000000000000000000000000000001', '--safe', '--yes'],
      as(A),
      3,
      'POOL_NOT_REGISTERED',
    )
    await refused(
      ['stabilizer', 'set-params', '--pool', 'cUSDT/cXAUC', '--twap-window', '2000', '--safe', '--yes'],
      as(A),
      3,
      'PARAMS_INVALID',
    )
    await refused(
      ['stabilizer', 'set-guardian', '0x0000000000000000000000000000000000000000', '--safe', '--yes'],
      as(A),
      3,
      'GUARDIAN_NOT_ALLOWED',
    )
    await refused(['stabilizer', 'unpause', '--safe', '--yes'], as(A), 3, 'STABILIZER_NOT_PAUSED')
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
    await refused(['stabilizer', 'pause', '--yes'], as(GUARDIAN), 3, 'STABILIZER_ALREADY_PAUSED')
    await refused(['stabilizer', 'unpause', '--yes'], as(GUARDIAN), 5, 'TX_WOULD_REVERT')
    const un = await ok<AdminResult>(['stabilizer', 'unpause', '--safe', '--yes'], as(A))
    await execute(un.proposal!.file)
    const h = await ok<HistoryResult>(['stabilizer', 'history', '--chain', '138'])
    const names = h.events.map((e) => e.event)
    for (const e of ['PoolAdded', 'ParamsUpdated', 'GuardianUpdated', 'StabilizerPaused', 'StabilizerUnpaused'])
      expect(names).toContain(e)
    const page = await ok<HistoryResult>(['stabilizer', 'history', '--chain', '138', '--limit', '2'])
    expect(page.nextFromBlock).toBeDefined()
    await refused(['stabilizer', 'history', '--event', 'Nope'], undefined, 3, 'EVENT_UNKNOWN')
  })
})
