import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import ClockBoundFirst from './test/helpers/sequencer.js'

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The integration tests' time is spent in the CLI processes they spawn and in anvil, so one worker per core
    // (at least 2, at most 4: each worker owns a pair of chains).
    maxWorkers: Math.min(4, Math.max(2, availableParallelism())),
    // Shared localnets, one per worker, started on first use and stopped at the end of the run.
    globalSetup: ['test/helpers/global-setup.ts'],
    sequence: { sequencer: ClockBoundFirst },
    projects: [
      {
        extends: true,
        // Unit tests (next to the code) share one module graph per worker instead of re-importing it for every
        // file: they hold no global state between files (an env variable a test sets, it restores).
        test: { name: 'unit', include: ['src/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        // Integration files share one module graph per worker too (importing viem and the code under test once per
        // worker, not once per file: ~1 s of CPU a file). Their state lives in what each file starts and stops (its
        // config dir, proxies, servers, daemons; the worker's localnet is reverted to its snapshot per file), none in
        // the helpers' modules but the secret-scan list, which only grows.
        // The built CLI (bundle/) runs in the workers too (test/helpers/cli-host.ts): Node loads it, not vitest's
        // module transform.
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          isolate: false,
          server: { deps: { external: [/\/bundle\//] } },
        },
      },
    ],
  },
})
