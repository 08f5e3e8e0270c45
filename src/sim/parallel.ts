// Runs of a simulation spread over worker threads. Each run depends only on (params, index), and the report is
// built from the records sorted by index, so the result is the same whatever the number of threads.

import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { packageRoot } from '../config/root.js'
import type { SimPath } from '../core/sim/backend.js'
import type { RunRecord } from '../core/sim/metrics.js'
import type { SimParams } from '../core/sim/params.js'
import { runRecords } from '../core/sim/report.js'

export interface ParallelOptions {
  path: SimPath
  /** Threads (default: the machine's available parallelism, at most one per run). */
  workers?: number
  buckets?: number
  /** Runs to do (default: all of params.runs). */
  indexes?: readonly number[]
  /** Called as runs finish (order across threads varies; only the count is reported). */
  onProgress?: (done: number, total: number) => void
}

export const defaultWorkers = () => availableParallelism()

/** The compiled worker (running from the sources, e.g. under vitest, the built copy in dist/). */
function workerFile(): string {
  const here = fileURLToPath(new URL('./worker.js', import.meta.url))
  return existsSync(here) ? here : join(packageRoot(), 'dist/sim/worker.js')
}

export async function runParallel(params: SimParams, opts: ParallelOptions): Promise<RunRecord[]> {
  const indexes = opts.indexes ?? Array.from({ length: params.runs }, (_, i) => i)
  const n = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), indexes.length))
  let done = 0
  const tick = () => opts.onProgress?.(++done, indexes.length)
  if (n === 1) {
    return runRecords(params, { path: opts.path, buckets: opts.buckets, onRun: tick }, indexes)
  }
  // contiguous slices of small batches, handed out as threads free up: every thread stays busy
  const batch = Math.max(1, Math.min(8, Math.floor(indexes.length / (n * 4))))
  const queue: number[][] = []
  for (let i = 0; i < indexes.length; i += batch) queue.push(indexes.slice(i, i + batch))
  const records: RunRecord[] = []
  const file = workerFile()
  const lane = async () => {
    const w = new Worker(file, { workerData: { params, path: opts.path, buckets: opts.buckets } })
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const batchOf = job
        const got = await new Promise<RunRecord[]>((resolve, reject) => {
          const onError = (e: Error) => reject(e)
          w.once('error', onError)
          w.once('message', (m: RunRecord[]) => {
            w.off('error', onError)
            resolve(m)
          })
          w.postMessage(batchOf)
        })
        records.push(...got)
        for (const _ of got) tick()
      }
    } finally {
      await w.terminate()
    }
  }
  await Promise.all(Array.from({ length: n }, lane))
  return records.sort((a, b) => a.index - b.index)
}
