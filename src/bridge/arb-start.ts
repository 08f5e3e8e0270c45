import { parseGwei } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Context } from '../config/context.js'
import { requireContract } from '../config/context.js'
import { CHAIN_IDS } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { type DaemonIO, hostDaemon } from '../daemon/host.js'
import { resolveSigner, type SignerFlags } from '../tx/signer.js'
import { type ArbEvent, type ArbSummary, runArb } from './arb.js'

export interface ArbFlags extends Omit<SignerFlags, 'ledger' | 'hd-path'> {
  pair?: string[]
  'threshold-bps'?: number
  'max-fee-bps': number
  'slippage-bps': number
  'max-gas-gwei'?: string
  'tip-gwei': string
  legacy: boolean
  interval: number
  'max-rounds'?: number
  once: boolean
  refill?: boolean
  'metrics-port'?: number
  'alert-webhook'?: string
}

/** The parity bot with its key, both chains' clients and routers, a lock per chain and key, metrics and alerts. */
export async function startArb(ctx: Context, flags: ArbFlags, io: DaemonIO<ArbEvent>): Promise<ArbSummary> {
  const key = (await resolveSigner(flags, { json: io.json, required: true }))!
  const account = privateKeyToAccount(key)
  const missing = CHAIN_IDS.filter((id) => ctx.chainSettings(id).rpcUrls.length === 0)
  if (missing.length > 0)
    throw new VaultError('NO_CHAINS', `The parity bot needs both chains; no RPC URL for ${missing.join(', ')}`)
  const [a, b] = await Promise.all(
    CHAIN_IDS.map(async (id) => {
      const client = await ctx.client(id)
      await client.ready()
      return { client, router: requireContract(client, 'router') }
    }),
  )
  const maxGas = flags['max-gas-gwei'] ?? String(ctx.profile.stabilizer.maxGasPriceGwei)
  return hostDaemon(
    {
      locks: CHAIN_IDS.map((id) => `arb-${id}-${account.address.toLowerCase()}`),
      command: 'bridge arb',
      metricsPort: flags['metrics-port'],
      alertWebhook: flags['alert-webhook'],
      onAlert: io.onAlert,
    },
    ({ metrics, alerts, touch }) =>
      runArb({
        account,
        chains: [a, b],
        pairs: flags.pair,
        thresholdBps: BigInt(flags['threshold-bps'] ?? ctx.profile.bridge.arbThresholdBps),
        maxFeeBps: BigInt(flags['max-fee-bps']),
        slippageBps: BigInt(flags['slippage-bps']),
        maxGasPrice: parseGwei(maxGas),
        tipWei: parseGwei(flags['tip-gwei']),
        legacy: flags.legacy,
        intervalMs: flags.interval,
        maxRounds: flags['max-rounds'],
        once: flags.once,
        refill: flags.refill,
        signal: io.signal,
        metrics,
        alerts,
        onEvent: (e) => {
          touch()
          io.onEvent(e)
        },
      }),
  )
}
