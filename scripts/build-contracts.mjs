#!/usr/bin/env node
// Compiles contracts/*.sol with solc-js (offline) and writes:
//   build/contracts.json                 { Name: { abi, bytecode, deployedBytecode } }
//   build/safe.json                      Safe v1.4.1 creation code (from @safe-global/safe-contracts JSON)
//   src/chain/abi/generated.ts       ABIs `as const` for our contracts (typed viem calls), and the minimal Safe
//                                    v1.4.1 ABIs vault uses, picked by name from @safe-global/safe-contracts
// Nothing here is committed: the build makes it.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const contractsDir = join(root, 'contracts')
const buildDir = join(root, 'build')
mkdirSync(buildDir, { recursive: true })

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.sol') ? [p] : []
  })
}

const files = existsSync(contractsDir) ? walk(contractsDir) : []
const sources = Object.fromEntries(files.map((f) => [relative(root, f), { content: readFileSync(f, 'utf8') }]))
const stamp = join(buildDir, '.sources.json')
const fingerprint = JSON.stringify([
  'safe-abi-2',
  ...Object.entries(sources).map(([k, v]) => [k, v.content.length, hash(v.content)]),
])
function hash(s) {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0
  return h
}

const generated = join(root, 'src/chain/abi/generated.ts')

// The Safe ABIs vault calls, decodes or reads events of: the entries below, picked from the Safe's own build
// (SafeL2 has every Safe event, SafeMultiSigTransaction included). Nothing else of the Safe is typed or decoded.
const SAFE_PICK = {
  safeAbi: [
    'SafeL2.sol/SafeL2.json',
    [
      ...['setup', 'getOwners', 'getThreshold', 'nonce', 'VERSION', 'isOwner', 'approvedHashes', 'approveHash'],
      ...['getTransactionHash', 'execTransaction', 'addOwnerWithThreshold', 'removeOwner', 'swapOwner'],
      ...['changeThreshold', 'enableModule', 'disableModule', 'setGuard', 'setFallbackHandler'],
      ...['ExecutionSuccess', 'ExecutionFailure', 'ApproveHash', 'AddedOwner', 'RemovedOwner', 'ChangedThreshold'],
      ...['SafeSetup', 'SafeMultiSigTransaction', 'ChangedFallbackHandler', 'ChangedGuard', 'EnabledModule'],
      ...['DisabledModule', 'ExecutionFromModuleSuccess', 'ExecutionFromModuleFailure', 'SignMsg', 'SafeReceived'],
      'simulateAndRevert',
    ],
  ],
  safeProxyFactoryAbi: [
    'proxies/SafeProxyFactory.sol/SafeProxyFactory.json',
    ['createProxyWithNonce', 'proxyCreationCode', 'ProxyCreation'],
  ],
  multiSendAbi: ['libraries/MultiSend.sol/MultiSend.json', ['multiSend']],
  simulateTxAccessorAbi: ['accessors/SimulateTxAccessor.sol/SimulateTxAccessor.json', ['simulate']],
}
function safeAbiSources() {
  const base = join(dirname(require.resolve('@safe-global/safe-contracts/package.json')), 'build/artifacts/contracts')
  return Object.entries(SAFE_PICK).map(([name, [file, keep]]) => {
    const abi = JSON.parse(readFileSync(join(base, file), 'utf8')).abi
    const picked = keep.map((n) => {
      const item = abi.find((x) => x.name === n)
      if (!item) throw new Error(`${file} has no ${n}`)
      return item
    })
    return `export const ${name} = ${JSON.stringify(picked)} as const`
  })
}
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint && existsSync(generated)) {
  console.error('contracts: up to date')
} else {
  const solc = require('solc')
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  }
  const out = files.length ? JSON.parse(solc.compile(JSON.stringify(input))) : { contracts: {} }
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error')
  for (const e of out.errors ?? []) if (e.severity !== 'error') console.error(e.formattedMessage)
  if (errors.length) {
    for (const e of errors) console.error(e.formattedMessage)
    process.exit(1)
  }
  const artifacts = {}
  for (const [file, contracts] of Object.entries(out.contracts ?? {})) {
    for (const [name, c] of Object.entries(contracts)) {
      if (!c.evm.bytecode.object) continue // interfaces, abstract contracts
      if (artifacts[name]) throw new Error(`duplicate contract name ${name} (${file})`)
      artifacts[name] = {
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      }
    }
  }
  writeFileSync(join(buildDir, 'contracts.json'), JSON.stringify(artifacts))
  const ts = [
    '// Generated by scripts/build-contracts.mjs from contracts/*.sol. Do not edit; not committed.',
    ...Object.entries(artifacts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([name, a]) => `export const ${name[0].toLowerCase()}${name.slice(1)}Abi = ${JSON.stringify(a.abi)} as const`,
      ),
    ...safeAbiSources(),
    '',
  ].join('\n')
  mkdirSync(dirname(generated), { recursive: true })
  writeFileSync(generated, ts)
  writeFileSync(stamp, fingerprint)
  console.error(`contracts: compiled ${Object.keys(artifacts).length} contracts from ${files.length} files`)
}

// Safe v1.4.1 creation code for the local chains (deployed at canonical addresses through the singleton factory).
const safeOut = join(buildDir, 'safe.json')
if (!existsSync(safeOut)) {
  const base = join(dirname(require.resolve('@safe-global/safe-contracts/package.json')), 'build/artifacts/contracts')
  const pick = {
    Safe: 'Safe.sol/Safe.json',
    SafeL2: 'SafeL2.sol/SafeL2.json',
    SafeProxyFactory: 'proxies/SafeProxyFactory.sol/SafeProxyFactory.json',
    MultiSend: 'libraries/MultiSend.sol/MultiSend.json',
    MultiSendCallOnly: 'libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json',
    CompatibilityFallbackHandler: 'handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json',
    SignMessageLib: 'libraries/SignMessageLib.sol/SignMessageLib.json',
    CreateCall: 'libraries/CreateCall.sol/CreateCall.json',
    SimulateTxAccessor: 'accessors/SimulateTxAccessor.sol/SimulateTxAccessor.json',
  }
  const safe = {}
  for (const [name, p] of Object.entries(pick)) safe[name] = JSON.parse(readFileSync(join(base, p), 'utf8')).bytecode
  const factoryDir = dirname(require.resolve('@safe-global/safe-singleton-factory/package.json'))
  safe.singletonFactoryCreationCode = `0x${readFileSync(join(factoryDir, 'artifacts/bytecode.txt'), 'utf8').trim().replace(/^0x/, '')}`
  writeFileSync(safeOut, JSON.stringify(safe))
  console.error('safe: wrote build/safe.json')
}
