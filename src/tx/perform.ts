import type { VaultClient } from '../chain/client.js'
import { isVaultError, VaultError } from '../core/errors.js'
import type { Action, ProposedResult, Route, SentResult } from './call.js'
import { proposeSimulated } from './propose.js'
import { sendAction } from './send.js'
import { describeSimulation, type SafeTxCall, type Simulation, simulateOne, simulatePlan } from './simulate.js'

export interface PerformOptions {
  /** Asked once with what will happen (after the simulation); throws to cancel: nothing is signed, sent or written. */
  confirm: (summary: string) => Promise<void>
  /** Lines shown above the simulated calls (e.g. a parameter diff). */
  preface?: string
  /** Safe route: the proposal's nonce (default: next free) and description (default: the calls'). */
  nonce?: bigint
  description?: string
  /** Safe route: propose exactly this Safe transaction (an imported one) instead of the actions' own. */
  safeTx?: SafeTxCall
  /** Key route: after each transaction is mined. */
  onSent?: (sent: SentResult, index: number) => void
  /** The after-hook: read the effect back (throw when it is not what was asked). */
  verify?: (done: Performed) => Promise<void>
}

/** What `perform` is asked: the plan (one call or several), the route, and how to confirm and verify. */
export interface PerformParams extends PerformOptions {
  /** Sent one by one with a key; through a Safe, one proposal (several: one MultiSend batch). */
  actions: Action[]
  route: Route
}

export interface Performed {
  simulation: Simulation
  /** The Safe proposal, when the route is a Safe (several actions: one MultiSend batch). */
  proposal?: ProposedResult
  /** One result per action, in order, when sent with a key. */
  sent?: SentResult[]
}

/** An error in the middle of a sequence says what was mined before it, so nothing is sent twice by mistake. */
function partial(e: unknown, sent: SentResult[], actions: Action[]): unknown {
  if (sent.length === 0 || !isVaultError(e)) return e
  const mined = sent.map((s, n) => ({ description: actions[n].description, txHash: s.txHash }))
  return new VaultError(e.code, e.shortMessage, {
    details: [
      e.details,
      `${sent.length} of ${actions.length} transactions were mined before it: ${mined.map((m) => `${m.description} (${m.txHash})`).join('; ')}`,
    ]
      .filter(Boolean)
      .join('; '),
    hints: e.hints,
    data: { ...e.data, mined },
    cause: e,
  })
}

/**
 * THE write spine. Every state-changing command goes through it:
 * plan (the actions) → simulate (each call from the key at the real gas price, or the Safe transaction from the
 * Safe) → confirm → send with the key, one by one, or write one Safe proposal → verify (the after-hook).
 * A refused confirmation or a failed simulation leaves nothing signed, sent or written.
 */
export async function perform(client: VaultClient, params: PerformParams): Promise<Performed> {
  const { actions, route, ...opts } = params
  const simulation = await simulatePlan(client, { actions, route, safeTx: opts.safeTx })
  await opts.confirm([opts.preface, describeSimulation(simulation)].filter(Boolean).join('\n'))
  return execute(client, simulation, route, opts)
}

/**
 * The spine over several chains: every chain's plan is simulated before one confirmation covers them all, so a
 * refusal on any chain leaves nothing signed, sent or written anywhere. Then each chain's plan is sent or
 * proposed (one Safe proposal per chain) and verified, in order. No plans: nothing to confirm, nothing done.
 */
export async function performEach(
  plans: { client: VaultClient; actions: Action[] }[],
  route: Route,
  opts: Omit<PerformOptions, 'onSent' | 'verify'> & {
    onSent?: (chain: number, sent: SentResult, index: number) => void
    verify?: (chain: number, done: Performed) => Promise<void>
  },
): Promise<Performed[]> {
  if (plans.length === 0) return []
  const sims: Simulation[] = []
  for (const p of plans) sims.push(await simulatePlan(p.client, { actions: p.actions, route }))
  const described = sims.map((s, n) =>
    plans.length > 1 ? `Chain ${plans[n].client.chainId}:\n${describeSimulation(s)}` : describeSimulation(s),
  )
  await opts.confirm([opts.preface, ...described].filter(Boolean).join('\n'))
  const out: Performed[] = []
  for (const [n, p] of plans.entries()) {
    out.push(
      await execute(p.client, sims[n], route, {
        ...opts,
        onSent: opts.onSent && ((sent, i) => opts.onSent?.(n, sent, i)),
        verify: opts.verify && ((done) => opts.verify!(n, done)),
      }),
    )
  }
  return out
}

async function execute(
  client: VaultClient,
  simulation: Simulation,
  route: Route,
  opts: Omit<PerformOptions, 'confirm' | 'preface'>,
): Promise<Performed> {
  const actions = simulation.actions
  let done: Performed
  if (route.kind === 'safe') {
    done = {
      simulation,
      proposal: await proposeSimulated(client, { simulation, route, nonce: opts.nonce, description: opts.description }),
    }
  } else {
    const sent: SentResult[] = []
    for (const [n, action] of actions.entries()) {
      try {
        if (n > 0 && simulation.deferred)
          await simulateOne(client, { action, from: simulation.from, gasPrice: simulation.gasPrice })
        sent.push(await sendAction(client, { action, account: route.account, tx: route.tx, index: n }))
      } catch (e) {
        throw partial(e, sent, actions)
      }
      opts.onSent?.(sent[n], n)
    }
    done = { simulation, sent }
  }
  await opts.verify?.(done)
  return done
}
