#!/usr/bin/env node
// Benchmarks that print ratios, never assert wall-clock times.
//   node scripts/bench.mjs startup   `vault --version`, plain commands and a help page vs `node -e ""` (median of N runs,
//                                    BENCH_RUNS, default 15; target ≤ 2x)
//   node scripts/bench.mjs pools     RPC round trips of `vault pools list` for 4 and 40 pools (must not grow)
//   node scripts/bench.mjs           all of them
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
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

// `vault --version` is fast-pathed in bin/run.js; commands that only compute must start nearly as fast (no chain, no
// heavy imports); `config show` reads the profile; a help page takes oclif's full start-up (core plugins, help class)
const COMMANDS = [
  ['--version'],
  ['reserve', 'size', '--peak-outflow', '10000', '--window', '5', '--safety', '3'],
  ['reserve', 'cantilever', '--size', '5', '--frequency', '33', '--imbalance', '165'],
  ['config', 'show'],
  ['deviation', '--help'],
]

function startup() {
  if (!existsSync(join(root, 'oclif.manifest.json')))
    throw new Error('run `npm run build` first (no oclif.manifest.json)')
  for (const args of COMMANDS) time(['bin/run.js', ...args]) // warm the compile cache
  // rounds interleave node and every command, so a load that comes and goes on a shared machine hits all alike
  const node = []
  const vault = COMMANDS.map(() => [])
  for (let i = 0; i < runs; i++) {
    node.push(time(['-e', '']))
    for (const [c, args] of COMMANDS.entries()) vault[c].push(time(['bin/run.js', ...args]))
  }
  const base = median(node)
  console.log(`startup: node -e "" ${base.toFixed(1)} ms (median of ${runs}; load average ${loadavg()[0].toFixed(2)})`)
  COMMANDS.forEach((args, c) => {
    const name = args.filter((a, i) => i < 2 || a === '--help').join(' ')
    const ratio = median(vault[c]) / base
    const verdict = ratio <= 2 ? 'OK' : 'OVER TARGET'
    console.log(`vault ${name}: ${median(vault[c]).toFixed(1)} ms, ${ratio.toFixed(2)}x node (target ≤ 2x) ${verdict}`)
  })
}

if (which === 'startup' || which === 'all') startup()
if (which === 'pools' || which === 'all') {
  const r = spawnSync(process.execPath, [join(root, 'scripts/bench-pools.mjs')], { stdio: 'inherit' })
  if (r.status !== 0 && which === 'pools') process.exit(r.status ?? 1)
}
