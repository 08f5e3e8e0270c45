import { VaultCommand } from '../../cli/command.js'

import type { listProfiles } from '../../config/store.js'

/** JSON of `vault config profiles`. */
export type ConfigProfilesResult = Awaited<ReturnType<typeof listProfiles>>

export default class ConfigProfiles extends VaultCommand<ConfigProfilesResult> {
  static override summary = 'List profiles: presets and stored ones, the active one marked.'
  static override description = 'JSON: [{name, active, preset, stored}]'
  static override examples = ['<%= config.bin %> config profiles']

  async run(): Promise<ConfigProfilesResult> {
    await this.parse(ConfigProfiles)
    const { listProfiles } = await import('../../config/store.js')
    const profiles = await listProfiles()
    for (const p of profiles)
      this.out(`${p.active ? '*' : ' '} ${p.name}${p.preset ? ' (preset)' : ''}${p.stored ? '' : ' (defaults only)'}`)
    return profiles
  }
}
