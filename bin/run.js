#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import * as nodeModule from 'node:module'

// the bundle is built for Node 22 and later: an older Node gets this line, not a SyntaxError from deep inside it
const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  process.stderr.write(`vault needs Node 22 or later; this is Node ${process.versions.node}.\n`)
  process.exit(1)
}

// `vault … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0)
    throw e
  })
}

// `vault --version` / `-v` needs nothing but package.json (the same line oclif prints).
const argv = process.argv.slice(2)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const arch = process.arch === 'ia32' ? 'x86' : process.arch
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${arch} node-${process.version}\n`)
} else {
  nodeModule.enableCompileCache?.()
  // The build bundles oclif and the commands (bundle/, scripts/bundle.mjs) so start-up reads a few files.
  const { run } = await import('../bundle/cli/run.js')
  await run(import.meta.url)
}
