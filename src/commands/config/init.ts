import { Flags } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'

/** JSON of `vault config init`. */
export interface ConfigInitResult {
  profile: string
  path: string
  from: string
}

export default class ConfigInit extends VaultCommand<ConfigInitResult> {
  static override summary = 'Create or reset a profile from a preset (mainnet or local).'
  static override description =
    `Writes the profile into the config file ($VAULT_CONFIG_DIR/config.json, default ~/.config/vault).
Profiles named "mainnet" and "local" start from their built-in presets; any other name copies --from.
JSON: {profile, path, from}`
  static override examples = [
    '<%= config.bin %> config init --profile mainnet',
    '<%= config.bin %> config init --profile staging --from mainnet --use',
  ]
  static override flags = {
    from: Flags.string({ description: 'Preset to start from.', options: ['mainnet', 'local'] }),
    use: Flags.boolean({ description: 'Make it the active profile.' }),
  }

  async run(): Promise<ConfigInitResult> {
    const { flags } = await this.parse(ConfigInit)
    const { PRESETS } = await import('../../config/presets.js')
    const { writeProfile, setActiveProfile, presetOf } = await import('../../config/store.js')
    const { checkProfileName } = await import('../../config/schema.js')
    const name = checkProfileName(flags.profile ?? 'local')
    const from = flags.from ?? (presetOf(name) ? name : 'mainnet')
    const path = await writeProfile(name, PRESETS[from]())
    if (flags.use) await setActiveProfile(name)
    this.out(`Profile ${name} written from preset ${from} to ${path}${flags.use ? ' (active)' : ''}`)
    return { profile: name, path, from }
  }
}
