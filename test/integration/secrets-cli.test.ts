import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { type Anvil, startAnvil } from '../helpers/anvil.js'
import { type CliResult, runCli, tempConfigDir } from '../helpers/cli.js'
import { type RpcProxy, startRpcProxy } from '../helpers/rpc-proxy.js'
import { addTestSecret, findSecrets } from '../helpers/secret-scan.js'

const KEY = LOCAL_KEYS.owners[0]
/** An API key as providers embed it in the URL path, and one as a query parameter. */
const PATH_KEY = 'aB3dEfGh1jKlMnOpQrSt9uVwXyZ01234'
const QUERY_KEY = 'qK7zzTopSecret99'

/** Item 4: nothing the user typed that is (or may be) a secret comes back in any output. */
describe('secrets are never echoed', () => {
  let anvil: Anvil
  let proxy: RpcProxy
  const cfg = tempConfigDir()
  const run = (args: string[], env?: Record<string, string>) => runCli(args, { configDir: cfg.dir, env })
  const clean = (r: CliResult) => {
    expect(r.stdout).not.toContain(KEY.slice(2))
    expect(r.stderr).not.toContain(KEY.slice(2))
    expect([...findSecrets(r.stdout, 'stdout'), ...findSecrets(r.stderr, 'stderr')]).toEqual([])
  }

  beforeAll(async () => {
    addTestSecret(PATH_KEY, 'path-embedded API key')
    addTestSecret(QUERY_KEY, 'query API key')
    anvil = await startAnvil(138)
    proxy = await startRpcProxy(anvil.url)
  })
  afterAll(async () => {
    await proxy?.close()
    await anvil?.stop()
    cfg.cleanup()
  })

  it('--private-key=KEY on a command without that flag: usage error without the key, text and --json', async () => {
    const json = await run(['status', `--private-key=${KEY}`, '--json'])
    expect(json.code).toBe(3)
    expect(json.json<ErrorEnvelope>().error.code).toBe('USAGE')
    clean(json)
    const text = await run(['status', '--private-key', KEY])
    expect(text.code).toBe(3)
    clean(text)
  })

  it('a key typed as a positional argument, an address or a proposal name is not echoed', async () => {
    for (const args of [
      ['pools', 'show', KEY, '--json'],
      ['safe', 'show', KEY, '--json'],
      ['safe', 'show', KEY.slice(2)],
      ['config', 'set', 'safe.address', KEY],
      ['status', KEY],
    ]) {
      const r = await run(args)
      expect(r.code, args.join(' ')).not.toBe(0)
      clean(r)
    }
  })

  it('a refused config set value is not repeated (not even as a number)', async () => {
    const r = await run(['config', 'set', 'rpc.timeoutMs', KEY, '--json'])
    expect(r.code).toBe(3)
    expect(r.json<ErrorEnvelope>().error.code).toBe('CONFIG_INVALID')
    clean(r)
    expect(r.stdout).not.toMatch(/e\+7\d/) // the key read as a float
  })

  it('a --keystore path is not echoed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-ks-'))
    const path = join(dir, 'owner-keystore-2f9c.json')
    addTestSecret(path, 'keystore path')
    // the keeper reads its key before anything else, so the keystore is what fails here
    const r = await run([
      'keeper',
      'run',
      '--once',
      '--chain',
      '138',
      '--rpc-url',
      anvil.url,
      '--keystore',
      path,
      '--json',
    ])
    expect(r.code).toBe(3)
    expect(r.json<ErrorEnvelope>().error.code).toBe('KEYSTORE_UNREADABLE')
    clean(r)
  })

  it('RPC API keys in the URL (path and query) never reach errors or --json, even from a rate-limited node', async () => {
    const url = `${proxy.url}/v2/${PATH_KEY}?apikey=${QUERY_KEY}`
    proxy.inject({ kind: 'status', status: 429 })
    try {
      const r = await run(['status', '--chain', '138', '--rpc-url', url, '--json'])
      expect(r.code).toBe(4)
      clean(r)
      const text = await run(['status', '--chain', '138', '--rpc-url', url, '--verbose'])
      expect(text.code).toBe(4)
      clean(text)
    } finally {
      proxy.clear()
    }
  })

  it('config show redacts a path-embedded key', async () => {
    // the user chose to store this URL in config.json (so it is not a scanned test secret); printing it must redact it
    const stored = 'Zx9yW8vU7tS6rQ5pO4nM3lK2jI1hG0fE'
    const url = `https://eth.example.org/v2/${stored}`
    expect((await run(['config', 'set', 'chains.138.rpcUrls', url])).code).toBe(0)
    for (const args of [
      ['config', 'show', '--json'],
      ['config', 'show'],
      ['config', 'get', 'chains.138.rpcUrls'],
    ]) {
      const r = await run(args)
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('eth.example.org/v2/***')
      expect(r.stdout + r.stderr).not.toContain(stored)
    }
  })
})
