import { createContext } from '../config/context.js'
import { loadProfile } from '../config/store.js'
import { localnetStatus } from '../localnet/status.js'
import { localnetUp } from '../localnet/up.js'

/** Reuse the running local network, or start one (background) and return a context on the `local` profile. */
export async function ensureLocalnet(opts: {
  ports: { '138'?: number; '651940'?: number }
  onStep: (line: string) => void
}) {
  const status = await localnetStatus()
  let up: Awaited<ReturnType<typeof localnetUp>> | undefined
  if (!status.running) {
    const { profile } = await loadProfile('local')
    opts.onStep('starting the local network…')
    up = await localnetUp({
      ports: {
        '138': opts.ports['138'] ?? profile.localnet?.ports?.['138'] ?? 8545,
        '651940': opts.ports['651940'] ?? profile.localnet?.ports?.['651940'] ?? 8546,
      },
      foreground: false,
      onStep: (id, label) => opts.onStep(`${id ? `[${id}] ` : ''}${label}`),
    })
  }
  const ctx = await createContext({ profile: 'local' })
  // a network left running goes stale against its realistic maxOracleAge: re-post prices that are getting old
  const { refreshLocalOracle } = await import('../localnet/refresh.js')
  const fresh = await refreshLocalOracle(await ctx.clients(), {
    safe: ctx.profile.safe.address!,
    maxOracleAge: BigInt(ctx.profile.stabilizer.maxOracleAge),
  })
  for (const c of fresh.chains.filter((x) => x.refreshed.length))
    opts.onStep(`[${c.chainId}] oracle prices re-posted (they were ${c.oldestAgeSec}s old)`)
  return { ctx, started: up !== undefined, up }
}
