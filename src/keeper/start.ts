import { parseEther, parseGwei } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { stabilizerAbi } from '../chain/abi/generated.js'
import { readContracts, resultOf } from '../chain/read.js'
import type { Context } from '../config/context.js'
import { requireContract } from '../config/context.js'
import { VaultError } from '../core/errors.js'
import { type DaemonIO, hostDaemon } from '../daemon/host.js'
import { resolveSigner, type SignerFlags } from '../tx/signer.js'
import { type KeeperEvent, type KeeperSummary, runKeeperDaemon } from './daemon.js'

export interface KeeperFlags extends Omit<SignerFlags, 'ledger' | 'hd-path'> {
  pool?: string[]
  interval: number
  'max-blocks'?: number
  once: boolean
  'tip-gwei': string
  legacy: boolean
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
  if (chains.length === 0) throw new VaultError('NO_CHAINS', 'No chain to keep: the profile has no RPC URL')
  const volumeCapPerHour: Record<string, string> = {}
  for (const v of flags['volume-cap'] ?? []) {
    const m = /^([A-Za-z0-9]+)=(\d+(?:\.\d+)?)$/.exec(v)
    if (!m) throw new VaultError('NUMBER_INVALID', `"${v}" is not SYMBOL=AMOUNT`, { field: 'volumeCap' })
    volumeCapPerHour[m[1]] = m[2]
  }
  const resolved = await Promise.all(
    chains.map(async (id) => {
      const client = await ctx.client(id)
      const stabilizer = requireContract(client, 'stabilizer')
      const [allowed, owner] = await readContracts(client, [
        { address: stabilizer, abi: stabilizerAbi, functionName: 'isKeeper', args: [account.address] },
        { address: stabilizer, abi: stabilizerAbi, functionName: 'owner' },
      ])
      if (resultOf(allowed) !== true && resultOf(owner)?.toLowerCase() !== account.address.toLowerCase()) {
        throw new VaultError(
          'NOT_A_KEEPER',
          `${account.address} is not a keeper of Stabilizer ${stabilizer} on ${id}`,
          {
            hints: [
              `The owner allows it with \`vault stabilizer set-keeper ${account.address} --chain ${id} --safe\`.`,
            ],
          },
        )
      }
      return { client, stabilizer }
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
      legacy: flags.legacy,
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
