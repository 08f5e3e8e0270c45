import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { VersionResult } from '../../src/commands/version.js'
import { errorCatalog } from '../../src/core/error-catalog.js'
import { BIN, runCli, tempConfigDir } from '../helpers/cli.js'

const cfg = tempConfigDir()
afterAll(() => cfg.cleanup())
const run = (...args: string[]) => runCli(args, { configDir: cfg.dir })

interface ManifestFlag {
  description?: string
}
interface ManifestCommand {
  summary?: string
  description?: string
  flags: Record<string, ManifestFlag>
  errorCodes?: string[]
}
const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as {
  commands: Record<string, ManifestCommand>
}

describe('CLI conventions', () => {
  it('an unknown command is a usage error (exit 3) naming the closest command', async () => {
    const r = await run('deviaton', '--json')
    expect(r.code).toBe(3)
    const { error } = r.json<ErrorEnvelope>()
    expect(error.code).toBe('COMMAND_UNKNOWN')
    expect(error.data?.suggestion).toBe('deviation')
    const human = await run('pools', 'lst')
    expect(human.code).toBe(3)
    expect(human.stderr).toContain('vault pools list')
  })

  it('-h is --help, -v and `vault version` are --version', async () => {
    const [h, help, v, version, json] = await Promise.all([
      run('pools', 'list', '-h'),
      run('pools', 'list', '--help'),
      run('-v'),
      run('version'),
      run('version', '--json'),
    ])
    expect(h.code).toBe(0)
    expect(h.stdout).toBe(help.stdout)
    expect(v.code).toBe(0)
    expect(version.stdout).toBe(v.stdout)
    const result = json.json<VersionResult>()
    expect(v.stdout).toContain(`vault/${result.version}`)
    expect(result.node).toBe(process.versions.node)
  })

  // the machines' system Node is 20 (the repository's npm scripts run the node devDependency's 24)
  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find(
    (n) => existsSync(n) && Number(spawnSync(n, ['-p', 'process.versions.node.split(".")[0]']).stdout) < 22,
  )
  it.skipIf(!oldNode)('an older Node than 22 is told so, in one line, with exit 1', () => {
    const r = spawnSync(oldNode!, [BIN, 'config', 'show'], {
      encoding: 'utf8',
      env: { ...process.env, VAULT_CONFIG_DIR: cfg.dir },
    })
    const version = spawnSync(oldNode!, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(version)])
  })

  it('`vault --help | head -1` ends quietly with 0 (EPIPE)', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" --help | head -1`], {
      encoding: 'utf8',
      env: { ...process.env, VAULT_CONFIG_DIR: cfg.dir },
    })
    expect(r.status).toBe(0)
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1)
    expect(r.stderr).toBe('')
  })

  it('shell completion is installed (autocomplete)', async () => {
    const r = await run('autocomplete', 'script', 'bash')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('autocomplete')
  })

  it('help has no hard line break inside a sentence', () => {
    const midSentence = /[^.:!?\n]\n(?!\n|[-•*] )/
    for (const [id, cmd] of Object.entries(manifest.commands)) {
      for (const [what, text] of [
        ['summary', cmd.summary],
        ['description', cmd.description],
        ...Object.entries(cmd.flags).map(([f, flag]) => [`--${f}`, flag.description]),
      ]) {
        expect(text ?? '', `${id} ${what}`).not.toMatch(midSentence)
      }
    }
  })

  it('the library names parameters; the CLI names their flags (lint skipped checks, sim errors)', async () => {
    const lint = await run('lint', '--json')
    const findings = lint.json<{ findings: { id: string; suggestion: string }[] }>().findings
    const skipped = findings.find((f) => f.id === 'reserve.skipped')
    expect(skipped?.suggestion).toBe('Give --reserve and --peak-outflow and --window to run this check.')
    const sim = await run('simulate', '--twap-window', '0', '--json')
    expect(sim.code).toBe(3)
    expect(sim.json<ErrorEnvelope>().error).toMatchObject({
      code: 'NUMBER_INVALID',
      field: 'twapWindow',
      flag: '--twap-window',
    })
  })

  it('only src/cli and src/commands import the terminal packages', () => {
    const ui =
      /from '(@oclif\/core|@inquirer\/prompts|ora|chalk|cli-table3)'|import\('(@oclif\/core|@inquirer\/prompts|ora|chalk|cli-table3)'\)/
    const src = fileURLToPath(new URL('../../src', import.meta.url))
    const offenders = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !/^(cli|commands)\//.test(f))
      .filter((f) => ui.test(readFileSync(join(src, f), 'utf8')))
    expect(offenders).toEqual([])
  })

  it('each command has an ERROR CODES section from the catalog', async () => {
    for (const [id, cmd] of Object.entries(manifest.commands)) {
      if (!cmd.errorCodes) continue
      for (const code of cmd.errorCodes) expect(Object.keys(errorCatalog), `${id}: ${code}`).toContain(code)
    }
    const codes = (id: string) => manifest.commands[id].errorCodes ?? []
    expect(codes('pools:create')).toEqual(expect.arrayContaining(['TOKEN_UNKNOWN', 'POOL_EXISTS', 'TX_WOULD_REVERT']))
    // the codes every command shares are listed once (the README), not in each command's section
    expect(codes('pools:create')).not.toContain('USAGE')
    expect(codes('pools:create')).not.toContain('CHAIN_UNREACHABLE')
    // a command lists what its own work raises, not what the modules beside it do
    expect(codes('pools:show')).not.toContain('TX_WOULD_REVERT')
    expect(codes('stabilizer:history')).not.toContain('POOL_EXISTS')
    expect(codes('stabilizer:pause')).toContain('STABILIZER_ALREADY_PAUSED')
    const r = await run('pools', 'create', '--help')
    expect(r.code).toBe(0)
    const section = r.stdout.slice(r.stdout.indexOf('ERROR CODES'))
    expect(section).toMatch(/3 {2}TOKEN_UNKNOWN/)
    expect(section).toMatch(/5 {2}TX_WOULD_REVERT/)
    expect(section).toMatch(/README/)
  })
})
