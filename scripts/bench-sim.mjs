#!/usr/bin/env node
// Simulator throughput: pool-blocks per second per core (14 pools a block: 4 public + 3 legs on each chain),
// for the float path and the exact reference path, each in its own process on one thread. "Per core" divides
// by the CPU time the process used (user + system), so the figure holds on a busy machine; wall-clock
// throughput is printed beside it. Needs `npm run build`.
//   node scripts/bench-sim.mjs                 both paths
//   BENCH_SIM_RUNS=20 BENCH_SIM_BLOCKS=7200 node scripts/bench-sim.mjs float
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const POOLS = 14

async function child(path, runs, blocks) {
  const { DEFAULT_STABILIZER } = await import(join(root, 'dist/config/presets.js'))
  const { resolveSimParams } = await import(join(root, 'dist/core/sim/params.js'))
  const { runRecords } = await import(join(root, 'dist/core/sim/report.js'))
  const params = resolveSimParams({ runs, blocks }, DEFAULT_STABILIZER)
  await runRecords({ ...params, runs: 1 }, { path }, [runs]) // warm-up run outside the measured set
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await runRecords(params, { path })
  const wall = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const cpuSec = (cpu.user + cpu.system) / 1e6
  const work = runs * blocks * POOLS
  process.stdout.write(
    JSON.stringify({
      path,
      runs,
      blocks,
      poolBlocks: work,
      cpuSec,
      wall,
      perCore: work / cpuSec,
      perWall: work / wall,
    }),
  )
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]))
} else {
  if (!existsSync(join(root, 'dist/core/sim/report.js'))) throw new Error('run `npm run build` first')
  const paths = process.argv[2] ? [process.argv[2]] : ['float', 'exact']
  const fmt = (n) => Math.round(n).toLocaleString('en-US')
  for (const path of paths) {
    const runs = Number(process.env.BENCH_SIM_RUNS ?? (path === 'float' ? 20 : 2))
    const blocks = Number(process.env.BENCH_SIM_BLOCKS ?? (path === 'float' ? 7200 : 720))
    const r = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', path, String(runs), String(blocks)],
      {
        cwd: root,
        encoding: 'utf8',
      },
    )
    if (r.status !== 0) throw new Error(`bench child (${path}) failed:\n${r.stderr}`)
    const m = JSON.parse(r.stdout)
    console.log(
      `${path.padEnd(5)}  ${fmt(m.perCore).padStart(11)} pool-blocks/s per core  (${fmt(m.poolBlocks)} pool-blocks: ${runs} runs × ${blocks} blocks × ${POOLS} pools in ${m.cpuSec.toFixed(2)} CPU-s; ${fmt(m.perWall)}/s wall)`,
    )
  }
}
