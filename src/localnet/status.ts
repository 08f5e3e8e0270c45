import { notOurAnvil, readState } from './process.js'

export async function localnetStatus() {
  const state = readState()
  const chains = await Promise.all(
    (state?.chains ?? []).map(async (c) => {
      const alive = notOurAnvil(c) === undefined
      let headBlock: bigint | undefined
      if (alive) {
        try {
          const res = await fetch(c.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
            signal: AbortSignal.timeout(2000),
          })
          headBlock = BigInt(((await res.json()) as { result: string }).result)
        } catch {}
      }
      return { ...c, alive: alive && headBlock !== undefined, headBlock }
    }),
  )
  return { running: chains.length === 2 && chains.every((c) => c.alive), startedAt: state?.startedAt, chains }
}
