import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { LocalnetDownResult } from '../../src/commands/localnet/down.js'
import { type Anvil, freePort, startAnvil } from '../helpers/anvil.js'
import { runCli, tempConfigDir } from '../helpers/cli.js'
import { rpc } from '../helpers/localnet.js'

/** Item 5: `localnet down` signals a recorded pid only while it is still the anvil it recorded. */
describe('localnet down never stops someone else’s anvil', () => {
  let other: Anvil
  const cfg = tempConfigDir()
  const state = join(cfg.dir, 'localnet.json')
  const run = (args: string[]) => runCli(args, { configDir: cfg.dir })
  const record = (chains: object[]) =>
    writeFileSync(state, JSON.stringify({ startedAt: new Date().toISOString(), foreground: false, chains }))
  const startTime = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19])

  beforeAll(async () => {
    other = await startAnvil(138) // an anvil this CLI did not start
  })
  afterAll(async () => {
    await other?.stop()
    cfg.cleanup()
  })

  it('leaves an anvil alone whose pid is recorded with another port, chain id or start time', async () => {
    const wrong = [
      { chainId: 138, port: await freePort(), pid: other.pid, url: 'http://127.0.0.1:1' },
      { chainId: 651940, port: other.port, pid: other.pid, url: other.url },
      { chainId: 138, port: other.port, pid: other.pid, url: other.url, startTime: startTime(other.pid) + 1 },
    ]
    for (const c of wrong) {
      record([c])
      const r = await run(['localnet', 'down', '--json'])
      expect(r.code).toBe(0)
      const res = r.json<LocalnetDownResult>()
      expect(res.stopped).toEqual([])
      expect(res.skipped).toHaveLength(1)
      expect(res.skipped[0].pid).toBe(other.pid)
      expect(await rpc(other.url, 'eth_chainId')).toBe('0x8a') // still serving
    }
  })

  it('a corrupt state file is exit 3 with a code, and nothing is signalled', async () => {
    for (const text of [
      '{not json',
      'null',
      '{"chains":[{"pid":"x"}]}',
      `{"chains":[{"chainId":138,"port":${other.port},"pid":null,"url":"u"}]}`,
    ]) {
      writeFileSync(state, text)
      const r = await run(['localnet', 'down', '--json'])
      expect(r.code, text).toBe(3)
      expect(r.json<ErrorEnvelope>().error.code).toBe('LOCALNET_STATE_INVALID')
      expect(await rpc(other.url, 'eth_chainId')).toBe('0x8a')
    }
  })

  it('stops the anvil when pid, port, chain id and start time all match', async () => {
    const mine = await startAnvil(138)
    try {
      record([{ chainId: 138, port: mine.port, pid: mine.pid, url: mine.url, startTime: startTime(mine.pid) }])
      const r = await run(['localnet', 'down', '--json'])
      expect(r.code).toBe(0)
      expect(r.json<LocalnetDownResult>().stopped.map((c) => c.pid)).toEqual([mine.pid])
      await expect(rpc(mine.url, 'eth_chainId')).rejects.toThrow()
    } finally {
      await mine.stop()
    }
  })
})
