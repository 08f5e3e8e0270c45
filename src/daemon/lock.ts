import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import { configDir } from '../config/store.js'
import { VaultError } from '../core/errors.js'

export interface LockHolder {
  pid: number
  command: string
  startedAt: string
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * One running instance per name (e.g. `keeper-138-0xabc…`): a lock under the config dir that a second process
 * cannot take while the first lives. A lock left by a process that died is taken over at once (its pid is gone).
 * Returns the release function.
 */
export async function acquireLock(name: string, command: string): Promise<() => Promise<void>> {
  const dir = join(configDir(), 'locks')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${name}.json`)
  const holder: LockHolder = { pid: process.pid, command, startedAt: new Date().toISOString() }
  const take = () => lockfile.lock(file, { realpath: false, stale: 15_000, update: 5_000 })
  let release: () => Promise<void>
  try {
    release = await take()
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e
    const other = readHolder(file)
    if (other && alive(other.pid)) {
      throw new VaultError('DAEMON_LOCKED', `Another ${other.command} already runs for ${name} (pid ${other.pid})`, {
        details: `started ${other.startedAt}`,
        hints: [`Stop pid ${other.pid} first, or run this one for another chain or key.`],
        data: { pid: other.pid, startedAt: other.startedAt, lock: name },
      })
    }
    await lockfile.unlock(file, { realpath: false }).catch(() => {})
    release = await take()
  }
  writeFileSync(file, `${JSON.stringify(holder)}\n`, { mode: 0o600 })
  return release
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder
  } catch {
    return undefined
  }
}
