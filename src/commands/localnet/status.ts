import { VaultCommand } from '../../cli/command.js'

import type { localnetStatus } from '../../localnet/status.js'

/** JSON of `vault localnet status`. */
export type LocalnetStatusResult = Awaited<ReturnType<typeof localnetStatus>>

export default class LocalnetStatus extends VaultCommand<LocalnetStatusResult> {
  static override summary = 'Is the local network running? Ports, pids and head blocks.'
  static override description =
    'Exit 0 when both chains run and answer, 4 otherwise.\nJSON: {running, chains: [{chainId, port, pid, url, alive, headBlock?}]}'
  static override examples = ['<%= config.bin %> localnet status', '<%= config.bin %> localnet status --json']

  async run(): Promise<LocalnetStatusResult> {
    await this.parse(LocalnetStatus)
    const { localnetStatus } = await import('../../localnet/status.js')
    const res = await localnetStatus()
    if (!res.running) this.setExit('chain')
    this.out(
      res.chains.length
        ? res.chains
            .map(
              (c) =>
                `chain ${c.chainId}  ${c.url}  pid ${c.pid}  ${c.alive ? `running, block ${c.headBlock}` : 'not running'}`,
            )
            .join('\n')
        : 'The local network is not running. Start it with `vault localnet up`.',
    )
    return res
  }
}
