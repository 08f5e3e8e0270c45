import { readFile } from 'node:fs/promises'
import type { Hex } from 'viem'
import { askPassword } from '../cli/prompt.js'
import { resolveKey } from '../config/context.js'
import { badInput, VaultError } from '../core/errors.js'

export interface SignerFlags {
  'private-key'?: string
  keystore?: string
}

/**
 * The signing key from --private-key, VAULT_PRIVATE_KEY, or an encrypted v3 keystore (--keystore, password from
 * VAULT_KEYSTORE_PASSWORD or a prompt on a terminal). Never printed or logged.
 */
export async function resolveSigner(
  flags: SignerFlags,
  opts: { json: boolean; required: boolean },
): Promise<Hex | undefined> {
  if (flags.keystore) {
    let json: unknown
    try {
      json = JSON.parse(await readFile(flags.keystore, 'utf8'))
    } catch (e) {
      throw badInput(`Cannot read keystore ${flags.keystore}`, (e as Error).message, [], 'KEYSTORE_UNREADABLE')
    }
    const password =
      process.env.VAULT_KEYSTORE_PASSWORD ??
      (await askPassword('keystore-password', `Password for ${flags.keystore}`, opts))
    const { Keystore } = await import('ox')
    try {
      const ks = json as Parameters<typeof Keystore.toKeyAsync>[0]
      const key = await Keystore.toKeyAsync(ks, { password })
      return Keystore.decrypt(ks, key) as Hex
    } catch {
      throw new VaultError('Could not decrypt the keystore (wrong password or damaged file)', {
        code: 'KEYSTORE_DECRYPT',
        exit: 3,
      })
    }
  }
  const key = resolveKey(flags['private-key'])
  if (!key && opts.required) {
    throw badInput(
      'No signing key',
      'This command sends a transaction.',
      ['Pass --private-key, set VAULT_PRIVATE_KEY, or use --keystore <file>; or propose it to the Safe with --safe.'],
      'NO_SIGNER',
    )
  }
  return key
}
