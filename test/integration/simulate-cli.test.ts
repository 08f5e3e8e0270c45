import { afterAll, describe, expect, it } from 'vitest'
import { runCli, tempConfigDir } from '../helpers/cli.js'

describe('vault simulate', () => {
  const cfg = tempConfigDir()
  const run = (...args: string[]) => runCli(['simulate', ...args], { configDir: cfg.dir })
  afterAll(() => cfg.cleanup())

  it('at the profile defaults misses targets (exit 2) and reports every metric in --json', async () => {
    const [json, text] = await Promise.all([
      run('--runs', '3', '--blocks', '240', '--json'),
      run('--runs', '3', '--blocks', '240'),
    ])
    expect(json.code, json.stderr).toBe(2)
    const r = json.json()
    expect(r.params).toMatchObject({
      multiplier: 5,
      runs: 3,
      blocks: 240,
      volumePerHour: '50000000000',
      depth: '1000000000000',
      drainSize: '10000000000',
      stabilizer: { thresholdBps: 10, sustainBlocks: 3, twapWindow: 5, minBlocks: 3, perBlockCap: '50000000000' },
    })
    expect(r.targets.map((t: { id: string }) => t.id)).toEqual([
      'peg',
      'spread',
      'rebalanceLatency',
      'flashRecovery',
      'cantilever',
    ])
    for (const t of r.targets) {
      expect(['pass', 'fail', 'no data']).toContain(t.verdict)
      expect(Object.keys(t.overRuns).sort()).toEqual(['p50', 'p95', 'runs', 'worst'])
    }
    expect(r.targets.find((t: { id: string }) => t.id === 'flashRecovery').verdict).toBe('fail')
    expect(r.tension).toMatchObject({ N: 3, earliestRecoveryBlocks: 3, meetsTarget: false })
    expect(r.model).toMatchObject({ blocksPerMin: 12, grossFlowPerMin: 4166.67, expectedImbalancePerMin: 833.33 })
    expect(Object.keys(r.metrics).sort()).toEqual(['absDeviationBps', 'arbTrades', 'flash', 'spreadBps', 'stabilizer'])
    expect(Object.keys(r.pooled).sort()).toEqual(['flashRecovery', 'rebalanceLatency'])
    expect(r.runs).toHaveLength(3)
    expect(r.ok).toBe(false)
    expect(json.stderr).toBe('')

    expect(text.code).toBe(2)
    expect(text.stdout).toMatch(/Flash drain recovery\t.*FAIL/)
    expect(text.stdout).toMatch(/N = 3 alone misses the target/)
    expect(text.stdout).toMatch(/missed \(exit 2\)/)
  })

  it('exits 0 when every target is met, and the same seed gives the same report', async () => {
    const args = [
      '--runs', '10', '--multiplier', '1', '--threshold-bps', '5', '--sustain-blocks', '2',
      '--drain-size', '4000', '--latency-blocks', '0', '--json',
    ] // biome-ignore format: flag pairs
    const [a, b] = await Promise.all([run(...args), run(...args)])
    expect(a.code, a.stderr).toBe(0)
    const r = a.json()
    expect(r.targets.map((t: { verdict: string }) => t.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass'])
    expect(r.pooled.flashRecovery.drains).toBeGreaterThan(0)
    expect(r.ok).toBe(true)
    expect(b.stdout).toBe(a.stdout)
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
    ])
    for (const r of bad) expect(r.code, r.stdout + r.stderr).toBe(3)
    expect(bad[0].json().error.message).toMatch(/--multiplier/)
    expect(bad[2].json().error.message).toMatch(/--blocks/)
  })
})
