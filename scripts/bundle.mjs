#!/usr/bin/env node
// Bundles the CLI for start-up (as Shopify CLI ships): the entry, its dependencies and our code become
// a few ES modules with shared chunks, so a command reads a handful of files instead of hundreds.
// Every command stays its own entry (oclif still loads only the command that runs); a dynamic
// import() stays lazy (its own chunk). The few packages kept in node_modules are listed in EXTERNAL.
// Output: bundle/ (bin/run.js prefers it; the manifest points at bundle/commands).
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { globalFetch, globalProcess, oclifStartup } from './bundle-lazy.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(join(dir, e.name))
      : /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  )

const entryPoints = Object.fromEntries(
  [
    join(root, 'src/cli/run.ts'),
    join(root, 'src/cli/help.ts'),
    join(root, 'src/cli/hooks/not-found.ts'),
    ...files(join(root, 'src/commands')),
  ].map((f) => [relative(join(root, 'src'), f).replace(/\.ts$/, ''), f]),
)

// Packages that stay in node_modules, each for a reason; every other dependency (oclif, viem, the Safe kits, conf)
// is bundled and tree-shaken, which takes a command's start-up from hundreds of module files to a few chunks
// (viem alone is ~440 files, protocol-kit with its CommonJS viem ~1,400).
const EXTERNAL = [
  '@foundry-rs/anvil', // only its binary's path is resolved
  'uplot', // its files are read by path into the HTML report
  '@ledgerhq/*', // the USB transport is a native module
  '@inquirer/prompts', // loaded only for a prompt on a terminal
  'ora', // loaded only for a spinner on a terminal
]
const deps = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})]
for (const e of EXTERNAL) {
  if (!deps.some((d) => d === e || (e.endsWith('/*') && d.startsWith(e.slice(0, -1)))))
    throw new Error(`bundle: ${e} is not a dependency any more; drop it from EXTERNAL`)
}

rmSync(join(root, 'bundle'), { recursive: true, force: true })
await build({
  entryPoints,
  outdir: join(root, 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  chunkNames: 'chunks/[name]-[hash]',
  external: EXTERNAL,
  banner: {
    js: [
      "import { createRequire as __vaultCreateRequire } from 'node:module';",
      'const require = __vaultCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  plugins: [oclifStartup, globalProcess, globalFetch],
  logLevel: 'warning',
  legalComments: 'none',
})
console.log(`bundle: ${Object.keys(entryPoints).length} entries`)
