import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { SimulateTuneResult } from '../../src/commands/simulate/tune.js'
import type { SimReport } from '../../src/core/sim/report.js'
import { runCli, tempConfigDir } from '../helpers/cli.js'

describe('vault simulate tune', () => {
  const cfg = tempConfigDir()
  const dir = mkdtempSync(join(tmpdir(), 'vault-tune-'))
  const run = (...args: string[]) => runCli(['simulate', ...args], { configDir: cfg.dir })
  afterAll(() => {
    cfg.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  it('finds a passing set, writes it to a profile, and `vault simulate` with that profile passes the same runs', async () => {
    const easy = join(dir, 'easy.json')
    writeFileSync(
      easy,
      JSON.stringify({ multiplier: 1, blocks: 200, drains: { rate: 0, flashRate: 0 }, demand: { rate: 0 } }),
    )
    const args = ['tune', '--scenario', easy, '--candidates', '6', '--rungs', '4,12', '--json']
    const [a, again] = await Promise.all([run(...args, '--write-profile', 'tuned'), run(...args)])
    expect(a.code, a.stderr).toBe(0)
    const r = a.json<SimulateTuneResult>()
    expect(r.best.passes).toBe(true)
    expect(r.best.runs).toBe(12)
    expect(r.frontier).toBeNull()
    expect(r.wroteProfile).toEqual({
      name: 'tuned',
      keys: expect.arrayContaining(['stabilizer.sustainBlocks', 'bridge.arbThresholdBps']),
    })
    // seeded: the same search gives the same answer
    expect(again.json<SimulateTuneResult>().best).toEqual(r.best)
    // the whole set, the bot's threshold included, comes from the profile: no flag repeats it
    const check = await run('--profile', 'tuned', '--scenario', easy, '--runs', '12', '--json')
    expect(check.code, check.stderr).toBe(0)
    const sim = check.json<SimReport>()
    expect(sim.params.stabilizer).toMatchObject({
      thresholdBps: r.best.set.thresholdBps,
      sustainBlocks: r.best.set.sustainBlocks,
      twapWindow: r.best.set.twapWindow,
      minBlocks: r.best.set.minBlocks,
    })
    expect(sim.params.arbThresholdBps).toBe(r.best.set.arbThresholdBps)
    expect(sim.targets.map((t) => [t.id, t.value, t.margin, t.verdict])).toEqual(
      r.best.targets.map((t) => [t.id, t.value, t.margin, t.verdict]),
    )
  })

  it('when no set passes: exit 2, the binding target and the frontier; the profile is not written', async () => {
    const t = await run(
      'tune',
      '--candidates',
      '4',
      '--rungs',
      '3,6',
      '--blocks',
      '240',
      '--write-profile',
      'nope',
      '--json',
    )
    expect(t.code, t.stderr).toBe(2)
    const r = t.json<SimulateTuneResult>()
    expect(r.best.passes).toBe(false)
    expect(r.wroteProfile).toBeNull()
    expect(r.frontier!.targets).toHaveLength(2)
    expect(r.frontier!.targets[0]).toBe(r.best.binding)
    expect(r.frontier!.points.length).toBeGreaterThan(0)
    const bad = await run('tune', '--rungs', '10,5', '--json')
    expect(bad.code).toBe(3)
  })
})
