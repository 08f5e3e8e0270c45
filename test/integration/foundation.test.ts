import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { ConfigGetResult } from '../../src/commands/config/get.js'
import type { ConfigProfilesResult } from '../../src/commands/config/profiles.js'
import type { ConfigShowResult } from '../../src/commands/config/show.js'
import type { StatusResult } from '../../src/commands/status.js'
import type { ErrorCode } from '../../src/core/errors.js'
import { type Anvil, freePort, startAnvil } from '../helpers/anvil.js'
import { runCli, tempConfigDir } from '../helpers/cli.js'

describe('foundation: the built CLI against two anvil chains', () => {
  let a138: Anvil
  let a651: Anvil
  let other: Anvil
  const cfg = tempConfigDir()
  const run = (args: string[], env?: Record<string, string>) => runCli(args, { configDir: cfg.dir, env })

  beforeAll(async () => {
    ;[a138, a651, other] = await Promise.all([startAnvil(138), startAnvil(651940), startAnvil(1)])
    for (const [id, a] of [
      ['138', a138],
      ['651940', a651],
    ] as const) {
      const r = await run(['config', 'set', `chains.${id}.rpcUrls`, a.url, '--profile', 'local'])
      expect(r.code, r.stderr).toBe(0)
    }
  })
  afterAll(async () => {
    await Promise.all([a138?.stop(), a651?.stop(), other?.stop()])
    cfg.cleanup()
  })

  it('prints its version and lists the topics', async () => {
    const v = await run(['--version'])
    expect(v.code).toBe(0)
    expect(v.stdout).toMatch(/^vault\/\d+\.\d+\.\d+/)
    const h = await run(['--help'])
    expect(h.code).toBe(0)
    for (const topic of ['config', 'status']) expect(h.stdout).toContain(topic)
  })

  it('status --json reports both chains with their head blocks', async () => {
    await fetch(a138.url, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_mine', params: ['0x5'] }),
      headers: { 'content-type': 'application/json' },
    })
    const r = await run(['status', '--profile', 'local', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const body = r.json<StatusResult>()
    expect(body.profile).toBe('local')
    const byId = Object.fromEntries(body.chains.map((c) => [c.chainId, c]))
    expect(byId[138].reachable).toBe(true)
    expect(byId[138].headBlock).toBe('5')
    expect(byId[651940].reachable).toBe(true)
    expect(byId[651940].headBlock).toBe('0')
    expect(body.error).toBeUndefined()
  })

  it('exits 4 with a JSON error when an RPC is down', async () => {
    const port = await freePort()
    const r = await run(['status', '--json', '--chain', '138', '--rpc-url', `http://127.0.0.1:${port}`])
    expect(r.code).toBe(4)
    const body = r.json<StatusResult>()
    expect(body.chains[0].reachable).toBe(false)
    expect(body.error?.code).toBe('CHAIN_UNREACHABLE')
    expect(body.error?.exit).toBe(4)
    // a command with nothing to read on that chain still refuses to report "nothing found"
    const pools = await run(['pools', 'list', '--json', '--chain', '138', '--rpc-url', `http://127.0.0.1:${port}`])
    expect(pools.code).toBe(4)
    expect(pools.json<ErrorEnvelope>().error.code).toBe('CHAIN_UNREACHABLE')
  })

  it('exits 4 naming both ids when the RPC serves another chain', async () => {
    const r = await run(['status', '--json', '--rpc-url', `138=${other.url}`])
    expect(r.code).toBe(4)
    const c138 = r.json<StatusResult>().chains.find((c) => c.chainId === 138)
    expect(c138?.error?.code).toBe('CHAIN_MISMATCH')
    expect(c138?.error?.message).toContain('138')
  })

  it('refuses bad config values with exit 3 and leaves the file unchanged', async () => {
    const file = join(cfg.dir, 'config.json')
    const before = readFileSync(file, 'utf8')
    const bad: [string, string, ErrorCode][] = [
      ['safe.address', '0x123', 'CONFIG_INVALID'],
      ['chains.138.rpcUrls', 'notaurl', 'CONFIG_INVALID'],
      ['chains.138.tokens.cUSDT', 'hello', 'CONFIG_INVALID'],
      ['stabilizer.thresholdBps', '-4', 'CONFIG_INVALID'],
      ['nope.key', '1', 'CONFIG_KEY_UNKNOWN'],
      ['safe.privateKey', `0x${'11'.repeat(32)}`, 'CONFIG_SECRET'],
    ]
    for (const [k, v, code] of bad) {
      const r = await run(['config', 'set', k, v, '--json'])
      expect(r.code, `${k}=${v}`).toBe(3)
      const err = r.json<ErrorEnvelope>().error
      expect(err.code).toBe(code)
      expect(err.message).toContain(k)
      expect(r.stdout + r.stderr).not.toContain('11'.repeat(32))
    }
    expect(readFileSync(file, 'utf8')).toBe(before)
  })

  it('config get/show/profiles/use work and show never prints URL credentials', async () => {
    const set = await run([
      'config',
      'set',
      'chains.651940.rpcUrls',
      'https://user:pw@alltra.example/rpc',
      '--profile',
      'staging',
    ])
    expect(set.code, set.stderr).toBe(0)
    const show = await run(['config', 'show', '--profile', 'staging', '--json'])
    expect(show.code).toBe(0)
    expect(show.stdout).not.toContain('pw@')
    expect(show.json<ConfigShowResult>().settings.chains['651940']?.rpcUrls[0]).toContain('***')
    const get = await run(['config', 'get', 'stabilizer.thresholdBps', '--json'])
    expect(get.json<ConfigGetResult>().value).toBe(10)
    const use = await run(['config', 'use', 'staging'])
    expect(use.code).toBe(0)
    const profiles = (await run(['config', 'profiles', '--json'])).json<ConfigProfilesResult>()
    expect(profiles.find((p) => p.name === 'staging')?.active).toBe(true)
    expect((await run(['config', 'use', 'does-not-exist'])).code).toBe(3)
    await run(['config', 'use', 'local'])
  })

  it('a hand-edited config with a malformed value is refused naming the key; secrets in it are masked', async () => {
    const bad = tempConfigDir()
    try {
      const write = (profile: unknown) =>
        writeFileSync(
          join(bad.dir, 'config.json'),
          JSON.stringify({ activeProfile: 'local', profiles: { local: profile } }),
        )
      write({ safe: { address: '0x123' } })
      const r = await runCli(['status', '--json'], { configDir: bad.dir })
      expect(r.code).toBe(3)
      expect(r.json<ErrorEnvelope>().error.message).toContain('safe.address')
      write({ chains: { '138': { rpcUrls: ['notaurl'] } } })
      const r2 = await runCli(['config', 'show', '--json'], { configDir: bad.dir })
      expect(r2.code).toBe(3)
      expect(r2.json<ErrorEnvelope>().error.message).toContain('chains.138.rpcUrls')
      const secret = `0x${'ab'.repeat(32)}`
      write({ safe: { privateKey: secret } })
      const shown = await runCli(['config', 'show', '--json'], { configDir: bad.dir })
      expect(shown.code).toBe(0)
      expect(shown.stdout).not.toContain('ab'.repeat(32))
      // a key the schema does not have, written by hand: masked all the same
      expect((shown.json<ConfigShowResult>().settings.safe as Record<string, unknown>).privateKey).toBe('********')
    } finally {
      bad.cleanup()
    }
  })

  it('usage errors exit 3', async () => {
    const r = await run(['status', '--chain', '5'])
    expect(r.code).toBe(3)
    const r2 = await run(['status', '--no-such-flag', '--json'])
    expect(r2.code).toBe(3)
    expect(r2.json<ErrorEnvelope>().error.code).toBe('USAGE')
  })
})
