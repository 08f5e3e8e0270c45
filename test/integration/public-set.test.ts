import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { startLocalnet, type TestLocalnet } from '../helpers/localnet.js'

type Row = { pair: string; visibility: string; baseReserve: string; quoteReserve: string; address: string }

describe('pools create --public-set through the Safe on a bare localnet', () => {
  let net: TestLocalnet
  const as = (key: string) => ({ VAULT_PRIVATE_KEY: key })

  beforeAll(async () => {
    net = await startLocalnet({ publicPools: false })
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('creates the four public pools once, then is a no-op', async () => {
    const before = (await net.run(['pools', 'list', '--chain', '138', '--json'])).json() as Row[]
    expect(before.filter((p) => p.visibility === 'public')).toEqual([])

    const proposed = await net.run(['pools', 'create', '--public-set', '--safe', '--yes', '--json'])
    expect(proposed.code, proposed.stdout + proposed.stderr).toBe(0)
    const body = proposed.json()
    expect(body.pools.map((p: { status: string }) => p.status)).toEqual([
      'proposed',
      'proposed',
      'proposed',
      'proposed',
    ])
    const file = body.proposal.file as string

    for (const key of [LOCAL_KEYS.owners[0], LOCAL_KEYS.owners[2]]) {
      const s = await net.run(['safe', 'sign', file, '--yes', '--json'], as(key))
      expect(s.code, s.stdout + s.stderr).toBe(0)
    }
    const ex = await net.run(['safe', 'execute', file, '--yes', '--json'], as(LOCAL_KEYS.deployer))
    expect(ex.code, ex.stdout + ex.stderr).toBe(0)

    const after = (await net.run(['pools', 'list', '--chain', '138', '--json'])).json() as Row[]
    expect(
      after
        .filter((p) => p.visibility === 'public')
        .map((p) => p.pair)
        .sort(),
    ).toEqual(['cEURT/cXAUC', 'cUSDC/cXAUC', 'cUSDT/cUSDC', 'cUSDT/cXAUC'])

    const again = await net.run(['pools', 'create', '--public-set', '--safe', '--yes', '--json'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.json().pools.map((p: { status: string }) => p.status)).toEqual([
      'exists',
      'exists',
      'exists',
      'exists',
    ])
    expect(again.json().proposal).toBeUndefined()
  })

  it('liquidity providers fund them; the list shows non-zero reserves and quotes agree', async () => {
    const amounts: Record<string, [string, string]> = {
      'cUSDT/cUSDC': ['100000', '50000'],
      'cUSDT/cXAUC': ['100000', '10'],
      'cUSDC/cXAUC': ['100000', '10'],
      'cEURT/cXAUC': ['100000', '10'],
    }
    for (const [pair, [base, quote]] of Object.entries(amounts)) {
      const r = await net.run(
        ['pools', 'add-liquidity', pair, '--base', base, '--quote', quote, '--yes', '--json'],
        as(LOCAL_KEYS.deployer),
      )
      expect(r.code, r.stdout + r.stderr).toBe(0)
    }
    const rows = ((await net.run(['pools', 'list', '--chain', '138', '--json'])).json() as Row[]).filter(
      (p) => p.visibility === 'public',
    )
    expect(rows).toHaveLength(4)
    for (const p of rows) {
      expect(BigInt(p.baseReserve)).toBe(100_000_000_000n)
      expect(BigInt(p.quoteReserve)).toBeGreaterThan(0n)
    }
    const q = await net.run(['pools', 'quote', 'cEURT/cXAUC', '--sell', '2500', 'cEURT', '--json'])
    expect(q.code, q.stderr).toBe(0)
    expect(q.json().agree).toBe(true)
    const short = await net.run(
      ['pools', 'add-liquidity', 'cUSDT/cUSDC', '--base', '1', '--yes', '--json'],
      as(LOCAL_KEYS.outsider),
    )
    expect(short.code).toBe(3)
    expect(short.json().error.code).toBe('INSUFFICIENT_BALANCE')
  })
})
