import { readFile } from 'node:fs/promises'
import type { Hex } from 'viem'
import { resolveKey } from '../config/context.js'
import { VaultError } from '../core/errors.js'
import { registerSecret } from '../core/redact.js'

/** Asks for a secret on a terminal; registered by the CLI (src/cli/command.ts) — this layer knows no prompts. */
export type SecretPrompt = (message: string, opts: { json: boolean }) => Promise<string | undefined>
let secretPrompt: SecretPrompt | undefined
export function setSecretPrompt(prompt: SecretPrompt | undefined): void {
  secretPrompt = prompt
}

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
      process.env.VAULT_KEYSTORE_PASSWORD ?? (await secretPrompt?.(`Password for ${flags.keystore}`, opts))
    if (password === undefined)
      throw new VaultError('FLAG_MISSING', 'No keystore password', {
        details: 'No terminal to prompt on (stdin is not a TTY, CI is set, or --json).',
        hints: ['Set VAULT_KEYSTORE_PASSWORD for the keystore.'],
      })
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
