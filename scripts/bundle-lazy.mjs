// esbuild plugin for scripts/bundle.mjs: what @oclif/core evaluates on every start. It is CommonJS, so esbuild cannot
// tree-shake it, and its modules require at top level what only help, plugin discovery, spinners or Windows use;
// evaluating those cost more than running a plain command. Each rewrite below keeps oclif's behaviour; the build
// fails if a rewritten line is no longer there (an oclif update), so none goes stale silently.
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'

// 1. A top-level `const x = require("pkg")` of these becomes a proxy that requires the package on first use: it is
// still bundled and behaves the same once touched; a command that never touches it never evaluates it. (oclif's
// compiled code only reads members of these bindings, `(0, x.fn)(…)` / `x.default`, which the proxy forwards.)
const LAZY = new Set([
  'minimatch', // core plugin discovery (package.json "oclif.plugins" patterns)
  'tinyglobby', // command discovery without a manifest
  'ejs', // help and examples templates
  'lilconfig', // a plugin's rc config, when its package.json has no "oclif"
  'cli-spinners', // ux.action spinners
  'clean-stack', // rendering an uncaught error
  'indent-string',
  'wrap-ansi',
  'string-width',
  'widest-line',
  'debug', // made when oclif logs something
  'node:child_process', // Windows shell detection
  'node:readline', // reading a flag's value from stdin
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

function lazyRequires(source) {
  let lazy = 0
  const out = source.replace(TOP_LEVEL_REQUIRE, (line, name, wrap = '', spec, close) => {
    if (!LAZY.has(spec)) return line
    lazy++
    return `const ${name} = __vaultLazy(() => ${wrap}require("${spec}")${close});`
  })
  return lazy ? out + LAZY_HELPER : out
}

// 2. index.js checks the Node version against @oclif/core's own package.json, found from __dirname. An ES module
// bundle has no __dirname, so the check always ended in its own catch, after evaluating semver (two chunks) for
// nothing. It is dropped with its call.
const CHECK_NODE = /^function checkNodeVersion\(\) \{\n[\s\S]*?\n\}\n/m

// 3. Config.platform asks `(await import('wsl-utils')).isWsl` on every start: an import() of a chunk whose top level
// imports child_process, fs/promises, util and a PowerShell helper. wsl-utils' isWsl is is-wsl's default export, so
// os.js requires that in place (the is-wsl that wsl-utils resolves); its Windows-only powerShellPath() still imports
// wsl-utils.
const IS_WSL = 'vault-is-wsl-of-wsl-utils'

// 4. oclif's logger makes a `debug` logger per namespace as it goes, and logs as it starts (argv, plugins, commands).
// The debug package prints only the namespaces DEBUG names, so with DEBUG unset every call printed nothing, after
// loading the package, making loggers and matching namespaces. Each logger is now made on its first call with DEBUG
// set; without DEBUG a call returns at once.
const LOGGER = `
    let made;
    const debug = (...args) => {
        if (process.env.DEBUG)
            (made ??= (0, debug_1.default)(namespace))(...args);
    };`

// 5. Plugin.load() sorts the plugin's commands with localeCompare, and the first localeCompare of a process sets up
// ICU's collator (~10 ms). For ids of lowercase letters, ':' and '-' (every id vault and its core plugins have), code
// point order is the collator's order; any other pair is still compared with localeCompare.
const ID_ORDER = `
function __vaultIdOrder(a, b) {
  return /^[a-z:-]*$/.test(a) && /^[a-z:-]*$/.test(b) ? (a < b ? -1 : a > b ? 1 : 0) : a.localeCompare(b);
}
`

const REWRITES = [
  { file: 'index.js', apply: (s) => s.replace(CHECK_NODE, '').replace(/^checkNodeVersion\(\);\n/m, '') },
  {
    file: 'config/plugin.js',
    apply: (s) =>
      s.replace('.sort((a, b) => a.id.localeCompare(b.id));', '.sort((a, b) => __vaultIdOrder(a.id, b.id));') +
      ID_ORDER,
  },
  { file: 'logger.js', apply: (s) => s.replace('\n    const debug = (0, debug_1.default)(namespace);', LOGGER) },
  {
    file: 'util/os.js',
    apply: (s) => s.replace("(await import('wsl-utils')).isWsl", `require("${IS_WSL}").default`),
  },
]

export const oclifStartup = {
  name: 'oclif-startup',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/].*\.js$/ }, async ({ path }) => {
      let source = await readFile(path, 'utf8')
      const file = path.replace(/\\/g, '/').split('/@oclif/core/lib/')[1]
      for (const r of REWRITES.filter((r) => r.file === file)) {
        const next = r.apply(source)
        if (next === source) throw new Error(`bundle: @oclif/core/lib/${file} changed; revisit scripts/bundle-lazy.mjs`)
        source = next
      }
      return { contents: lazyRequires(source), loader: 'js' }
    })
    build.onResolve({ filter: new RegExp(`^${IS_WSL}$`) }, async ({ resolveDir }) => {
      const wsl = await build.resolve('wsl-utils', { kind: 'import-statement', resolveDir })
      return build.resolve('is-wsl', { kind: 'import-statement', resolveDir: dirname(wsl.path) })
    })
  },
}

// `import process from 'node:process'` (chalk, is-wsl and others) makes Node build the ES module facade of
// node:process, which reads every property once: it creates process.stdin and computes allowedNodeEnvironmentFlags.
// That default export is the global process object, so such imports get it directly.
export const globalProcess = {
  name: 'global-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?process$/ }, ({ kind }) =>
      kind === 'import-statement' ? { path: 'process', namespace: 'vault-global-process' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'vault-global-process' }, () => ({
      contents: 'export default globalThis.process',
      loader: 'js',
    }))
  },
}

// The Safe Transaction Service client (@safe-global/api-kit) fetches with node-fetch v2 on Node, whose URL parser
// requires Node's deprecated `punycode` module: every `safe` command that reached a service printed a
// DeprecationWarning (DEP0040) on stderr. Node's own fetch (Node ≥ 18) answers the same calls (json, text, status,
// ok, headers), so node-fetch is its global fetch in the bundle.
export const globalFetch = {
  name: 'global-fetch',
  setup(build) {
    build.onResolve({ filter: /^node-fetch$/ }, () => ({ path: 'node-fetch', namespace: 'vault-global-fetch' }))
    build.onLoad({ filter: /.*/, namespace: 'vault-global-fetch' }, () => ({
      contents: 'export default globalThis.fetch',
      loader: 'js',
    }))
  },
}
