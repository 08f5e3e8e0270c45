import { type Address, erc20Abi } from 'viem'
import type { VaultClient } from '../chain/client.js'
import { readContracts } from '../chain/read.js'
import { stabilizerParamsOf } from '../config/presets.js'
import type { ChainId, Profile } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { poolParamsOf } from '../stabilizer/check.js'
import type { ProposedResult, Route, WriteRoute } from '../tx/call.js'
import { type Performed, performEach } from '../tx/perform.js'
import {
  type CreatePlan,
  type CreateSpec,
  createdAtPlanned,
  duplicateError,
  firstSentOfEach,
  PUBLIC_SET,
  planPoolCreate,
  poolAllocator,
} from './create.js'
import { verifyPool } from './create-verify.js'
import { recordAndMark, type SeededPoolRow } from './record.js'

export interface CreateDeps {
  chains: ChainId[]
  client(id: ChainId): Promise<VaultClient>
  profileName: string
  profile: Profile
}

export interface CreateFlowOptions extends WriteRoute {
  publicSet: boolean
  spec: Omit<CreateSpec, 'base' | 'quote'> & Partial<Pick<CreateSpec, 'base' | 'quote'>>
  acceptOffPeg: boolean
  onStep?: (line: string) => void
}

/** One pool of `vault pools create --json`. Amounts and prices are bigint (decimal strings in JSON). */
export interface CreatedPool extends SeededPoolRow {
  pair: string
  base: string
  quote: string
  k: bigint
  lpFeeRate: bigint
  isOpenTWAP: boolean
  /** Stabilizer registration: done, in the proposal, or not (TWAP off). */
  stabilizer: 'registered' | 'proposed' | 'not registered'
}

/** JSON of `vault pools create`. */
export interface PoolsCreateResult {
  pools: CreatedPool[]
  /** One Safe proposal (a MultiSend batch) per chain, when proposed. */
  proposals: ProposedResult[]
  warnings: string[]
}

interface ChainPlan {
  chainId: ChainId
  client: VaultClient
  plans: CreatePlan[]
}

async function planChain(
  deps: CreateDeps,
  id: ChainId,
  opts: CreateFlowOptions,
  provider: Address,
): Promise<ChainPlan> {
  const client = await deps.client(id)
  const pairs = opts.publicSet ? PUBLIC_SET : [[opts.spec.base!, opts.spec.quote!] as [string, string]]
  const integration = client.deployment.contracts.integration
  const nextPool = integration ? await poolAllocator(client, integration) : () => provider
  const ctx = {
    provider,
    thresholdBps: BigInt(deps.profile.stabilizer.thresholdBps),
    params: poolParamsOf(stabilizerParamsOf(deps.profile.stabilizer)),
    acceptOffPeg: opts.acceptOffPeg,
    nextPool,
  }
  const plans: CreatePlan[] = []
  for (const [base, quote] of pairs)
    plans.push(await planPoolCreate(client, { spec: { ...opts.spec, base, quote }, ...ctx }))
  // a re-run completes an earlier one (registers, records); a pool with nothing left to do is a duplicate
  const done = (p: CreatePlan) =>
    p.actions.length === 0 && client.deployment.pools[p.pair]?.toLowerCase() === p.pool.toLowerCase()
  if (!opts.publicSet && plans[0].existing && done(plans[0])) throw duplicateError(plans[0])
  const seeds = plans.filter((p) => !p.existing)
  await checkBalances(client, provider, [
    ...seeds.map((p) => ({ token: p.base, amount: p.seed.baseAmount })),
    ...seeds.map((p) => ({ token: p.quote, amount: p.seed.quoteAmount })),
  ])
  return { chainId: id, client, plans }
}

/** The payer must hold every seed before anything is sent (a short balance would fail the batch halfway). */
export async function checkBalances(
  client: VaultClient,
  provider: Address,
  seeds: { token: { address: Address; symbol: string }; amount: bigint }[],
) {
  const need = new Map<Address, { symbol: string; amount: bigint }>()
  for (const { token, amount } of seeds) {
    const cur = need.get(token.address) ?? { symbol: token.symbol, amount: 0n }
    need.set(token.address, { symbol: cur.symbol, amount: cur.amount + amount })
  }
  const tokens = [...need.keys()]
  const balances = await readContracts(
    client,
    tokens.map((address) => ({
      address,
      abi: erc20Abi,
      functionName: 'balanceOf' as const,
      args: [provider] as const,
    })),
  )
  tokens.forEach((t, n) => {
    const have = balances[n].status === 'success' ? (balances[n].result as bigint) : 0n
    const { symbol, amount } = need.get(t)!
    if (have < amount) {
      throw new VaultError(
        'INSUFFICIENT_BALANCE',
        `${provider} holds ${have} ${symbol} base units, the seeds need ${amount}`,
        {
          details: `chain ${client.chainId}; nothing was sent or written`,
          hints: ['Seed with less (--base-amount), or fund the payer first.'],
        },
      )
    }
  })
}

/** The payer: the key's address, or the Safe. */
export const payerOf = (route: Route): Address => (route.kind === 'key' ? route.account.address : route.safe)

const row = (p: CreatePlan, status: CreatedPool['status'], stab: CreatedPool['stabilizer']): CreatedPool => ({
  chainId: p.chainId,
  pair: p.pair,
  pool: p.pool,
  base: p.base.symbol,
  quote: p.quote.symbol,
  i: p.seed.i,
  k: p.k,
  lpFeeRate: p.lpFeeRate,
  isOpenTWAP: p.isOpenTWAP,
  baseAmount: p.seed.baseAmount,
  quoteAmount: p.seed.quoteAmount,
  midPrice: p.seed.mid,
  oraclePrice: p.seed.oracleMid,
  offPegBps: p.seed.offPegBps,
  status,
  stabilizer: stab,
  recorded: false,
})

/**
 * `pools create` on one or both chains: every chain is planned (seeded at the peg, judged against θ) and simulated
 * before one confirmation; then each chain's calls go as one Safe MultiSend batch (create, seed, register: all or
 * nothing) or, with a key, as transactions in order, each pool read back and verified. Pools that exist on chain
 * are recorded in the profile. An existing pool the Stabilizer lacks is registered (so a re-run completes a run
 * that stopped after the creation).
 */
export async function createPools(deps: CreateDeps, opts: CreateFlowOptions): Promise<PoolsCreateResult> {
  const provider = payerOf(opts.route)
  const chains: ChainPlan[] = []
  for (const id of deps.chains) chains.push(await planChain(deps, id, opts, provider))
  const warnings = chains.flatMap((c) => c.plans.flatMap((p) => p.warnings))
  for (const w of warnings) opts.onStep?.(`⚠ ${w}`)
  const out = new Map<CreatePlan, CreatedPool>()
  for (const c of chains) {
    for (const p of c.plans.filter((x) => x.existing)) {
      const stab = p.registered
        ? 'registered'
        : !p.actions.length
          ? 'not registered'
          : opts.route.kind === 'safe'
            ? 'proposed'
            : 'registered'
      out.set(p, row(p, 'exists', stab))
      opts.onStep?.(`${p.pair} on ${c.chainId} exists at ${p.pool}${p.registered ? '' : ': registering it'}`)
    }
  }
  const todo = chains.filter((c) => c.plans.some((p) => p.actions.length > 0))
  const done = await performEach(
    todo.map((c) => ({ client: c.client, actions: c.plans.flatMap((p) => p.actions) })),
    opts.route,
    {
      confirm: opts.confirm,
      description: opts.publicSet ? 'Create, seed and register the public pools' : undefined,
      verify: (n, d) => verifyChain(todo[n], d, out, opts),
    },
  )
  const proposals = done.flatMap((d) => (d.proposal ? [d.proposal] : []))
  if (proposals.length) {
    for (const c of todo) for (const p of c.plans.filter((x) => !x.existing)) out.set(p, row(p, 'proposed', 'proposed'))
  }
  const pools = chains.flatMap((c) => c.plans.map((p) => out.get(p)!))
  await recordAndMark(deps, { rows: pools, kind: 'pools', nameOf: (p) => p.pair })
  return { pools, proposals, warnings }
}

/** Key route: each created pool must be at its planned address and read back as planned. */
async function verifyChain(c: ChainPlan, d: Performed, out: Map<CreatePlan, CreatedPool>, opts: CreateFlowOptions) {
  if (!d.sent) return
  for (const [p, sent] of firstSentOfEach(c.plans, d.sent)) {
    if (p.existing) continue
    const pool = createdAtPlanned(sent, p.pool, p.pair)
    const { problems, midPrice } = await verifyPool(c.client, p, c.client.deployment.contracts.stabilizer)
    if (problems.length) {
      throw new VaultError('POOL_VERIFY_FAILED', `Pool ${pool} does not match what was asked`, {
        details: problems.join('; '),
        data: { pool, txHash: sent.txHash },
      })
    }
    opts.onStep?.(`✔ ${p.pair} on ${c.chainId} at ${pool}: seeded at mid ${midPrice}, registered, verified`)
    out.set(p, {
      ...row(p, 'created', p.isOpenTWAP ? 'registered' : 'not registered'),
      midPrice: midPrice ?? p.seed.mid,
      txHash: sent.txHash,
    })
  }
}
