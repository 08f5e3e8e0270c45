import { VaultCommand } from '../../cli/command.js'

import type { localnetDown } from '../../localnet/up.js'

/** JSON of `vault localnet down`: what was stopped, and what was left alone and why. */
export type LocalnetDownResult = Awaited<ReturnType<typeof localnetDown>>

export default class LocalnetDown extends VaultCommand<LocalnetDownResult> {
  static override summary = 'Stop the local chains that `localnet up` started (by recorded pid; idempotent).'
  static override description =
    'Only processes recorded by `vault localnet up` are stopped, and only while a recorded pid is still that anvil (same port, chain id and start time): a pid now used by another process is left alone and listed as skipped.\nRunning it twice is fine. Exit 3 when the state file is corrupt (nothing is signalled).\nJSON: {stopped: [{chainId, port, pid}], skipped: [{chainId, port, pid, reason}], wasRunning}'
  static override examples = ['<%= config.bin %> localnet down']

  async run(): Promise<LocalnetDownResult> {
    await this.parse(LocalnetDown)
    const { localnetDown } = await import('../../localnet/up.js')
    const res = await localnetDown()
    this.out(
      res.wasRunning
        ? res.stopped.map((c) => `Stopped chain ${c.chainId} (port ${c.port}, pid ${c.pid})`).join('\n')
        : 'The local network was not running.',
    )
    for (const c of res.skipped)
      this.note(`Left pid ${c.pid} alone: ${c.reason} (recorded for chain ${c.chainId}, port ${c.port}).`)
    return res
  }
}
