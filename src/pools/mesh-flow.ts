import type { Address } from 'viem'
import { stabilizerAbi, vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts } from '../chain/read.js'
import { requireContract } from '../config/context.js'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { parseK, percentToFee } from '../core/pmm/convert.js'
import type { ProposedResult, WriteRoute } from '../tx/call.js'
import { type Performed, performEach } from '../tx/perform.js'
import { createdAtPlanned, firstSentOfEach, poolAllocator } from './create.js'
import { type CreateDeps, checkBalances, payerOf } from './create-flow.js'
import { type MeshChainPlan, type MeshLegPlan, planMeshChain } from './mesh-create.js'
import { recordAndMark, type SeededPoolRow } from './record.js'

export interface MeshCreateOptions extends WriteRoute {
  k: string
  fee: string
  baseAmount?: string
  /** θ a new leg's opening mid is judged against (bps). */
  thresholdBps: bigint
  acceptOffPeg: boolean
  onStep?: (line: string) => void
}

/** One leg of `vault pools mesh create --json` (bigint as decimal strings). */
export interface MeshLegCreated extends SeededPoolRow {
  token: string
  /** What this run did (or proposed) for the leg: create, seed, admin (hand-over to the Stabilizer), mesh. */
  steps: ('create' | 'seed' | 'admin' | 'mesh')[]
}

/** JSON of `vault pools mesh create`. */
export interface MeshCreateResult {
  legs: MeshLegCreated[]
  proposals: ProposedResult[]
  warnings: string[]
}

interface ChainWork extends MeshChainPlan {
  chainId: ChainId
  client: VaultClient
}

const row = (l: MeshLegPlan, status: MeshLegCreated['status']): MeshLegCreated => ({
  chainId: l.chainId,
  token: l.token.symbol,
  pool: l.pool,
  i: l.seed.i,
  baseAmount: l.seed.baseAmount,
  quoteAmount: l.seed.quoteAmount,
  midPrice: l.seed.mid,
  oraclePrice: l.seed.oracleMid,
  offPegBps: l.seed.offPegBps,
  status,
  steps: l.steps,
  recorded: false,
})

/**
 * `pools mesh create` on one or both chains: each mesh token's private leg created, seeded at the oracle cross rate,
 * handed to the Stabilizer as admin and set in its mesh; every chain planned and simulated before one confirmation,
 * then one MultiSend batch per chain (all or nothing) or, with a key, transactions in order, read back and verified.
 */
export async function createMesh(deps: CreateDeps, opts: MeshCreateOptions): Promise<MeshCreateResult> {
  const k = parseK(opts.k)
  const lpFeeRate = percentToFee(opts.fee)
  const work: ChainWork[] = []
  for (const id of deps.chains) {
    const client = await deps.client(id)
    const nextPool = await poolAllocator(client, requireContract(client, 'integration', 'DODOPMMIntegration'))
    const plan = await planMeshChain(client, { ...opts, k, lpFeeRate, nextPool })
    const fresh = plan.legs.filter((l) => !l.existing)
    await checkBalances(client, payerOf(opts.route), [
      ...fresh.map((l) => ({ token: l.token, amount: l.seed.baseAmount })),
      ...fresh.map((l) => ({ token: l.anchor, amount: l.seed.quoteAmount })),
    ])
    work.push({ chainId: id, client, ...plan })
  }
  const warnings = work.flatMap((w) => w.warnings)
  const out = new Map<MeshLegPlan, MeshLegCreated>()
  for (const w of work) for (const l of w.legs) out.set(l, row(l, l.existing ? 'exists' : 'proposed'))
  const todo = work.filter((w) => w.actions.length > 0)
  const done = await performEach(
    todo.map((w) => ({ client: w.client, actions: w.actions })),
    opts.route,
    {
      confirm: opts.confirm,
      description: 'Create, seed and register the private XAU mesh',
      verify: (n, d) => verifyMesh(todo[n], d, out, opts),
    },
  )
  const proposals = done.flatMap((d) => (d.proposal ? [d.proposal] : []))
  const legs = work.flatMap((w) => w.legs.map((l) => out.get(l)!))
  await recordAndMark(deps, { rows: legs, kind: 'privatePools', nameOf: (l) => l.token })
  return { legs, proposals, warnings }
}

/** Key route: each new leg at its planned address, on the cross rate, the Stabilizer its admin and its mesh leg. */
async function verifyMesh(w: ChainWork, d: Performed, out: Map<MeshLegPlan, MeshLegCreated>, opts: MeshCreateOptions) {
  if (!d.sent) return
  const stabilizer = w.client.deployment.contracts.stabilizer as Address
  for (const [l, sent] of firstSentOfEach(w.legs, d.sent)) {
    if (!l.existing) createdAtPlanned(sent, l.pool, `The ${l.token.symbol} leg`)
    const [mid, admin, meshLeg] = await readContracts(w.client, [
      { address: l.pool, abi: vaultPMMPoolAbi, functionName: 'getMidPrice' },
      { address: l.pool, abi: vaultPMMPoolAbi, functionName: '_ADMIN_' },
      { address: stabilizer, abi: stabilizerAbi, functionName: 'privatePoolFor', args: [l.token.address] },
    ])
    const problems = [
      l.existing || mid.result === l.seed.mid ? '' : `mid ${mid.result}, planned ${l.seed.mid}`,
      String(admin.result).toLowerCase() === stabilizer.toLowerCase() ? '' : `admin ${admin.result}`,
      String(meshLeg.result).toLowerCase() === l.pool.toLowerCase() ? '' : `mesh leg ${meshLeg.result}`,
    ].filter(Boolean)
    if (problems.length) {
      throw new VaultError('POOL_VERIFY_FAILED', `The ${l.token.symbol} leg ${l.pool} does not read back as planned`, {
        details: problems.join('; '),
        data: { pool: l.pool, txHash: sent.txHash },
      })
    }
    opts.onStep?.(`✔ ${l.token.symbol}/cXAUC leg on ${w.chainId} at ${l.pool}: ${l.steps.join(', ')}; verified`)
    out.set(l, {
      ...row(l, l.existing ? 'exists' : 'created'),
      midPrice: mid.result as bigint,
      txHash: l.existing ? undefined : sent.txHash,
    })
  }
}
