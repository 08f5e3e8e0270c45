#!/usr/bin/env node
// Derives each command's error codes from the code itself: every `new VaultError('CODE'` in the
// modules a command imports (statically or lazily, type-only imports excluded), plus the codes
// the base command maps foreign errors to. Writes them into oclif.manifest.json as `errorCodes`
// (the help's ERROR CODES section reads them) and, with --check, fails when a code is not in the
// catalog. Run after `oclif manifest` (part of `npm run build`).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')

const IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/gm
const CODE = /new VaultError\(\s*'([A-Z][A-Z0-9_]*)'/g

const cache = new Map()
function scan(file) {
  if (cache.has(file)) return cache.get(file)
  const text = readFileSync(file, 'utf8')
  const deps = []
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'))
    if (existsSync(target)) deps.push(target)
  }
  const info = {
    deps,
    codes: [...text.matchAll(CODE)].map((m) => m[1]),
    condition: /setExit\('condition'\)/.test(text),
  }
  cache.set(file, info)
  return info
}

function closure(entry) {
  const seen = new Set([entry])
  const stack = [entry]
  const codes = new Set()
  while (stack.length) {
    const info = scan(stack.pop())
    for (const c of info.codes) codes.add(c)
    for (const d of info.deps) {
      if (seen.has(d)) continue
      seen.add(d)
      stack.push(d)
    }
  }
  return codes
}

function commandFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? commandFiles(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  )
}

const catalogText = readFileSync(join(src, 'core/error-catalog.ts'), 'utf8')
const known = new Set([...catalogText.matchAll(/^\s+([A-Z][A-Z0-9_]*): \{/gm)].map((m) => m[1]))

const byCommand = {}
const unknown = new Set()
for (const file of commandFiles(join(src, 'commands'))) {
  const id = relative(join(src, 'commands'), file).replace(/\.ts$/, '').split('/').join(':')
  const codes = [...closure(file)].sort()
  for (const c of codes) if (!known.has(c)) unknown.add(c)
  byCommand[id] = { codes, condition: scan(file).condition }
}

if (unknown.size) {
  console.error(`error codes missing from src/core/error-catalog.ts: ${[...unknown].join(', ')}`)
  process.exit(1)
}
if (process.argv.includes('--check')) process.exit(0)

const manifestFile = join(root, 'oclif.manifest.json')
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
for (const [id, cmd] of Object.entries(manifest.commands)) {
  const derived = byCommand[id]
  if (!derived) continue
  cmd.errorCodes = [...new Set([...(cmd.errorCodes ?? []), ...derived.codes])].sort()
  cmd.exitsOnCondition = derived.condition
}
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`)
console.log(`error codes: ${Object.keys(byCommand).length} commands`)
