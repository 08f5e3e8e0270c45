import { Args } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'

/** JSON of `vault config use`. */
export interface ConfigUseResult {
  active: string
}

export default class ConfigUse extends VaultCommand<ConfigUseResult> {
  static override summary = 'Make a profile the active one.'
  static override description = 'JSON: {active}'
  static override examples = ['<%= config.bin %> config use mainnet']
  static override args = { name: Args.string({ description: 'Profile name', required: true }) }

  async run(): Promise<ConfigUseResult> {
    const { args } = await this.parse(ConfigUse)
    const { setActiveProfile } = await import('../../config/store.js')
    await setActiveProfile(args.name)
    this.out(`Active profile: ${args.name}`)
    return { active: args.name }
  }
}
