import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { daemonFlags } from '../../cli/flags/groups.js'
import type { KeeperSummary } from '../../keeper/daemon.js'

export type KeeperRunResult = KeeperSummary

export default class KeeperRun extends VaultCommand<KeeperRunResult> {
  static override summary =
    'Run the keeper daemon: every registered pool on every chain, one decision per pool per block.'
  static override description =
    `A long-running keeper (its key must be allowed by the Stabilizer: \`vault stabilizer set-keeper <address> --safe\`). For each chain of the profile (or --chain), it follows new heads (a WebSocket subscription when the RPC URL is ws://, polling otherwise) and, per registered pool, reads the Stabilizer's own verdict at that block. When a correction is due it sizes it (min of k × |deviation|, the per-block cap and the exact trade back to the peg), checks what it may spend and simulates it, then sends it from a nonce it owns, with fees that never exceed the Stabilizer's gas cap: when the next base fee is above the cap it sends nothing ("gas_above_cap").
It also watches each private XAU leg of the Stabilizer's mesh (named mesh:TOKEN/cXAUC): a leg more than θ (meshThresholdBps) off the oracle cross rate, e.g. after an oracle move, gets rebalanceMesh(leg), one decision per leg per block, under the same pause, gas-cap and budget rules, and never while a correction is in flight on the chain (a correction resets the legs it trades through itself). With --pool, only the legs named there.
One instance per chain and key (a second exits 3 naming the first). After a crash or restart it waits for what an earlier run left pending, so nothing executes twice. RPC faults are logged and the daemon goes on.
--metrics-port serves Prometheus /metrics and /healthz; --alert-webhook posts one JSON message (with a Slack-compatible text) when an episode starts and one when it ends: a pool out of band longer than 5 blocks, a failed execution, gas above the cap for --gas-alert-blocks, a stale oracle, an RPC down.
Exit 0 after a clean stop (Ctrl-C, SIGTERM, --max-blocks); with --once: 0 nothing due or executed, 2 due but blocked (gas, budget, pause, inventory). 3 bad input or already running; 4 chain unreachable at start.
Events go to stderr (NDJSON with --json: {kind: start|block|skipped|sent|mesh-sent|executed|failed|error|stop, chainId, block, …}); the summary is the result on stdout: {blocks, executions, skipped, failures, errors, dueButBlocked, inFlight}.`
  static override examples = [
    'VAULT_PRIVATE_KEY=0x… <%= config.bin %> keeper run --metrics-port 9464',
    '<%= config.bin %> keeper run --chain 138 --pool cUSDT/cXAUC --keystore keeper.json',
    '<%= config.bin %> keeper run --once --json   # one pass, for cron',
  ]
  static override flags = {
    ...chainFlags,
    chain: Flags.string({
      description: 'Chain to keep (default: every chain of the profile with an RPC URL).',
      options: ['138', '651940'],
      helpGroup: 'CHAIN',
    }),
    pool: Flags.string({ description: 'Only this pool (pair name or address). Repeatable.', multiple: true }),
    // the keeper key (--private-key / VAULT_PRIVATE_KEY, --keystore, --account, --password-file), polling, fees, metrics
    ...daemonFlags,
    'max-blocks': Flags.integer({
      description: 'Stop after this many blocks judged per chain, whatever happens in them.',
      min: 1,
    }),
    once: Flags.boolean({ description: 'Judge the current head once, wait for what was sent, and exit (for cron).' }),
    'gas-budget': Flags.string({ description: 'Most to spend on gas per hour, in the native token (e.g. 0.5).' }),
    'volume-cap': Flags.string({
      description: 'Most to sell of a token per hour: SYMBOL=AMOUNT. Repeatable.',
      multiple: true,
    }),
    'gas-alert-blocks': Flags.integer({
      description: 'Blocks with gas above the cap before an alert.',
      default: 10,
      min: 1,
    }),
  }

  async run(): Promise<KeeperRunResult> {
    const { flags } = await this.parse(KeeperRun)
    const json = this.jsonEnabled()
    const { startKeeper } = await import('../../keeper/start.js')
    const { daemonIO, stopSignal } = await import('../../cli/daemon-io.js')
    const { keeperPrinter } = await import('../../cli/render/keeper.js')
    const io = daemonIO(json, stopSignal(), keeperPrinter())
    const summary = await startKeeper(await this.context(flags), flags, io)
    if (flags.once && summary.dueButBlocked) this.setExit('condition')
    return summary
  }
}
