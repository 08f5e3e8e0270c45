#!/usr/bin/env node
// Bundles the CLI for start-up (as Shopify CLI ships): the entry, @oclif/core and our code become a
// few ES modules with shared chunks, so `vault --version` reads a handful of files instead of
// hundreds. Every command stays its own entry (oclif still loads only the command that runs);
// third-party packages other than @oclif/core stay external and load lazily, as in dist/.
// Output: bundle/ (bin/run.js prefers it; the manifest points at bundle/commands).
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

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
  // everything but oclif's core loads from node_modules, lazily, as it does from dist/
  external: [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})].filter(
    (d) => d !== '@oclif/core',
  ),
  banner: {
    js: [
      "import { createRequire as __vaultCreateRequire } from 'node:module';",
      'const require = __vaultCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  logLevel: 'warning',
  legalComments: 'none',
})
console.log(`bundle: ${Object.keys(entryPoints).length} entries`)
