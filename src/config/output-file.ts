import { constants } from 'node:fs'
import { access, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { VaultError } from '../core/errors.js'

/**
 * Files a command writes where the user said (--out, --csv, --report): checked before the work starts, written
 * whole or not at all (a temporary file beside it, renamed over it), and a path that cannot be written is
 * OUTPUT_UNWRITABLE (exit 3) naming the flag, never a stack trace.
 */

const unwritable = (path: string, flag: string, why: string, cause?: unknown) =>
  new VaultError('OUTPUT_UNWRITABLE', `Cannot write --${flag} ${path}: ${why}`, {
    field: flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
    details: 'Nothing was written.',
    hints: ['Pass a path in an existing folder you can write to.'],
    data: { path },
    cause,
  })

const reason = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT') return 'the folder does not exist'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'it is a folder'
  if (code === 'EROFS') return 'read-only file system'
  return code ?? 'cannot write'
}

/** Refuse a path that cannot be written before any work is done (its folder exists and is writable; not a folder). */
export async function checkWritable(path: string, flag: string): Promise<void> {
  const full = resolve(path)
  const existing = await stat(full).catch(() => undefined)
  if (existing?.isDirectory()) throw unwritable(path, flag, 'it is a folder')
  try {
    await access(existing ? full : dirname(full), existing ? constants.W_OK : constants.W_OK | constants.X_OK)
  } catch (e) {
    throw unwritable(path, flag, reason(e), e)
  }
}

/** Write `text` to `path` atomically: complete, or unchanged (and no temporary file left behind). */
export async function writeOutput(path: string, text: string, flag: string): Promise<void> {
  const full = resolve(path)
  const tmp = join(dirname(full), `.${basename(full)}.${process.pid}.tmp`)
  try {
    await writeFile(tmp, text)
    await rename(tmp, full)
  } catch (e) {
    await rm(tmp, { force: true })
    throw unwritable(path, flag, reason(e), e)
  }
}
