import { VaultCommand } from '../cli/command.js'

export interface VersionResult {
  name: string
  version: string
  node: string
  platform: string
}

export default class Version extends VaultCommand<VersionResult> {
  static override summary = 'Print the vault version (the same as --version and -v).'
  static override description = 'JSON: {name, version, node, platform}'
  static override examples = ['<%= config.bin %> version', '<%= config.bin %> version --json']

  async run(): Promise<VersionResult> {
    await this.parse(Version)
    const result = {
      name: this.config.name,
      version: this.config.version,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
    }
    this.out(this.config.userAgent)
    return result
  }
}
