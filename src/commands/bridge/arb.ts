import { Flags } from '@oclif/core'
import type { ArbSummary } from '../../bridge/arb.js'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { daemonFlags } from '../../cli/flags/groups.js'

export type BridgeArbResult = ArbSummary

export default class BridgeArb extends VaultCommand<BridgeArbResult> {
  static override summary = 'Run the parity bot: keep each public pair on 138 and Alltra within the spread target.'
  static override description =
    `On every new head of either chain, each public pair both chains have is priced on both. When the spread reaches --threshold-bps, the bot buys base where it is cheap and sells it where it is dear from the inventory it holds on each chain (the bridge buffer of §9), each pool moved to the midpoint of the two prices with the exact PMM quote, so the spread lands under the §16 target (15 bps). Each leg is one transaction through the VaultRouter (approved once per token), from a nonce the bot owns, never above --max-gas-gwei, and never paying more than --max-fee-bps in pool fees.
One instance per key (a lock on both chains). --metrics-port serves /metrics (spread per pair, inventory per token and chain) and /healthz; --alert-webhook posts one message when a pair's spread goes above the target and one when it is back.
Exit 0 after a clean stop; with --once: 0 when nothing was due or it traded, 2 when a pair was above the threshold but blocked (fees, inventory, gas). 3 bad input or already running; 4 a chain unreachable.
When a chain holds less than a quarter of the bot's total of a token (both chains and transfers on the way), the bot moves inventory from the other chain through the BridgeReserve (bridgeOut to itself, up to half of the total; one transfer per token and direction at a time, done when the other side processed it): --no-refill turns it off.
Events go to stderr (NDJSON with --json: {kind: start|spread|sent|executed|failed|approve|bridge-out|bridge-in|error|stop, …}); the summary is the result: {rounds, trades, failures, errors, blocked, bridgeTransfers}.`
  static override examples = [
    'VAULT_PRIVATE_KEY=0x… <%= config.bin %> bridge arb --metrics-port 9465',
    '<%= config.bin %> bridge arb --once --pair cUSDT/cUSDC --json',
  ]
  static override flags = {
    'rpc-url': chainFlags['rpc-url'],
    pair: Flags.string({ description: 'Only this public pair (e.g. cUSDT/cUSDC). Repeatable.', multiple: true }),
    'threshold-bps': Flags.integer({
      description: 'Trade when the spread reaches this, bps (default: the profile bridge.arbThresholdBps).',
      min: 1,
      max: 10_000,
    }),
    'max-fee-bps': Flags.integer({ description: 'Most to pay in pool fees on a leg, bps.', default: 30, min: 0 }),
    'slippage-bps': Flags.integer({
      description: 'Least output accepted below the exact quote, bps.',
      default: 50,
      min: 0,
      max: 10_000,
    }),
    'max-gas-gwei': Flags.string({
      description: 'Gas price cap, gwei (default: the profile stabilizer.maxGasPriceGwei).',
    }),
    // the bot key (--private-key / VAULT_PRIVATE_KEY, --keystore, --account, --password-file), polling, fees, metrics
    ...daemonFlags,
    'max-rounds': Flags.integer({
      description: 'Stop after this many rounds (a round per new head of either chain).',
      min: 1,
    }),
    once: Flags.boolean({ description: 'One round at the current heads, wait for what was sent, and exit.' }),
    refill: Flags.boolean({
      description:
        "Refill a chain holding under a quarter of the bot's total of a token from the other, to half, through the bridge (bridgeOut; `bridge relay` releases it).",
      default: true,
      allowNo: true,
    }),
  }

  async run(): Promise<BridgeArbResult> {
    const { flags } = await this.parse(BridgeArb)
    const json = this.jsonEnabled()
    const { startArb } = await import('../../bridge/arb-start.js')
    const { daemonIO, stopSignal } = await import('../../cli/daemon-io.js')
    const { arbPrinter } = await import('../../cli/render/bridge.js')
    const summary = await startArb(await this.context(flags), flags, daemonIO(json, stopSignal(), arbPrinter()))
    if (flags.once && summary.blocked.length > 0) this.setExit('condition')
    return summary
  }
}
