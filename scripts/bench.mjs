#!/usr/bin/env node
// Benchmarks that print ratios, never assert wall-clock times.
//   node scripts/bench.mjs startup   `vault --version`, `reserve size` vs `node -e ""` (median of N runs; target ≤ 2x)
//   node scripts/bench.mjs pools     RPC round trips of `vault pools list` for 4 and 40 pools (must not grow)
//   node scripts/bench.mjs           all of them
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const which = process.argv[2] ?? 'all'
const runs = Number(process.env.BENCH_RUNS ?? 15)

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function time(args) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } })
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`)
  return Number(process.hrtime.bigint() - t0) / 1e6
}

function startup() {
  if (!existsSync(join(root, 'oclif.manifest.json')))
    throw new Error('run `npm run build` first (no oclif.manifest.json)')
  time(['bin/run.js', '--version']) // warm the compile cache
  const node = []
  const vault = []
  for (let i = 0; i < runs; i++) {
    node.push(time(['-e', '']))
    vault.push(time(['bin/run.js', '--version']))
  }
  const ratio = median(vault) / median(node)
  console.log(
    `startup: node -e "" ${median(node).toFixed(1)} ms · vault --version ${median(vault).toFixed(1)} ms (median of ${runs})`,
  )
  console.log(`startup ratio: ${ratio.toFixed(2)}x (target ≤ 2x) ${ratio <= 2 ? 'OK' : 'OVER TARGET'}`)
  // commands that only compute must start nearly as fast (no chain, no heavy imports)
  for (const args of [
    ['reserve', 'size', '--peak-outflow', '10000', '--window', '5', '--safety', '3'],
    ['reserve', 'cantilever', '--size', '5', '--frequency', '33', '--imbalance', '165'],
  ]) {
    const t = []
    for (let i = 0; i < runs; i++) t.push(time(['bin/run.js', ...args]))
    console.log(
      `vault ${args.slice(0, 2).join(' ')}: ${median(t).toFixed(1)} ms, ${(median(t) / median(node)).toFixed(2)}x node (target ≤ 2x)`,
    )
  }
}

if (which === 'startup' || which === 'all') startup()
if (which === 'pools' || which === 'all') {
  const r = spawnSync(process.execPath, [join(root, 'scripts/bench-pools.mjs')], { stdio: 'inherit' })
  if (r.status !== 0 && which === 'pools') process.exit(r.status ?? 1)
}
