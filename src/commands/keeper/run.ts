import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'

export default class KeeperRun extends VaultCommand {
  static override summary = 'Run the stabilizer loop: on every block, rebalance when the Stabilizer says so.'
  static override description =
    `A long-running keeper (its key must be allowed by the Stabilizer's owner: \`vault stabilizer set-keeper <address> --safe\`). On every new block it calls checkDeviation(); when shouldRebalance, it sizes the trade (min of kPerBps × |deviation|, perBlockCap, the distance back to the peg), simulates executePrivateSwap (block delay, gas cap and slippage are the contract's own rules; a refusal is logged as skipped) and sends it. RPC errors are logged and retried on the next block. Ctrl-C (or SIGTERM) stops it cleanly with a summary.
Exit 0 after a clean stop; 3 when the key is not a keeper; 4 when the chain is unreachable at start.
JSON: one line per event {kind: start|idle|skipped|executed|error|stop, block, …}; the stop event carries the metrics {blocksSeen, checks, executions, volume, skipped, errors, lastBlock, lastDeviationBps}.`
  static override examples = [
    'VAULT_PRIVATE_KEY=0x… <%= config.bin %> keeper run',
    '<%= config.bin %> keeper run --chain 651940 --interval 2000 --keystore keeper.json',
    '<%= config.bin %> keeper run --max-blocks 1 --json   # one pass, for cron',
  ]
  static override flags = {
    ...chainFlags,
    'private-key': Flags.string({
      description: 'Keeper key (prefer VAULT_PRIVATE_KEY; never logged).',
      helpGroup: 'SIGNING',
    }),
    keystore: Flags.string({ description: 'Encrypted v3 keystore file for the keeper key.', helpGroup: 'SIGNING' }),
    interval: Flags.integer({ description: 'How often to look for a new block, ms.', default: 1000, min: 50 }),
    'max-blocks': Flags.integer({
      description: 'Stop after this many new blocks (default: run until stopped).',
      min: 1,
    }),
  }

  async run() {
    const { flags } = await this.parse(KeeperRun)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const { resolveSigner } = await import('../../tx/signer.js')
    const key = (await resolveSigner(flags, { json, required: true }))!
    const { runKeeper } = await import('../../keeper/run.js')
    const { keeperPrinter } = await import('../../cli/render/keeper.js')
    const keeperLine = keeperPrinter()
    const { toJsonSafe } = await import('../../core/format.js')
    const stop = new AbortController()
    const onSignal = () => stop.abort()
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    try {
      await runKeeper(await ctx.client(id), ctx.chainSettings(id), {
        key,
        intervalMs: flags.interval,
        maxBlocks: flags['max-blocks'],
        signal: stop.signal,
        onEvent: (e) => {
          if (json) process.stdout.write(`${JSON.stringify(toJsonSafe(e))}\n`)
          else {
            const line = keeperLine(e)
            if (line) this.out(line)
          }
        },
      })
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
