// esbuild plugin for scripts/bundle.mjs: @oclif/core is CommonJS, so esbuild cannot tree-shake it, and its modules
// require at top level what only help, plugin discovery, spinners or Windows need. Evaluating those on every start
// costs more than running a plain command. This plugin rewrites such a top-level `const x = require("pkg")` in
// @oclif/core's own files into a proxy that requires the package on first use: the package is still bundled and
// behaves the same once touched; a command that never touches it never evaluates it. (oclif's compiled code only
// reads members of these bindings, `(0, x.fn)(…)` / `x.default`, which is what the proxy forwards.)
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Packages @oclif/core requires at top level that the path of a plain command never uses. */
const LAZY = new Set([
  'minimatch', // core plugin discovery (package.json "oclif.plugins" patterns)
  'tinyglobby', // command discovery without a manifest
  'ejs', // help and examples templates
  'lilconfig', // reading a plugin's package.json / rc config
  'cli-spinners', // ux.action spinners
  'clean-stack', // rendering an uncaught error
  'indent-string',
  'wrap-ansi',
  'string-width',
  'widest-line',
  'debug', // only when a debug logger is made (DEBUG=…)
  'node:child_process', // Windows shell detection
  'node:readline', // reading flags from stdin (`-`)
  'node:perf_hooks', // only with OCLIF_PERFORMANCE / enablePerf
])

const LAZY_HELPER = `
function __vaultLazy(load) {
  let m
  const mod = () => (m ??= load())
  return new Proxy({}, {
    get: (_, k) => mod()[k],
    has: (_, k) => k in mod(),
    ownKeys: () => Reflect.ownKeys(mod()),
    getOwnPropertyDescriptor: (_, k) => {
      const d = Reflect.getOwnPropertyDescriptor(mod(), k)
      return d && { ...d, configurable: true }
    },
  })
}
`

const TOP_LEVEL_REQUIRE = /^const (\w+) = (__importDefault\(|__importStar\()?require\("([^"]+)"\)(\)?);$/gm

export const lazyOclifRequires = {
  name: 'lazy-oclif-requires',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/].*\.js$/ }, async ({ path }) => {
      let source = await readFile(path, 'utf8')
      let lazy = 0
      source = source.replace(TOP_LEVEL_REQUIRE, (line, name, wrap = '', spec, close) => {
        if (!LAZY.has(spec)) return line
        lazy++
        return `const ${name} = __vaultLazy(() => ${wrap}require("${spec}")${close});`
      })
      // index.js checks the Node version against @oclif/core's own package.json, found from __dirname; in an ES module
      // bundle __dirname does not exist, so the check always ended in its own catch after evaluating semver for nothing
      if (/[\\/]@oclif[\\/]core[\\/]lib[\\/]index\.js$/.test(path))
        source = source.replace(/^checkNodeVersion\(\);$/m, '')
      return { contents: lazy ? source + LAZY_HELPER : source, loader: 'js' }
    })
  },
}

// @oclif/core asks `(await import('wsl-utils')).isWsl` for Config.platform on every start, and wsl-utils imports
// child_process, fs/promises, util and a PowerShell helper at top level to answer it. This gives os.js a module with
// the same two exports: isWsl from the is-wsl that wsl-utils itself re-exports (so the answer is the same), and
// powerShellPath (Windows shell detection only) from wsl-utils itself, loaded when it is asked for.
const WSL_SHIM = `export { default as isWsl } from 'is-wsl'
export const powerShellPath = async (...a) => (await import('wsl-utils')).powerShellPath(...a)
`

export const wslForOclif = {
  name: 'wsl-for-oclif',
  setup(build) {
    build.onResolve({ filter: /^wsl-utils$/ }, ({ importer, resolveDir }) =>
      /[\\/]@oclif[\\/]core[\\/]lib[\\/]util[\\/]os\.js$/.test(importer)
        ? { path: 'wsl-utils-for-oclif', namespace: 'vault-shim', pluginData: { resolveDir } }
        : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'vault-shim' }, async ({ pluginData }) => {
      // resolve is-wsl and wsl-utils as os.js would, then is-wsl as wsl-utils would
      const wsl = await build.resolve('wsl-utils', { kind: 'import-statement', resolveDir: pluginData.resolveDir })
      return { contents: WSL_SHIM, loader: 'js', resolveDir: dirname(wsl.path) }
    })
  },
}
