// Shards: a slice of a simulation's runs written to a file, and the merge of every slice of one simulation back
// into exactly the report a single run gives (the report depends only on the set of run records).
import { readFile } from 'node:fs/promises'
import { VaultError } from '../core/errors.js'
import type { SimPath } from '../core/sim/backend.js'
import type { RunRecord } from '../core/sim/metrics.js'
import type { SimParams } from '../core/sim/params.js'
import { buildReport, type SimReport } from '../core/sim/report.js'

export const SHARD_KIND = 'vault-simulate-shard'
const VERSION = 1

export interface ShardFile {
  kind: typeof SHARD_KIND
  version: number
  shard: { index: number; count: number }
  path: SimPath
  buckets: number
  params: SimParams
  records: RunRecord[]
}

/** Parses `i/n` (0 ≤ i < n). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = m ? Number(m[1]) : Number.NaN
  const count = m ? Number(m[2]) : Number.NaN
  if (!m || count < 1 || index >= count)
    throw new VaultError('PARAM_OUT_OF_RANGE', `--shard must be i/n with 0 ≤ i < n (got "${text}")`)
  return { index, count }
}

/** The run indexes of shard i of n: a contiguous slice, sizes differing by at most one. */
export function shardIndexes(runs: number, shard: { index: number; count: number }): number[] {
  const from = Math.floor((runs * shard.index) / shard.count)
  const to = Math.floor((runs * (shard.index + 1)) / shard.count)
  return Array.from({ length: to - from }, (_, k) => from + k)
}

const encode = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x))
const decode = (text: string) =>
  JSON.parse(text, (_k, x) => (typeof x === 'string' && /^\d+n$/.test(x) ? BigInt(x.slice(0, -1)) : x))

export async function writeShard(file: string, shard: Omit<ShardFile, 'kind' | 'version'>) {
  const { writeOutput } = await import('../config/output-file.js')
  await writeOutput(file, `${encode({ kind: SHARD_KIND, version: VERSION, ...shard })}\n`, 'out')
}

async function readShard(file: string): Promise<ShardFile> {
  let v: ShardFile
  try {
    v = decode(await readFile(file, 'utf8'))
  } catch (e) {
    throw new VaultError('PARAM_OUT_OF_RANGE', `${file} is not a readable shard file`, {
      details: (e as Error).message,
    })
  }
  if (v?.kind !== SHARD_KIND || v.version !== VERSION)
    throw new VaultError('PARAM_OUT_OF_RANGE', `${file} is not a vault simulate shard (v${VERSION})`)
  return v
}

/** Merges the shard files of one simulation: same parameters, path and count; every shard exactly once. */
export async function mergeShards(files: readonly string[]): Promise<SimReport> {
  if (files.length === 0) throw new VaultError('PARAM_OUT_OF_RANGE', 'Give the shard files to merge')
  const shards = await Promise.all(files.map(readShard))
  const first = shards[0]
  const same = encode({ p: first.params, path: first.path, b: first.buckets, n: first.shard.count })
  const seen = new Set<number>()
  shards.forEach((s, k) => {
    if (encode({ p: s.params, path: s.path, b: s.buckets, n: s.shard.count }) !== same) {
      throw new VaultError(
        'PARAM_OUT_OF_RANGE',
        `${files[k]} belongs to another simulation (parameters, path or shard count differ)`,
      )
    }
    if (seen.has(s.shard.index))
      throw new VaultError('PARAM_OUT_OF_RANGE', `Shard ${s.shard.index}/${s.shard.count} is given twice`)
    seen.add(s.shard.index)
  })
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !seen.has(i))
  if (missing.length > 0)
    throw new VaultError(
      'PARAM_OUT_OF_RANGE',
      `Missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${first.shard.count}`).join(', ')}`,
    )
  return buildReport(
    first.params,
    shards.flatMap((s) => s.records),
    first.path,
  )
}
