import { type Address, parseEther, parseGwei } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { stabilizerAbi } from '../chain/abi/generated.js'
import { ok, readMany } from '../chain/read.js'
import type { Context } from '../config/context.js'
import { requireContract } from '../config/context.js'
import { badInput, VaultError } from '../core/errors.js'
import { type DaemonIO, hostDaemon } from '../daemon/host.js'
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
 * metrics server and the alert webhook (see hostDaemon); events and alerts to the caller.
 */
export async function startKeeper(ctx: Context, flags: KeeperFlags, io: DaemonIO<KeeperEvent>): Promise<KeeperSummary> {
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
          hints: [`The owner allows it with \`vault stabilizer set-keeper ${account.address} --chain ${id} --safe\`.`],
        })
      }
      return { client, settings: ctx.chainSettings(id), stabilizer }
    }),
  )
  const host = {
    locks: chains.map((id) => `keeper-${id}-${account.address.toLowerCase()}`),
    command: 'keeper run',
    metricsPort: flags['metrics-port'],
    alertWebhook: flags['alert-webhook'],
    onAlert: io.onAlert,
  }
  return hostDaemon(host, ({ metrics, alerts, touch }) =>
    runKeeperDaemon({
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
        touch()
        io.onEvent(e)
      },
    }),
  )
}
