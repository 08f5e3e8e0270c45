import { fileURLToPath } from 'node:url'
import { execute } from '@oclif/core'

/**
 * The CLI's entry in the bundle: oclif from the same chunk the commands use. No user or dev plugins
 * are looked up (vault ships its plugins), so start-up reads only what the command needs.
 */
export async function run(binUrl: string): Promise<void> {
  await execute({
    dir: binUrl,
    loadOptions: { root: fileURLToPath(new URL('..', binUrl)), userPlugins: false, devPlugins: false },
  })
}
