import { Flags } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'

import type { localnetUp } from '../../localnet/up.js'

/** JSON of `vault localnet up`: the chains, their deployments and the profile written (no child processes). */
export type LocalnetUpResult = Omit<Awaited<ReturnType<typeof localnetUp>>, 'children'>

export default class LocalnetUp extends VaultCommand<LocalnetUpResult> {
  static override summary = 'Start two local chains (138 and 651940) with the whole system deployed.'
  static override description =
    `Starts anvil for chain 138 and chain 651940, deploys deterministically (same addresses every time):
Safe v1.4.1 at canonical addresses and a 2-of-3 Safe with the same address on both chains, tokens (cUSDT, cUSDC, cEURT, cXAUC), oracle, the DODOPMMIntegration-compatible factory, the four public pools, the private XAU mesh, bridge reserves and the stabilizer, all owned by the Safe. Writes the "local" profile.
Runs in the background (pids recorded in the config directory) unless --foreground.
Exit 3 when already running or a port is busy.
JSON: {chains: [{chainId, port, pid, url}], safe: {address, owners, threshold}, systems: {138: {...}, 651940: {...}}, profilePath}`
  static override examples = [
    '<%= config.bin %> localnet up',
    '<%= config.bin %> localnet up --port-138 9545 --port-651940 9546',
    '<%= config.bin %> localnet up --foreground',
  ]
  static override flags = {
    'port-138': Flags.integer({ description: 'Port for chain 138 (default: profile, 8545).', min: 1, max: 65535 }),
    'port-651940': Flags.integer({
      description: 'Port for chain 651940 (default: profile, 8546).',
      min: 1,
      max: 65535,
    }),
    foreground: Flags.boolean({ description: 'Stay attached; Ctrl-C stops both chains.' }),
    'no-public-pools': Flags.boolean({
      description: 'Skip creating the four public pools (for `pools create --public-set`).',
    }),
  }

  async run(): Promise<LocalnetUpResult> {
    const { flags } = await this.parse(LocalnetUp)
    const { localnetUp } = await import('../../localnet/up.js')
    const { loadProfile } = await import('../../config/store.js')
    const { profile } = await loadProfile('local')
    const ports = {
      '138': flags['port-138'] ?? profile.localnet?.ports?.['138'] ?? 8545,
      '651940': flags['port-651940'] ?? profile.localnet?.ports?.['651940'] ?? 8546,
    }
    const t0 = Date.now()
    const res = await localnetUp({
      ports,
      foreground: flags.foreground,
      publicPools: !flags['no-public-pools'],
      onStep: (id, label) => this.note(`  ${id ? `[${id}]`.padEnd(9) : ''} ${label}`),
    })
    const { renderLocalnet } = await import('../../cli/render/localnet.js')
    this.out(await renderLocalnet(res, Date.now() - t0))
    const { children, ...data } = res
    if (flags.foreground) {
      this.note('Foreground: press Ctrl-C to stop both chains.')
      const { localnetDown } = await import('../../localnet/up.js')
      await new Promise<void>((resolve) => {
        const stop = () => resolve()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
        for (const c of children) c.once('exit', stop)
      })
      await localnetDown()
      this.note('Stopped.')
    }
    return data
  }
}
