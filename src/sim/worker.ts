// A simulation worker thread: for each batch of run indexes it receives, posts back their records; the
// parameters come once, with the thread.
import { parentPort, workerData } from 'node:worker_threads'
import type { SimPath } from '../core/sim/backend.js'
import type { SimParams } from '../core/sim/params.js'
import { runRecords } from '../core/sim/report.js'

const { params, path, buckets } = workerData as { params: SimParams; path: SimPath; buckets?: number }
parentPort?.on('message', async (indexes: number[]) => {
  parentPort?.postMessage(await runRecords(params, { path, buckets }, indexes))
})
