import { Args } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'

/** JSON of `vault config set`: the value as stored (parsed from the text given). */
export interface ConfigSetResult {
  profile: string
  key: string
  value: unknown
}

export default class ConfigSet extends VaultCommand<ConfigSetResult> {
  static override summary = 'Set one setting in a profile (validated; nothing is written when refused).'
  static override description = `Addresses must be 0x + 40 hex digits, URLs http(s)/ws(s); lists are comma-separated.
Secrets (private keys, passwords) are refused: they come from --private-key, VAULT_PRIVATE_KEY or a keystore.
Exit 3 on an unknown key or a bad value, with the config file unchanged.
JSON: {profile, key, value}`
  static override examples = [
    '<%= config.bin %> config set chains.651940.rpcUrls https://alltra.example/rpc',
    '<%= config.bin %> config set safe.address 0x1234…abcd --profile mainnet',
    '<%= config.bin %> config set stabilizer.thresholdBps 10',
  ]
  static override args = {
    key: Args.string({ description: 'Dot path, e.g. chains.138.tokens.cUSDT', required: true }),
    value: Args.string({ description: 'New value', required: true }),
  }

  async run(): Promise<ConfigSetResult> {
    const { args, flags } = await this.parse(ConfigSet)
    const { readConfig, setValue } = await import('../../config/store.js')
    const { DEFAULT_PROFILE } = await import('../../config/presets.js')
    const profile =
      flags.profile ?? process.env.VAULT_PROFILE ?? (await readConfig()).file.activeProfile ?? DEFAULT_PROFILE
    const value = await setValue(profile, args.key, args.value)
    this.out(`${args.key} = ${JSON.stringify(value)} (profile ${profile})`)
    return { profile, key: args.key, value }
  }
}
