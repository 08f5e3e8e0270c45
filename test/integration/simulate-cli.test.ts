import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { SimReport } from '../../src/core/sim/report.js'
import { runCli, tempConfigDir } from '../helpers/cli.js'

describe('vault simulate', () => {
  const cfg = tempConfigDir()
  const dir = mkdtempSync(join(tmpdir(), 'vault-sim-'))
  const file = (name: string) => join(dir, name)
  const run = (...args: string[]) => runCli(['simulate', ...args], { configDir: cfg.dir })
  afterAll(() => {
    cfg.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  it('at the profile defaults misses targets (exit 2) and reports every metric in --json', async () => {
    const [json, text] = await Promise.all([
      run('--runs', '3', '--blocks', '240', '--json'),
      run('--runs', '3', '--blocks', '240'),
    ])
    expect(json.code, json.stderr).toBe(2)
    const r = json.json<SimReport>()
    expect(r.path).toBe('float')
    expect(r.params).toMatchObject({
      multiplier: 5,
      runs: 3,
      blocks: 240,
      verdictPercentile: 99,
      volumePerHour: '50000000000',
      depth: '1000000000000',
      drainSize: '10000000000',
    })
    expect(r.model.pools).toEqual(['cUSDT/cUSDC', 'cUSDT/cXAUC', 'cUSDC/cXAUC', 'cEURT/cXAUC'])
    expect(r.targets.map((t) => t.id)).toEqual(['peg', 'spread', 'rebalanceLatency', 'flashRecovery', 'cantilever'])
    for (const t of r.targets) {
      expect(['pass', 'fail', 'no data']).toContain(t.verdict)
      expect(t.percentile).toBe(99)
      expect(Object.keys(t.overRuns).sort()).toEqual(['p50', 'p95', 'p99', 'runs', 'worst'])
    }
    expect(r.targets.find((t) => t.id === 'flashRecovery')!.verdict).toBe('fail')
    expect(r.series.deviation.p50).toHaveLength(200)
    expect(r.runs).toHaveLength(3)
    expect(r.ok).toBe(false)
    expect(json.stderr).toBe('')
    expect(text.code).toBe(2)
    expect(text.stdout).toMatch(/Flash drain recovery\t.*FAIL/)
    expect(text.stdout).toMatch(/missed \(exit 2\)/)
  })

  it('gives byte-identical JSON with 1 and 2 worker threads', async () => {
    const args = ['--runs', '12', '--blocks', '300', '--seed', '5', '--json']
    const [one, two] = await Promise.all([run(...args, '--workers', '1'), run(...args, '--workers', '2')])
    expect(one.code, one.stderr).toBe(2)
    expect(two.stdout).toBe(one.stdout)
  })

  it('merges 4 shards into exactly the one-run result; refuses a missing, repeated or foreign shard', async () => {
    const args = ['--runs', '10', '--blocks', '200', '--seed', '3']
    const shards = await Promise.all(
      [0, 1, 2, 3].map((i) => run(...args, '--shard', `${i}/4`, '--out', file(`s${i}.json`), '--json')),
    )
    for (const s of shards) expect(s.code, s.stderr).toBe(0)
    expect(shards[1].json()).toEqual({ shard: { index: 1, count: 4 }, runs: 3, file: file('s1.json') })
    const merge = (...files: string[]) => runCli(['simulate', 'merge', ...files, '--json'], { configDir: cfg.dir })
    const [whole, merged, missing, twice, foreign] = await Promise.all([
      run(...args, '--json'),
      merge(file('s3.json'), file('s0.json'), file('s2.json'), file('s1.json')),
      merge(file('s0.json'), file('s1.json'), file('s2.json')),
      merge(file('s0.json'), file('s1.json'), file('s2.json'), file('s2.json')),
      run('--runs', '10', '--blocks', '200', '--seed', '4', '--shard', '3/4', '--out', file('x3.json')).then(() =>
        merge(file('s0.json'), file('s1.json'), file('s2.json'), file('x3.json')),
      ),
    ])
    expect(merged.code).toBe(whole.code)
    expect(merged.stdout).toBe(whole.stdout)
    expect(missing.code).toBe(3)
    expect(missing.json<ErrorEnvelope>().error.message).toMatch(/Missing shard 3\/4/)
    expect(twice.code).toBe(3)
    expect(foreign.code).toBe(3)
    expect(foreign.json<ErrorEnvelope>().error.message).toMatch(/another simulation/)
  })

  it('writes the per-block CSV of a chosen run', async () => {
    const r = await run('--runs', '2', '--blocks', '50', '--csv', file('run1.csv'), '--csv-run', '1', '--json')
    expect(r.code, r.stderr).toBe(2)
    const lines = readFileSync(file('run1.csv'), 'utf8').trim().split('\n')
    expect(lines).toHaveLength(51)
    expect(lines[0].split(',')).toContain('dev_bps:138:cUSDT/cXAUC')
    expect(lines[1].split(',')).toHaveLength(lines[0].split(',').length)
  })

  it('reads a scenario file and names the field of a bad value', async () => {
    writeFileSync(file('ok.json'), JSON.stringify({ runs: 2, blocks: 60, drains: { rate: 0.01 } }))
    writeFileSync(file('bad.json'), JSON.stringify({ runs: 2, oracle: { updateBlocks: 0 } }))
    writeFileSync(file('broken.json'), '{ runs: 2')
    const [ok, bad, broken] = await Promise.all([
      run('--scenario', file('ok.json'), '--json'),
      run('--scenario', file('bad.json'), '--json'),
      run('--scenario', file('broken.json'), '--json'),
    ])
    expect(ok.json<SimReport>().params).toMatchObject({ runs: 2, blocks: 60, drainRate: 0.01 })
    expect(bad.code).toBe(3)
    expect(bad.json<ErrorEnvelope>().error.message).toMatch(
      /^scenario\.oracle\.updateBlocks must be a whole number from 1/,
    )
    expect(broken.code).toBe(3)
  })

  it('refuses bad input with exit 3', async () => {
    const bad = await Promise.all([
      run('--multiplier', '0', '--json'),
      run('--runs', '0', '--json'),
      run('--blocks', '3', '--json'),
      run('--flash-rate', '1.5', '--json'),
      run('--drain-rate=-0.1', '--json'),
      run('--per-block-cap', '1.5', '--json'),
      run('--runs', 'many'),
      run('--shard', '4/4', '--out', file('n.json'), '--json'),
      run('--shard', '0/4', '--json'),
      run('--path', 'fast', '--json'),
    ])
    for (const r of bad) expect(r.code, r.stdout + r.stderr).toBe(3)
    expect(bad[0].json<ErrorEnvelope>().error).toMatchObject({
      code: 'NUMBER_INVALID',
      field: 'multiplier',
      flag: '--multiplier',
    })
    expect(bad[2].json<ErrorEnvelope>().error).toMatchObject({
      code: 'NUMBER_INVALID',
      field: 'blocks',
      flag: '--blocks',
    })
  })
})
