#!/usr/bin/env node
// Writes the README's exit-code tables from the error catalog (run by `npm run readme`, after the build).
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { errorCatalog, exitClassMeaning } = await import(join(root, 'dist/core/error-catalog.js'))
const { exitStatus } = await import(join(root, 'dist/cli/exit.js'))
const common = new Set(JSON.parse(readFileSync(join(root, 'build/common-error-codes.json'), 'utf8')))
const row = ([code, e]) => `| \`${code}\` | ${exitStatus[e.exit]} | ${e.help.replaceAll('|', '\\|')} |`
const byExit = ([a, x], [b, y]) => exitStatus[x.exit] - exitStatus[y.exit] || a.localeCompare(b)
const entries = Object.entries(errorCatalog).sort(byExit)

const classes = Object.keys(exitStatus).sort((a, b) => exitStatus[a] - exitStatus[b])
const lines = [
  'Runbooks can branch on these:',
  '',
  '| exit | meaning |',
  '| ---- | ------- |',
  ...classes.map((c) => `| ${exitStatus[c]} | ${exitClassMeaning[c]} |`),
  '',
  'With `--json`, stdout carries only the JSON document; a failure prints',
  '`{"error": {"code", "exit", "message", "field?", "flag?", "details?", "hints?", "data?"}}`.',
  'Codes any command can end with (its configuration, the RPC and chain, its flags, keys and the confirmation);',
  "each command's `--help` lists under ERROR CODES the codes of its own work, derived from its code by",
  '`scripts/error-codes.mjs` (the build):',
  '',
  '| code | exit | meaning |',
  '| ---- | ---- | ------- |',
  ...entries.filter(([code]) => common.has(code)).map(row),
  '',
  'Every other code, by exit status:',
  '',
  '| code | exit | meaning |',
  '| ---- | ---- | ------- |',
  ...entries.filter(([code]) => !common.has(code)).map(row),
]

const file = join(root, 'README.md')
const readme = readFileSync(file, 'utf8')
const start = '<!-- exit-codes -->'
const stop = '<!-- exit-codesstop -->'
const a = readme.indexOf(start)
const b = readme.indexOf(stop)
if (a < 0 || b < a) throw new Error(`README.md needs ${start} … ${stop} markers`)
writeFileSync(file, `${readme.slice(0, a + start.length)}\n${lines.join('\n')}\n${readme.slice(b)}`)
console.log(`README: exit codes (${Object.keys(errorCatalog).length} codes)`)
