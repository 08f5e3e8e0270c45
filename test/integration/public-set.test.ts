import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { ConfigShowResult } from '../../src/commands/config/show.js'
import type { PoolsCreateResult } from '../../src/commands/pools/create.js'
import type { PoolsQuoteResult } from '../../src/commands/pools/quote.js'
import type { StabilizerPoolsResult } from '../../src/commands/stabilizer/pools.js'
import type { ChainKey } from '../../src/config/schema.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { startLocalnet, type TestLocalnet } from '../helpers/localnet.js'

type Row = {
  pair: string
  visibility: string
  baseReserve: string
  quoteReserve: string
  address: string
  deviationBps: string
}
const PAIRS = ['cUSDT/cUSDC', 'cUSDT/cXAUC', 'cUSDC/cXAUC', 'cEURT/cXAUC']

describe('pools create --public-set --chain all through the Safe on a bare localnet', () => {
  let net: TestLocalnet
  const as = (key: string) => ({ VAULT_PRIVATE_KEY: key })

  beforeAll(async () => {
    net = await startLocalnet({ publicPools: false })
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('creates, seeds and registers the four public pools on both chains in one Safe batch each, then is a no-op', async () => {
    for (const id of ['138', '651940']) {
      const before = (await net.run(['pools', 'list', '--chain', id, '--json'])).json<Row[]>()
      expect(before.filter((p) => p.visibility === 'public')).toEqual([])
    }
    const args = [
      'pools',
      'create',
      '--public-set',
      '--base-amount',
      '1000',
      '--chain',
      'all',
      '--safe',
      '--yes',
      '--json',
    ]
    const proposed = await net.run(args)
    expect(proposed.code, proposed.stdout + proposed.stderr).toBe(0)
    const body = proposed.json<PoolsCreateResult>()
    expect(body.pools.map((p) => `${p.chainId} ${p.pair} ${p.status}`)).toEqual(
      [138, 651940].flatMap((id) => PAIRS.map((pair) => `${id} ${pair} proposed`)),
    )
    expect(body.proposals).toHaveLength(2)
    for (const { file } of body.proposals) {
      for (const key of [LOCAL_KEYS.owners[0], LOCAL_KEYS.owners[2]]) {
        const s = await net.run(['safe', 'sign', file, '--yes', '--json'], as(key))
        expect(s.code, s.stdout + s.stderr).toBe(0)
      }
      const ex = await net.run(['safe', 'execute', file, '--yes', '--json'], as(LOCAL_KEYS.deployer))
      expect(ex.code, ex.stdout + ex.stderr).toBe(0)
    }

    // done when: `vault stabilizer pools --json` lists the four public pools on both chains
    const reg = (await net.run(['stabilizer', 'pools', '--json'])).json<StabilizerPoolsResult>()
    expect(reg.chains.map((c) => [c.chainId, c.pools.map((p) => p.pair).sort()])).toEqual([
      [138, [...PAIRS].sort()],
      [651940, [...PAIRS].sort()],
    ])
    for (const id of ['138', '651940']) {
      const after = (await net.run(['pools', 'list', '--chain', id, '--json'])).json<Row[]>()
      const pub = after.filter((p) => p.visibility === 'public')
      expect(pub.map((p) => p.pair).sort()).toEqual([...PAIRS].sort())
      // each opens on the oracle peg: within 1 bp
      for (const p of pub) expect(Math.abs(Number(p.deviationBps)), p.pair).toBeLessThanOrEqual(1)
    }

    const again = await net.run(args)
    expect(again.code, again.stderr).toBe(0)
    const second = again.json<PoolsCreateResult>()
    expect(second.pools.every((p) => p.status === 'exists' && p.stabilizer === 'registered' && p.recorded)).toBe(true)
    expect(second.proposals).toEqual([])
    const saved = (await net.run(['config', 'show', '--json'])).json<ConfigShowResult>().settings
    for (const id of ['138', '651940'])
      expect(Object.keys(saved.chains[id as ChainKey]?.pools ?? {}).sort()).toEqual([...PAIRS].sort())
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
    const rows = (await net.run(['pools', 'list', '--chain', '138', '--json']))
      .json<Row[]>()
      .filter((p) => p.visibility === 'public')
    expect(rows).toHaveLength(4)
    for (const p of rows) {
      expect(BigInt(p.baseReserve)).toBe(101_000_000_000n) // the 1,000 seed and the 100,000 added
      expect(BigInt(p.quoteReserve)).toBeGreaterThan(0n)
    }
    const q = await net.run(['pools', 'quote', 'cEURT/cXAUC', '--sell', '2500', 'cEURT', '--json'])
    expect(q.code, q.stderr).toBe(0)
    expect(q.json<PoolsQuoteResult>().agree).toBe(true)
    const short = await net.run(
      ['pools', 'add-liquidity', 'cUSDT/cUSDC', '--base', '1', '--yes', '--json'],
      as(LOCAL_KEYS.outsider),
    )
    expect(short.code).toBe(3)
    expect(short.json<ErrorEnvelope>().error.code).toBe('INSUFFICIENT_BALANCE')
  })
})
