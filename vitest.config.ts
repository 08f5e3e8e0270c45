import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // Shared localnets, one per worker, started on first use and stopped at the end of the run.
    globalSetup: ['test/helpers/global-setup.ts'],
  },
})
