import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * Files that spend their time waiting on the clock, not on a core: `vault stress` drives an interval-mined localnet
 * (a block a second). They start first so the wait overlaps the CPU-bound files; on a fresh clone, with no timings
 * cached, vitest orders files by size and would run this one last, alone.
 */
const CLOCK_BOUND = ['test/integration/stress-cli.test.ts']

export default class ClockBoundFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const clockBound = (f: TestSpecification) => CLOCK_BOUND.some((p) => f.moduleId.endsWith(p))
    return [...sorted.filter(clockBound), ...sorted.filter((f) => !clockBound(f))]
  }
}
