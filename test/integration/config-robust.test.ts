import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { ConfigSetResult } from '../../src/commands/config/set.js'
import { runCli, tempConfigDir } from '../helpers/cli.js'

/** Item 7: a wrongly shaped config file, hostile profile names and out-of-range values are refused, never ignored. */
describe('config robustness', () => {
  const cfg = tempConfigDir()
  const file = join(cfg.dir, 'config.json')
  const run = (args: string[]) => runCli(args, { configDir: cfg.dir })
  afterAll(() => cfg.cleanup())

  it('a structurally wrong config.json is exit 3 naming the file and the field, and is left as it was', async () => {
    for (const [text, field] of [
      ['{"activeProfile":"local","profiles":[]}', 'profiles'],
      ['{"activeProfile":"local","profiles":null}', 'profiles'],
      ['null', '<file>'],
      ['[]', '<file>'],
      ['{"activeProfile":7,"profiles":{}}', 'activeProfile'],
      ['{"activeProfile":"local","profiles":{"local":[]}}', 'profiles.local'],
    ]) {
      writeFileSync(file, text)
      for (const args of [
        ['status', '--json'],
        ['config', 'set', 'rpc.timeoutMs', '5000', '--json'],
      ]) {
        const r = await run(args)
        expect(r.code, `${text}: ${args.join(' ')}`).toBe(3)
        const e = r.json<ErrorEnvelope>().error
        expect(e.code).toBe('CONFIG_INVALID')
        expect(e.data).toEqual({ path: file, field })
        expect(e.message).toContain(file)
        expect(readFileSync(file, 'utf8')).toBe(text)
      }
    }
  })

  it('profile names that are built-in object properties are refused with exit 3, never a crash', async () => {
    writeFileSync(file, '{"activeProfile":"local","profiles":{}}')
    for (const name of ['hasOwnProperty', '__proto__', 'constructor']) {
      for (const args of [
        ['status', '--profile', name, '--json'],
        ['config', 'init', '--profile', name, '--json'],
        ['config', 'use', name, '--json'],
      ]) {
        const r = await run(args)
        expect(r.code, args.join(' ')).toBe(3)
        expect(r.json<ErrorEnvelope>().error.code).toBe('PROFILE_NAME')
      }
    }
    // nor when they come from the file
    writeFileSync(file, '{"activeProfile":"constructor","profiles":{}}')
    expect((await run(['config', 'show', '--json'])).json<ErrorEnvelope>().error.code).toBe('PROFILE_NAME')
    writeFileSync(file, '{"activeProfile":"local","profiles":{"hasOwnProperty":{}}}')
    expect((await run(['config', 'profiles', '--json'])).json<ErrorEnvelope>().error.code).toBe('PROFILE_NAME')
  })

  it('config set refuses values the commands would reject, and stores nothing', async () => {
    writeFileSync(file, '{"activeProfile":"local","profiles":{}}')
    for (const [key, value] of [
      ['rpc.timeoutMs', '0'],
      ['rpc.retries', '1000'],
      ['stabilizer.perBlockCap', '0'],
      ['stabilizer.thresholdBps', '0'],
      ['stabilizer.twapWindow', '5000'],
      ['stabilizer.maxSlippageBps', '20000'],
      ['stabilizer.kPerBps', (2n ** 256n).toString()],
      ['reserve.safety', '1000'],
      ['reserve.safety', '0.5'],
      ['bridge.arbThresholdBps', '0'],
    ]) {
      const r = await run(['config', 'set', key, value, '--json'])
      expect(r.code, `${key} ${value}`).toBe(3)
      expect(r.json<ErrorEnvelope>().error.code).toBe('CONFIG_INVALID')
      expect(readFileSync(file, 'utf8')).toBe('{"activeProfile":"local","profiles":{}}')
    }
    const ok = await run(['config', 'set', 'reserve.safety', '4', '--json'])
    expect(ok.code).toBe(0)
    expect(ok.json<ConfigSetResult>().value).toBe(4)
    // a hand-edited value out of range is refused on read, naming the key and the file
    writeFileSync(file, JSON.stringify({ activeProfile: 'local', profiles: { local: { rpc: { timeoutMs: 0 } } } }))
    const read = await run(['status', '--json'])
    expect(read.code).toBe(3)
    expect(read.json<ErrorEnvelope>().error.message).toContain('rpc.timeoutMs')
    expect(read.json<ErrorEnvelope>().error.message).toContain(file)
  })
})
