import { type Address, parseEther, parseGwei } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { stabilizerAbi } from '../chain/abi/generated.js'
import { ok, readMany } from '../chain/read.js'
import type { Context } from '../config/context.js'
import { requireContract } from '../config/context.js'
import { badInput, VaultError } from '../core/errors.js'
import { toJsonSafe } from '../core/format.js'
import { Alerts } from '../daemon/alerts.js'
import { acquireLock } from '../daemon/lock.js'
import { daemonMetrics, serveMetrics } from '../daemon/metrics.js'
import { resolveSigner } from '../tx/signer.js'
import { type KeeperEvent, type KeeperSummary, runKeeperDaemon } from './daemon.js'

export interface KeeperFlags {
  'private-key'?: string
  keystore?: string
  pool?: string[]
  interval: number
  'max-blocks'?: number
  once: boolean
  'tip-gwei': string
  'gas-budget'?: string
  'volume-cap'?: string[]
  'metrics-port'?: number
  'alert-webhook'?: string
  'gas-alert-blocks': number
}

/**
 * Everything around the keeper loop: the key, a lock per chain and key, the chains' clients and Stabilizers, the
 * metrics server and the alert webhook; events to `log` (NDJSON under --json). Releases what it took on the way out.
 */
export async function startKeeper(
  ctx: Context,
  flags: KeeperFlags,
  io: { json: boolean; signal: AbortSignal; log: (line: string) => void },
): Promise<KeeperSummary> {
  const key = (await resolveSigner(flags, { json: io.json, required: true }))!
  const account = privateKeyToAccount(key)
  const chains = ctx.chains()
  if (chains.length === 0) throw badInput('No chain to keep: the profile has no RPC URL', undefined, [], 'NO_CHAIN')
  const volumeCapPerHour: Record<string, string> = {}
  for (const v of flags['volume-cap'] ?? []) {
    const m = /^([A-Za-z0-9]+)=(\d+(?:\.\d+)?)$/.exec(v)
    if (!m) throw badInput(`--volume-cap "${v}" is not SYMBOL=AMOUNT`, undefined, [], 'VOLUME_CAP_INVALID')
    volumeCapPerHour[m[1]] = m[2]
  }
  const releases: (() => Promise<void>)[] = []
  let server: { close(): Promise<void> } | undefined
  try {
    for (const id of chains)
      releases.push(await acquireLock(`keeper-${id}-${account.address.toLowerCase()}`, 'keeper run'))
    const resolved = await Promise.all(
      chains.map(async (id) => {
        const client = await ctx.client(id)
        const stabilizer = requireContract(ctx.chainSettings(id), id, 'stabilizer')
        const [allowed, owner] = await readMany(client, [
          { address: stabilizer, abi: stabilizerAbi, functionName: 'isKeeper', args: [account.address] },
          { address: stabilizer, abi: stabilizerAbi, functionName: 'owner' },
        ])
        if (ok<boolean>(allowed) !== true && ok<Address>(owner)?.toLowerCase() !== account.address.toLowerCase()) {
          throw new VaultError(`${account.address} is not a keeper of Stabilizer ${stabilizer} on ${id}`, {
            code: 'NOT_A_KEEPER',
            exit: 3,
            hints: [
              `The owner allows it with \`vault stabilizer set-keeper ${account.address} --chain ${id} --safe\`.`,
            ],
          })
        }
        return { client, settings: ctx.chainSettings(id), stabilizer }
      }),
    )
    const metrics = daemonMetrics()
    const alerts = new Alerts({
      webhook: flags['alert-webhook'],
      onSent: (p) => {
        metrics.alertsFiring.set(alerts.firing)
        io.log(io.json ? JSON.stringify({ ...p, alert: p.kind, kind: 'alert' }) : `alert ${p.status}: ${p.summary}`)
      },
      onError: (e) =>
        io.log(
          io.json ? JSON.stringify({ kind: 'alert-error', message: e.message }) : `alert not delivered: ${e.message}`,
        ),
    })
    let lastEvent = Date.now()
    if (flags['metrics-port'] !== undefined) {
      server = await serveMetrics(
        metrics.registry,
        () => ({ ok: Date.now() - lastEvent < 60_000, lastEventMsAgo: Date.now() - lastEvent }),
        {
          port: flags['metrics-port'],
        },
      )
    }
    const { keeperPrinter } = await import('../cli/render/keeper.js')
    const print = keeperPrinter()
    return await runKeeperDaemon({
      account,
      chains: resolved,
      pools: flags.pool,
      intervalMs: flags.interval,
      maxBlocks: flags['max-blocks'],
      once: flags.once,
      signal: io.signal,
      tipWei: parseGwei(flags['tip-gwei']),
      gasBudgetWeiPerHour: flags['gas-budget'] === undefined ? undefined : parseEther(flags['gas-budget']),
      volumeCapPerHour,
      gasAlertBlocks: flags['gas-alert-blocks'],
      metrics,
      alerts,
      onEvent: (e: KeeperEvent) => {
        lastEvent = Date.now()
        const line = io.json ? JSON.stringify(toJsonSafe(e)) : print(e)
        if (line) io.log(line)
      },
    })
  } finally {
    await server?.close()
    for (const r of releases) await r().catch(() => {})
  }
}
