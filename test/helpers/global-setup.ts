// vitest globalSetup: owns the shared localnets of a test run. Each vitest worker (VITEST_POOL_ID 1..maxWorkers)
// gets its own pair of chains (138 and 651940, the whole system deployed), started by the first test file that
// asks for it on that worker (`sharedLocalnet()` in ./localnet.ts) and reused by every later file there, each file
// between an evm_snapshot and an evm_revert. Files on one worker run one after another, so a snapshot is never
// shared by two files at once. At the end of the run this teardown stops every chain it finds by its recorded pid.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { isOurAnvil, stopPid } from '../../src/localnet/process.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory holding one sub-directory (config dir + snapshot state) per worker's localnet. */
    localnetRoot: string
  }
}

/** The pids recorded by every worker's `localnet up` under `root`. */
function recordedPids(root: string): number[] {
  if (!existsSync(root)) return []
  const pids: number[] = []
  for (const worker of readdirSync(root)) {
    const state = join(root, worker, 'config', 'localnet.json')
    if (!existsSync(state)) continue
    const { chains } = JSON.parse(readFileSync(state, 'utf8')) as { chains: { pid: number }[] }
    pids.push(...chains.map((c) => c.pid))
  }
  return pids
}

export default function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'vault-localnets-'))
  project.provide('localnetRoot', root)
  // A run cut short (Ctrl-C) exits without the teardown below: stop the chains on the way out all the same.
  const onExit = () => {
    for (const pid of recordedPids(root)) if (isOurAnvil(pid)) process.kill(pid, 'SIGTERM')
    rmSync(root, { recursive: true, force: true })
  }
  process.once('exit', onExit)
  return async () => {
    process.off('exit', onExit)
    await Promise.all(recordedPids(root).map((pid) => stopPid(pid)))
    rmSync(root, { recursive: true, force: true })
  }
}
