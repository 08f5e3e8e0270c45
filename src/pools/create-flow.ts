import type { Address, Hex } from 'viem'
import type { VaultClient } from '../chain/client.js'
import type { ChainSettings } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import type { ProposedResult, Route } from '../tx/call.js'
import { perform } from '../tx/perform.js'
import {
  type CreatePlan,
  type CreateSpec,
  createdPool,
  duplicateError,
  PUBLIC_SET,
  planPoolCreate,
  verifyPool,
} from './create.js'

export interface CreateFlowOptions {
  publicSet: boolean
  spec: Omit<CreateSpec, 'base' | 'quote'> & Partial<Pick<CreateSpec, 'base' | 'quote'>>
  route: Route
  /** Asked once with the full description of what will be sent; throws to cancel. */
  confirm: (summary: string) => Promise<void>
  onStep?: (line: string) => void
}

export interface CreatedPool {
  pool?: Address
  base: string
  quote: string
  i: bigint
  k: bigint
  lpFeeRate: bigint
  isOpenTWAP: boolean
  status: 'created' | 'exists' | 'proposed'
  txHash?: Hex
}

/** Plan the creations, then the spine: simulate, confirm, send (key) or propose (Safe), verify each new pool. */
export async function createPools(
  client: VaultClient,
  settings: ChainSettings,
  opts: CreateFlowOptions,
): Promise<{ pools: CreatedPool[]; proposal?: ProposedResult }> {
  const pairs = opts.publicSet ? PUBLIC_SET : [[opts.spec.base!, opts.spec.quote!] as [string, string]]
  const plans: CreatePlan[] = []
  for (const [base, quote] of pairs) plans.push(await planPoolCreate(client, settings, { ...opts.spec, base, quote }))
  if (!opts.publicSet && plans[0].existing && !opts.spec.allowDuplicate) throw duplicateError(plans[0])
  const todo = plans.filter((p) => !p.existing || opts.spec.allowDuplicate)
  const row = (p: CreatePlan, status: CreatedPool['status'], pool?: Address, txHash?: Hex): CreatedPool => ({
    pool,
    base: p.base.symbol,
    quote: p.quote.symbol,
    i: p.i,
    k: p.k,
    lpFeeRate: p.lpFeeRate,
    isOpenTWAP: p.isOpenTWAP,
    status,
    txHash,
  })
  const out: CreatedPool[] = plans.filter((p) => !todo.includes(p)).map((p) => row(p, 'exists', p.existing))
  for (const p of out) opts.onStep?.(`${p.base}/${p.quote} exists at ${p.pool}: skipped`)
  if (todo.length === 0) return { pools: out }

  const done = await perform(
    client,
    todo.map((p) => p.action),
    opts.route,
    {
      confirm: opts.confirm,
      onSent: (sent, n) => opts.onStep?.(`${todo[n].base.symbol}/${todo[n].quote.symbol} created (tx ${sent.txHash})`),
      verify: async (d) => {
        for (const [n, sent] of (d.sent ?? []).entries()) {
          const p = todo[n]
          const pool = createdPool(sent.receipt)
          const problems = await verifyPool(client, pool, p)
          if (problems.length) {
            throw new VaultError('POOL_VERIFY_FAILED', `Pool ${pool} does not match what was asked`, {
              details: problems.join('; '),
              data: { pool, txHash: sent.txHash },
            })
          }
          opts.onStep?.(`${p.base.symbol}/${p.quote.symbol} at ${pool}: verified`)
          out.push(row(p, 'created', pool, sent.txHash))
        }
      },
    },
  )
  if (done.proposal) return { pools: [...out, ...todo.map((p) => row(p, 'proposed'))], proposal: done.proposal }
  return { pools: out }
}
