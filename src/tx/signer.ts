import { readFile } from 'node:fs/promises'
import type { Hex } from 'viem'
import { askPassword } from '../cli/prompt.js'
import { resolveKey } from '../config/context.js'
import { VaultError } from '../core/errors.js'
import { registerSecret } from '../core/redact.js'

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
      throw new VaultError('KEYSTORE_UNREADABLE', `Cannot read keystore ${flags.keystore}`, {
        details: (e as Error).message,
      })
    }
    const password =
      process.env.VAULT_KEYSTORE_PASSWORD ??
      (await askPassword('keystore-password', `Password for ${flags.keystore}`, opts))
    const { Keystore } = await import('ox')
    try {
      const ks = json as Parameters<typeof Keystore.toKeyAsync>[0]
      const key = await Keystore.toKeyAsync(ks, { password })
      const secret = Keystore.decrypt(ks, key) as Hex
      registerSecret(secret)
      registerSecret(password)
      return secret
    } catch {
      throw new VaultError('KEYSTORE_DECRYPT', 'Could not decrypt the keystore (wrong password or damaged file)')
    }
  }
  const key = resolveKey(flags['private-key'])
  registerSecret(key)
  if (!key && opts.required) {
    throw new VaultError('KEY_MISSING', 'No signing key', {
      details: 'This command sends a transaction.',
      hints: [
        'Pass --private-key, set VAULT_PRIVATE_KEY, or use --keystore <file>; or propose it to the Safe with --safe.',
      ],
    })
  }
  return key
}
