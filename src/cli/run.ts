import { fileURLToPath } from 'node:url'
import { execute } from '@oclif/core'
import { guardOutput, registerArgv } from '../core/redact.js'

/**
 * The CLI's entry in the bundle: oclif from the same chunk the commands use. No user or dev plugins
 * are looked up (vault ships its plugins), so start-up reads only what the command needs.
 */
export async function run(binUrl: string): Promise<void> {
  // every byte printed goes through the one redaction of secrets, oclif's own messages included
  registerArgv(process.argv.slice(2))
  guardOutput()
  await execute({
    dir: binUrl,
    loadOptions: { root: fileURLToPath(new URL('..', binUrl)), userPlugins: false, devPlugins: false },
  })
}
