import type { ChainId } from '../config/schema.js'
import type { ProposedResult } from '../tx/call.js'
import { assertNonceUnused } from './guard.js'
import { readSafeState } from './state.js'
import { type SafeSession, safeRoute } from './target.js'

/**
 * `safe reject <nonce>`: a proposal that cancels whatever is queued at `nonce`, made as the Safe web app makes it —
 * a 0-value call from the Safe to itself with no data at that nonce. Once executed, the Safe's nonce moves past it
 * and every other proposal at that nonce can never execute. Goes through the write spine (simulated from the Safe,
 * confirmed, written as a proposal file); a nonce the Safe already used is refused before anything is asked.
 */
export async function rejectNonce(
  s: SafeSession,
  {
    chainId,
    nonce,
    ...opts
  }: { chainId: ChainId; nonce: bigint; confirm: (summary: string) => Promise<void>; description?: string },
): Promise<ProposedResult> {
  const { perform } = await import('../tx/perform.js')
  const route = safeRoute(s)
  const client = await s.ctx.client(chainId)
  const state = await readSafeState(client, route.safe)
  assertNonceUnused({ safe: state.address, nonce }, state.nonce)
  const description = opts.description ?? `Reject (cancel) nonce ${nonce} of Safe ${state.address}`
  const action = {
    chainId,
    to: state.address,
    data: '0x' as const,
    value: 0n,
    description: `on-chain rejection: a 0-value call from the Safe to itself at nonce ${nonce}`,
    abis: [],
  }
  const done = await perform(client, {
    actions: [action],
    route: { ...route, safe: state.address },
    nonce,
    description,
    confirm: opts.confirm,
  })
  return done.proposal as ProposedResult
}
