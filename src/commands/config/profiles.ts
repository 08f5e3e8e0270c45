import { VaultCommand } from '../../cli/command.js'

export default class ConfigProfiles extends VaultCommand {
  static override summary = 'List profiles: presets and stored ones, the active one marked.'
  static override description = 'JSON: [{name, active, preset, stored}]'
  static override examples = ['<%= config.bin %> config profiles']

  async run() {
    await this.parse(ConfigProfiles)
    const { listProfiles } = await import('../../config/store.js')
    const profiles = await listProfiles()
    for (const p of profiles)
      this.out(`${p.active ? '*' : ' '} ${p.name}${p.preset ? ' (preset)' : ''}${p.stored ? '' : ' (defaults only)'}`)
    return profiles
  }
}
