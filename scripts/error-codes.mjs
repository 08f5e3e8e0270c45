#!/usr/bin/env node
// Derives each command's ERROR CODES from the code itself, function by function: starting at the command's
// `run` (and its flags, whose parsers refuse bad values), it follows every top-level function, constant and
// class method the code names (static imports, `await import(...)` destructuring, `this.method`, superclasses),
// and collects the codes named in what it reaches (`new VaultError('CODE', …)` or a catalog code in a string,
// e.g. a revert-name table). Codes reachable from the base command itself (configuration, RPC, usage, key and
// route resolution: any command can end with them) are the COMMON codes: the README's table lists them and each
// command's help points there instead of repeating them. Writes `errorCodes` (the command's own) and
// `exitsOnCondition` into oclif.manifest.json, and build/common-error-codes.json; fails when a code is not in
// the catalog. test/helpers/cli.ts checks at run time that every code a CLI test sees a command end with is
// listed for it (or common), so the list cannot silently fall behind the code.
// Run after `oclif manifest` (part of `npm run build`); `--check` only validates. Over 300 lines on purpose: the
// parse, the name resolution and the reachability walk are one analysis.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseSync } from 'oxc-parser'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')

const catalogText = readFileSync(join(src, 'core/error-catalog.ts'), 'utf8')
const known = new Set([...catalogText.matchAll(/^\s+([A-Z][A-Z0-9_]*): \{/gm)].map((m) => m[1]))
const CODE_LIKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{4,}$/

const resolveSpec = (from, spec) => {
  if (!spec.startsWith('.')) return undefined
  const target = resolve(dirname(from), spec.replace(/\.js$/, '.ts'))
  return existsSync(target) ? target : undefined
}

/** Every child node of an AST node. */
function* children(node) {
  for (const [k, v] of Object.entries(node)) {
    if (k === 'typeAnnotation' || k === 'returnType' || k === 'typeParameters' || k === 'superTypeArguments') continue
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x.type === 'string') yield x
    } else if (v && typeof v.type === 'string') yield v
  }
}

const isTypeOnly = (node) =>
  /^TS/.test(node.type) &&
  node.type !== 'TSAsExpression' &&
  node.type !== 'TSNonNullExpression' &&
  node.type !== 'TSSatisfiesExpression'

/**
 * What one piece of code names: identifiers (free), `this.x` / `super.x` members, dynamic-import bindings, whole
 * modules imported without destructuring, and the codes it holds.
 */
function collect(node, file) {
  const out = { names: new Set(), members: new Set(), dyn: [], wholeModules: new Set(), codes: new Set() }
  const visit = (n) => {
    if (isTypeOnly(n)) return
    switch (n.type) {
      case 'Identifier':
        out.names.add(n.name)
        return
      case 'Literal':
        if (typeof n.value === 'string' && CODE_LIKE.test(n.value) && known.has(n.value)) out.codes.add(n.value)
        return
      case 'MemberExpression':
        if (n.object.type === 'ThisExpression' || n.object.type === 'Super') {
          if (!n.computed && n.property.type === 'Identifier') out.members.add(n.property.name)
          return
        }
        visit(n.object)
        if (n.computed) visit(n.property)
        return
      case 'Property':
        if (n.computed) visit(n.key)
        visit(n.value)
        return
      case 'VariableDeclarator': {
        const init = n.init?.type === 'AwaitExpression' ? n.init.argument : n.init
        if (init?.type === 'ImportExpression' && init.source.type === 'Literal') {
          const mod = resolveSpec(file, init.source.value)
          if (mod && n.id.type === 'ObjectPattern') {
            for (const p of n.id.properties) {
              if (p.type === 'Property' && p.key.type === 'Identifier') out.dyn.push([mod, p.key.name])
            }
            return
          }
          if (mod) out.wholeModules.add(mod)
          return
        }
        visit(n.id)
        if (n.init) visit(n.init)
        return
      }
      case 'ImportExpression': {
        const mod = n.source.type === 'Literal' ? resolveSpec(file, n.source.value) : undefined
        if (mod) out.wholeModules.add(mod)
        return
      }
      default:
        for (const c of children(n)) visit(c)
    }
  }
  visit(node)
  return out
}

const modules = new Map()
/** A module: its top-level units (functions, constants, classes, class members), imports and exports. */
function loadModule(file) {
  if (modules.has(file)) return modules.get(file)
  const text = readFileSync(file, 'utf8')
  const { program } = parseSync(file, text, { sourceType: 'module' })
  const mod = {
    file,
    units: new Map(),
    imports: new Map(),
    namespaces: new Map(),
    reexports: [],
    starExports: [],
    classes: new Map(),
    top: null,
  }
  modules.set(file, mod)
  const topLevel = []
  const addUnit = (name, node) => mod.units.set(name, collect(node, file))
  const declare = (decl) => {
    if (!decl) return
    if (decl.type === 'FunctionDeclaration' && decl.id) addUnit(decl.id.name, decl)
    else if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations) {
        if (d.id.type === 'Identifier') addUnit(d.id.name, d.init ?? d.id)
        else topLevel.push(d)
      }
    } else if (decl.type === 'ClassDeclaration' && decl.id) {
      const cls = {
        name: decl.id.name,
        superClass: decl.superClass?.type === 'Identifier' ? decl.superClass.name : undefined,
        methods: new Set(),
      }
      mod.classes.set(cls.name, cls)
      const header = []
      for (const m of decl.body.body) {
        if (m.type === 'MethodDefinition' && m.key.type === 'Identifier' && !m.static) {
          cls.methods.add(m.key.name)
          addUnit(`${cls.name}#${m.key.name}`, m.value)
        } else header.push(m)
      }
      if (decl.superClass) header.push(decl.superClass)
      addUnit(cls.name, { type: 'Program', body: header })
    } else if (!/^TS/.test(decl.type)) topLevel.push(decl)
  }
  for (const st of program.body) {
    if (st.type === 'ImportDeclaration') {
      if (st.importKind === 'type') continue
      const target = resolveSpec(file, st.source.value)
      if (!target) continue
      for (const s of st.specifiers) {
        if (s.importKind === 'type') continue
        if (s.type === 'ImportSpecifier') mod.imports.set(s.local.name, [target, s.imported.name ?? s.imported.value])
        else if (s.type === 'ImportDefaultSpecifier') mod.imports.set(s.local.name, [target, 'default'])
        else if (s.type === 'ImportNamespaceSpecifier') mod.namespaces.set(s.local.name, target)
      }
      if (st.specifiers.length === 0) topLevel.push({ type: 'ImportExpression', source: st.source })
    } else if (st.type === 'ExportNamedDeclaration') {
      if (st.source) {
        const target = resolveSpec(file, st.source.value)
        if (target && st.exportKind !== 'type')
          for (const s of st.specifiers)
            mod.reexports.push([s.exported.name ?? s.exported.value, target, s.local.name ?? s.local.value])
      } else declare(st.declaration)
    } else if (st.type === 'ExportAllDeclaration') {
      const target = resolveSpec(file, st.source.value)
      if (target && st.exportKind !== 'type') mod.starExports.push(target)
    } else if (st.type === 'ExportDefaultDeclaration') {
      const d = st.declaration
      if ((d.type === 'ClassDeclaration' || d.type === 'FunctionDeclaration') && d.id) {
        declare(d)
        mod.imports.set('default', [file, d.id.name])
      } else addUnit('default', d)
    } else declare(st)
  }
  mod.top = collect({ type: 'Program', body: topLevel }, file)
  return mod
}

/** The unit keys (`file::name`) an exported name of a module stands for. */
function exported(file, name, seen = new Set()) {
  const key = `${file}::${name}`
  if (seen.has(key)) return []
  seen.add(key)
  const mod = loadModule(file)
  if (name === 'default' && mod.imports.get('default')?.[0] === file)
    return [`${file}::${mod.imports.get('default')[1]}`]
  if (mod.units.has(name)) return [key]
  if (mod.imports.has(name)) return exported(...mod.imports.get(name), seen)
  for (const [as, target, local] of mod.reexports) if (as === name) return exported(target, local, seen)
  for (const target of mod.starExports) {
    const found = exported(target, name, seen)
    if (found.length) return found
  }
  return []
}

/** The class a name refers to in a module (following imports), with the module it is declared in. */
function classOf(file, name) {
  const [target] = exported(file, name)
  if (!target) return undefined
  const [f, n] = target.split('::')
  const cls = loadModule(f).classes.get(n)
  return cls ? { file: f, cls } : undefined
}

/** Units a class's `this.member` can mean: its own method, else its superclass's. */
function memberUnits(file, className, member) {
  let at = classOf(file, className)
  while (at) {
    if (at.cls.methods.has(member)) return [`${at.file}::${at.cls.name}#${member}`]
    if (!at.cls.superClass) return []
    at = classOf(at.file, at.cls.superClass)
  }
  return []
}

/** Every code reachable from the given unit keys. */
function reach(starts) {
  const seen = new Set()
  const seenModules = new Set()
  const codes = new Set()
  const stack = [...starts]
  const addModule = (file) => {
    if (seenModules.has(file)) return
    seenModules.add(file)
    const mod = loadModule(file)
    stack.push(`${file}::<top>`)
    for (const name of mod.units.keys()) if (!name.includes('#')) stack.push(`${file}::${name}`)
  }
  while (stack.length) {
    const key = stack.pop()
    if (seen.has(key)) continue
    seen.add(key)
    const [file, name] = key.split('::')
    const mod = loadModule(file)
    const unit = name === '<top>' ? mod.top : mod.units.get(name)
    if (!unit) continue
    if (name !== '<top>') stack.push(`${file}::<top>`)
    for (const c of unit.codes) codes.add(c)
    for (const n of unit.names) {
      if (mod.units.has(n)) stack.push(`${file}::${n}`)
      else if (mod.imports.has(n)) stack.push(...exported(...mod.imports.get(n)))
      else if (mod.namespaces.has(n)) addModule(mod.namespaces.get(n))
    }
    for (const [target, n] of unit.dyn) stack.push(...exported(target, n))
    for (const target of unit.wholeModules) addModule(target)
    // a class that is named may be instantiated and any method called on the instance: all of them count
    if (mod.classes.has(name)) for (const m of mod.classes.get(name).methods) stack.push(`${file}::${name}#${m}`)
    const className = name.includes('#') ? name.split('#')[0] : mod.classes.has(name) ? name : undefined
    if (className) for (const m of unit.members) stack.push(...memberUnits(file, className, m))
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

// The common codes: the base command's own machinery (every method of VaultCommand), which any command runs.
const baseFile = join(src, 'cli/command.ts')
const base = loadModule(baseFile)
const common = reach([...base.units.keys()].filter((n) => n.startsWith('VaultCommand')).map((n) => `${baseFile}::${n}`))

const byCommand = {}
const unknown = new Set()
for (const file of commandFiles(join(src, 'commands'))) {
  const id = relative(join(src, 'commands'), file)
    .replace(/(\/index)?\.ts$/, '')
    .split('/')
    .join(':')
  const mod = loadModule(file)
  const [, cls] = mod.imports.get('default') ?? [file, 'default']
  const starts = [`${file}::${cls}`]
  const codes = [...reach(starts)].filter((c) => !common.has(c)).sort()
  const text = readFileSync(file, 'utf8')
  for (const m of text.matchAll(/new VaultError\(\s*'([A-Z][A-Z0-9_]*)'/g)) if (!known.has(m[1])) unknown.add(m[1])
  byCommand[id] = { codes, condition: /setExit\('condition'\)/.test(text) }
}
for (const mod of modules.values()) {
  const text = readFileSync(mod.file, 'utf8')
  for (const m of text.matchAll(/new VaultError\(\s*'([A-Z][A-Z0-9_]*)'/g)) if (!known.has(m[1])) unknown.add(m[1])
}

if (unknown.size) {
  console.error(`error codes missing from src/core/error-catalog.ts: ${[...unknown].join(', ')}`)
  process.exit(1)
}
if (process.argv.includes('--check')) process.exit(0)
if (process.argv.includes('--print')) {
  for (const [id, c] of Object.entries(byCommand)) console.log(id, c.codes.length, c.codes.join(' '))
  console.log('common', common.size, [...common].sort().join(' '))
  process.exit(0)
}

const manifestFile = join(root, 'oclif.manifest.json')
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
for (const [id, cmd] of Object.entries(manifest.commands)) {
  const derived = byCommand[id]
  if (!derived) continue
  cmd.errorCodes = derived.codes
  cmd.exitsOnCondition = derived.condition
}
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`)
mkdirSync(join(root, 'build'), { recursive: true })
writeFileSync(join(root, 'build/common-error-codes.json'), `${JSON.stringify([...common].sort(), null, 2)}\n`)
console.log(`error codes: ${Object.keys(byCommand).length} commands, ${common.size} common`)
