import type { Address, Hex } from 'viem'
import type { ChainKey, Profile } from '../config/schema.js'
import { setValue } from '../config/store.js'

export interface PoolRecord {
  chainId: number
  /** `BASE/QUOTE` for a public pool, the token symbol for a private mesh leg. */
  name: string
  pool: Address
  kind: 'pools' | 'privatePools'
}

/**
 * Write pools that exist on chain into the profile (`chains.<id>.pools.<BASE/QUOTE>` or `.privatePools.<SYM>`).
 * A name the profile already maps to another pool keeps it (the first pool of a pair, as the integration's
 * `getPool`). Returns the records written or already there.
 */
async function recordPools(profileName: string, profile: Profile, records: PoolRecord[]): Promise<PoolRecord[]> {
  const out: PoolRecord[] = []
  for (const r of records) {
    const current = profile.chains[String(r.chainId) as ChainKey]?.[r.kind]?.[r.name]
    if (current && current.toLowerCase() !== r.pool.toLowerCase()) continue
    if (!current) await setValue(profileName, `chains.${r.chainId}.${r.kind}.${r.name}`, r.pool)
    out.push(r)
  }
  return out
}

/** A created (or found) pool or leg as the create flows report it. */
/** A row of a create flow's JSON (`pools create`, `pools mesh create`): one new pool and its seed. */
export interface SeededPoolRow {
  chainId: number
  pool: Address
  i: bigint
  /** Seed, in base units. */
  baseAmount: bigint
  quoteAmount: bigint
  /** Mid price the pool opens at (read back when sent; planned when proposed; the pool's own when it exists). */
  midPrice: bigint
  /** The oracle's price (mid-price units; the cross rate for a mesh leg) and the opening mid's gap from it. */
  oraclePrice: bigint
  offPegBps: bigint
  status: 'created' | 'proposed' | 'exists'
  /** Written into the profile (pools that exist on chain). */
  recorded: boolean
  txHash?: Hex
}

type PoolRow = Pick<SeededPoolRow, 'chainId' | 'pool' | 'status' | 'recorded'>

/**
 * After a create flow: record in the profile what is on chain (every row but a `proposed` one, which exists only
 * once the Safe executes it) and mark on each row whether the profile now holds it.
 */
export async function recordAndMark<R extends PoolRow>(
  { profileName, profile }: { profileName: string; profile: Profile },
  { rows, kind, nameOf }: { rows: R[]; kind: PoolRecord['kind']; nameOf: (row: R) => string },
): Promise<R[]> {
  const onChain = rows.filter((r) => r.status !== 'proposed')
  const recorded = await recordPools(
    profileName,
    profile,
    onChain.map((r) => ({ chainId: r.chainId, name: nameOf(r), pool: r.pool, kind })),
  )
  for (const r of rows) r.recorded = recorded.some((x) => x.chainId === r.chainId && x.pool === r.pool)
  return rows
}
