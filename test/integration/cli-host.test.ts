// Most integration tests run the built CLI inside their worker (test/helpers/cli-host.ts) instead of a child process.
// This file holds that to account: each command here runs both ways against the same chain state and must end with
// the same status and print the same bytes on stdout and stderr — results, human tables, refusals, usage errors,
// help, an unknown command, a failed check (exit 2, worker threads), an unreachable chain, a Safe Transaction Service
// up and down, a redacted key, and a write.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { PoolsAddLiquidityResult } from '../../src/commands/pools/add-liquidity.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { needsProcess, runCli } from '../helpers/cli.js'
import { sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { startFakeTxService } from '../helpers/tx-service.js'

const KEY = LOCAL_KEYS.deployer

describe('a run in the test worker is a run of the process', () => {
  let net: TestLocalnet
  beforeAll(async () => {
    net = await sharedLocalnet()
  })
  afterAll(async () => {
    await net?.stop()
  })

  /**
   * The same run as a child process and in the worker; the chains are put back between the two. `same` maps what
   * may differ between two runs of one process too (a transaction hash: its gas limit follows the block's time).
   */
  const bothWays = async (args: string[], env?: Record<string, string>, same = (s: string) => s) => {
    expect(needsProcess(args), args.join(' ')).toBe(false)
    const opts = { configDir: net.configDir, env }
    const child = await runCli(args, { ...opts, process: true })
    await net.reset()
    const host = await runCli(args, { ...opts, process: false })
    await net.reset()
    const shown = (r: typeof child) => ({ code: r.code, stdout: same(r.stdout), stderr: same(r.stderr) })
    expect(shown(host), args.join(' ')).toEqual(shown(child))
    return child
  }

  it('reads: a JSON result, a human table, a quote', async () => {
    expect((await bothWays(['pools', 'list', '--chain', '138', '--json'])).code).toBe(0)
    expect((await bothWays(['pools', 'list', '--chain', '138'])).stdout).toContain('cUSDT/cUSDC')
    expect((await bothWays(['pools', 'quote', 'cUSDT/cUSDC', '--sell', '1000', 'cUSDT', '--json'])).code).toBe(0)
  })

  it('refusals and usage errors, text and --json; help; an unknown command', async () => {
    for (const args of [
      ['pools', 'quote', 'cUSDT/cUSDC', '--sell', '0', 'cUSDT', '--json'],
      ['pools', 'quote', 'cUSDT/cUSDC', '--sell', '0', 'cUSDT'],
      ['pools', 'list', '--nope'],
      ['deviaton', '--json'],
      ['pools', 'lst'],
    ])
      expect((await bothWays(args)).code, args.join(' ')).toBe(3)
    expect((await bothWays(['pools', 'create', '--help'])).stdout).toContain('ERROR CODES')
  })

  it('a check that fails (exit 2) with worker threads; an unreachable chain (exit 4)', async () => {
    expect((await bothWays(['simulate', '--runs', '2', '--blocks', '50', '--workers', '2', '--json'])).code).toBe(2)
    const down = await bothWays(['pools', 'list', '--chain', '138', '--rpc-url', 'http://127.0.0.1:9', '--json'])
    expect(down.code).toBe(4)
  })

  it('a Safe Transaction Service: the pending list, and one that is down (nothing on stderr but the error)', async () => {
    const service = await startFakeTxService({ rpcUrl: `http://127.0.0.1:${net.ports['138']}` })
    try {
      const dir = mkdtempSync(join(tmpdir(), 'vault-host-'))
      const pending = await bothWays(['safe', 'pending', '--proposals-dir', dir, '--tx-service', service.url, '--json'])
      expect(pending.code).toBe(0)
      expect(pending.stderr).toBe('')
      const down = await bothWays(['safe', 'pending', '--tx-service', 'http://127.0.0.1:9/api', '--json'])
      expect(down.json<ErrorEnvelope>().error.code).toBe('TX_SERVICE_ERROR')
      expect(down.stderr).toBe('')
    } finally {
      await service.stop()
    }
  })

  it('a key on the command line is redacted the same', async () => {
    const r = await bothWays(['status', '--private-key', KEY])
    expect(r.code).toBe(3)
    expect(r.stderr).not.toContain(KEY.slice(2))
  })

  it('a write: refused without --yes off a terminal; sent with it, the same transactions', async () => {
    const args = ['pools', 'add-liquidity', 'cUSDT/cUSDC', '--base', '10', '--quote', '10']
    const env = { VAULT_PRIVATE_KEY: KEY }
    expect((await bothWays([...args, '--json'], env)).code).toBe(3)
    const hashes = (s: string) => s.replace(/0x[0-9a-f]{64}/g, '0x<hash>')
    const sent = await bothWays([...args, '--yes', '--json'], env, hashes)
    expect(sent.code).toBe(0)
    expect(sent.json<PoolsAddLiquidityResult>().txHashes).toHaveLength(3)
  })
})
