import { Args } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'
import { VaultError } from '../../core/errors.js'

/** JSON of `vault config get`: the value at the key (an object for a section), secrets masked. */
export interface ConfigGetResult {
  profile: string
  key: string
  value: unknown
}

export default class ConfigGet extends VaultCommand<ConfigGetResult> {
  static override summary = 'Print one setting of the effective profile.'
  static override description =
    'Dot path into the profile. Exit 3 when the key is not set.\nJSON: {profile, key, value}'
  static override examples = [
    '<%= config.bin %> config get chains.138.rpcUrls',
    '<%= config.bin %> config get stabilizer.thresholdBps',
  ]
  static override args = { key: Args.string({ description: 'Dot path, e.g. chains.138.tokens.cUSDT', required: true }) }

  async run(): Promise<ConfigGetResult> {
    const { args, flags } = await this.parse(ConfigGet)
    const { loadProfile, getPath } = await import('../../config/store.js')
    const { maskSecrets } = await import('../../config/schema.js')
    const { name, profile } = await loadProfile(flags.profile)
    const value = maskSecrets(getPath(profile, args.key), args.key.split('.').at(-1))
    if (value === undefined)
      throw new VaultError('CONFIG_KEY_UNSET', `"${args.key}" is not set in profile ${name}`, {
        hints: ['See `vault config show`.'],
      })
    this.out(typeof value === 'string' ? value : JSON.stringify(value, null, 2))
    return { profile: name, key: args.key, value }
  }
}
