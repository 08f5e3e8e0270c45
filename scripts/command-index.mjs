#!/usr/bin/env node
// Writes bundle/command-index.json: oclif.manifest.json without what only help reads (descriptions, examples, flags,
// error codes), so running a command does not read and parse the whole manifest (src/cli/run.ts). Run after the
// manifest is final (last step of `npm run build`); the index records the manifest's size, and run.ts reads the full
// manifest when the two do not match.
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const manifestFile = join(root, 'oclif.manifest.json')
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
const HELP_ONLY = ['description', 'examples', 'flags', 'summary', 'usage', 'errorCodes', 'exitsOnCondition']
const commands = Object.fromEntries(
  Object.entries(manifest.commands).map(([id, c]) => [
    id,
    Object.fromEntries(Object.entries(c).filter(([k]) => !HELP_ONLY.includes(k))),
  ]),
)
const index = { manifestSize: statSync(manifestFile).size, manifest: { ...manifest, commands } }
writeFileSync(join(root, 'bundle/command-index.json'), JSON.stringify(index))
console.log(`command index: ${Object.keys(commands).length} commands`)
