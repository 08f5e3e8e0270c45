import { VaultCommand } from '../../cli/command.js'

export default class ConfigShow extends VaultCommand {
  static override summary = 'Show the effective profile (preset + stored values), secrets masked.'
  static override description =
    'Anything secret-looking is masked and URL credentials are redacted.\nJSON: {profile, path, settings}'
  static override examples = ['<%= config.bin %> config show', '<%= config.bin %> config show --profile mainnet --json']

  async run() {
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
