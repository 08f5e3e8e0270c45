import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execute, Plugin } from '@oclif/core'
import { guardOutput, registerArgv, resetSecrets } from '../core/redact.js'

/**
 * The CLI's entry in the bundle: oclif from the same chunk the commands use. No user or dev plugins
 * are looked up (vault ships its plugins), so start-up reads only what the command needs.
 *
 * A command of vault's own, run or asked for its help, needs nothing from the core plugins (help, autocomplete): their
 * commands, hooks and command list serve the root help, completion and "did you mean". So oclif is handed the root
 * plugin alone and does not look them up. Anything else (no command, a topic, a core plugin's command, a mistyped
 * one) takes oclif's full start-up.
 *
 * `argv` is the process's unless given: the integration tests run the built CLI this way, many commands in one
 * process, so a run starts from nothing known of the one before (no secrets registered).
 */
export async function run(binUrl: string, argv: string[] = process.argv.slice(2)): Promise<void> {
  // every byte printed goes through the one redaction of secrets, oclif's own messages included
  resetSecrets()
  registerArgv(argv)
  guardOutput()
  const root = fileURLToPath(new URL('..', binUrl))
  const options = { root, userPlugins: false, devPlugins: false }
  // anything unexpected on the short path (an unreadable package.json or index) leaves it to oclif's full start-up,
  // which reports it as oclif does
  const own = await ownCommand(root, argv).catch(() => undefined)
  await execute({
    dir: binUrl,
    args: argv,
    loadOptions: own ? { ...options, plugins: new Map([[own.name, own]]) } : options,
  })
}

/** The root plugin, loaded, when argv names one of its commands (the words before the first flag). */
async function ownCommand(root: string, argv: string[]): Promise<Plugin | undefined> {
  const words = argv.slice(0, argv.findIndex((a) => a.startsWith('-')) >>> 0)
  if (words.length === 0) return undefined
  // the root is where bin/ is: its package.json is read here, not searched for
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  // oclif shows help for any of its help flags before `--`
  const helpFlags = new Set(['--help', ...(pjson.oclif.additionalHelpFlags ?? [])])
  const end = argv.indexOf('--')
  const help = (end < 0 ? argv : argv.slice(0, end)).some((a) => helpFlags.has(a))
  const plugin = new Plugin({ root, isRoot: true, pjson })
  // a command's help reads its descriptions and flags from the manifest; running it needs only the index
  const index = help ? undefined : commandIndex(root)
  // oclif's Plugin.load() reads the plugin's manifest through its (private) _manifest(); given the index, it reads
  // that. Should oclif stop calling _manifest, this is ignored and it reads the full manifest: slower, the same result.
  if (index)
    Object.assign(plugin, {
      _manifest: async () => {
        Object.assign(plugin, { commandIDs: Object.keys(index.commands), hasManifest: true })
        return index
      },
    })
  await plugin.load()
  const ids = new Set(plugin.commands.flatMap((c) => [c.id, ...c.aliases]))
  for (let n = words.length; n > 0; n--) if (ids.has(words.slice(0, n).join(':'))) return plugin
  return undefined
}

/**
 * The build's command index (scripts/command-index.mjs): the root manifest without what only help reads, 20 KB
 * instead of 350. Undefined when it is missing or was not written from the manifest there now (then oclif reads that).
 */
function commandIndex(root: string): { commands: Record<string, unknown> } | undefined {
  try {
    const { manifestSize, manifest } = JSON.parse(readFileSync(join(root, 'bundle/command-index.json'), 'utf8'))
    return manifestSize === statSync(join(root, 'oclif.manifest.json')).size ? manifest : undefined
  } catch {
    return undefined
  }
}
