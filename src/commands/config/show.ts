import { VaultCommand } from '../../cli/command.js'

import type { Profile } from '../../config/schema.js'

/** JSON of `vault config show`: the effective profile, secrets masked. */
export interface ConfigShowResult {
  profile: string
  path: string
  settings: Profile
}

export default class ConfigShow extends VaultCommand<ConfigShowResult> {
  static override summary = 'Show the effective profile (preset + stored values), secrets masked.'
  static override description =
    'Anything secret-looking is masked and URL credentials are redacted.\nJSON: {profile, path, settings}'
  static override examples = ['<%= config.bin %> config show', '<%= config.bin %> config show --profile mainnet --json']

  async run(): Promise<ConfigShowResult> {
    const { flags } = await this.parse(ConfigShow)
    const { loadProfile, readConfig } = await import('../../config/store.js')
    const { maskSecrets } = await import('../../config/schema.js')
    const { name, profile } = await loadProfile(flags.profile)
    const { path } = await readConfig()
    const settings = maskSecrets(profile)
    this.out(`# profile ${name} (${path})\n${JSON.stringify(settings, null, 2)}`)
    return { profile: name, path, settings }
  }
}
