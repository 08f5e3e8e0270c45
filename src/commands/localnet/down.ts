import { VaultCommand } from '../../cli/command.js'

export default class LocalnetDown extends VaultCommand {
  static override summary = 'Stop the local chains that `localnet up` started (by recorded pid; idempotent).'
  static override description =
    'Only processes recorded by `vault localnet up` are stopped. Running it twice is fine.\nJSON: {stopped: [{chainId, port, pid}], wasRunning}'
  static override examples = ['<%= config.bin %> localnet down']

  async run() {
    await this.parse(LocalnetDown)
    const { localnetDown } = await import('../../localnet/up.js')
    const res = await localnetDown()
    this.out(
      res.wasRunning
        ? res.stopped.map((c) => `Stopped chain ${c.chainId} (port ${c.port}, pid ${c.pid})`).join('\n')
        : 'The local network was not running.',
    )
    return res
  }
}
