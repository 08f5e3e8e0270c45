import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Account, Hex } from 'viem'
import { resolveKey } from '../config/context.js'
import { VaultError } from '../core/errors.js'
import { registerSecret } from '../core/redact.js'
import { secretPrompt } from './secret-prompt.js'

/** The signer flags (src/cli/flags/groups.ts signerFlags), as parsed. */
export interface SignerFlags {
  'private-key'?: string
  keystore?: string
  account?: string
  'password-file'?: string
  ledger?: boolean
  'hd-path'?: string
}

/** foundry's keystore folder (`cast wallet import NAME` writes ~/.foundry/keystores/NAME); VAULT_KEYSTORE_DIR overrides it. */
export const keystoreDir = () => process.env.VAULT_KEYSTORE_DIR || join(homedir(), '.foundry', 'keystores')

const NAME = /^[A-Za-z0-9._-]+$/

/**
 * The keystore file: --keystore PATH, or --account NAME in foundry's folder; ETH_KEYSTORE_ACCOUNT only when neither
 * a key flag nor VAULT_PRIVATE_KEY says otherwise (flag > environment).
 */
function keystorePath(flags: SignerFlags): string | undefined {
  if (flags['private-key']) return undefined
  if (flags.keystore) return flags.keystore
  const name = flags.account ?? (process.env.VAULT_PRIVATE_KEY ? undefined : process.env.ETH_KEYSTORE_ACCOUNT)
  if (!name) return undefined
  if (!NAME.test(name) || name === '.' || name === '..')
    throw new VaultError('KEYSTORE_UNREADABLE', 'The account name is not a file name in the keystore folder', {
      field: 'account',
      details: `Account names are file names in ${keystoreDir()} (letters, digits, . _ -).`,
    })
  return join(keystoreDir(), name)
}

/** The keystore password: --password-file, else VAULT_KEYSTORE_PASSWORD, else ETH_PASSWORD (as cast), else a prompt. */
async function keystorePassword(flags: SignerFlags, what: string, opts: { json: boolean }): Promise<string> {
  if (flags['password-file']) {
    let text: string
    try {
      text = await readFile(flags['password-file'], 'utf8')
    } catch (e) {
      throw new VaultError('PASSWORD_FILE_UNREADABLE', 'Cannot read the password file', {
        field: 'passwordFile',
        details: (e as NodeJS.ErrnoException).code ?? 'unreadable',
      })
    }
    return text.replace(/\r?\n$/, '')
  }
  const password =
    process.env.VAULT_KEYSTORE_PASSWORD ??
    process.env.ETH_PASSWORD ??
    (await secretPrompt()?.(`Password for ${what}`, opts))
  if (password === undefined)
    throw new VaultError('FLAG_MISSING', 'No keystore password', {
      field: 'passwordFile',
      details: 'No terminal to prompt on (stdin is not a TTY, CI is set, or --json).',
      hints: ['Pass --password-file <file>, or set VAULT_KEYSTORE_PASSWORD or ETH_PASSWORD.'],
    })
  return password
}

/** A v3 keystore (geth, foundry, clef; `crypto` or the older capitalised `Crypto`) decrypted with its password. */
async function decryptKeystore(path: string, flags: SignerFlags, opts: { json: boolean }): Promise<Hex> {
  const label = flags.account ? `account ${flags.account}` : 'the keystore'
  let json: Record<string, unknown>
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new VaultError('KEYSTORE_UNREADABLE', `Cannot read ${label}`, {
      field: flags.account ? 'account' : 'keystore',
      details: code === 'ENOENT' ? 'No such file.' : code ? `${code}.` : 'The file is not JSON.',
      hints: flags.account ? [`foundry's keystores live in ${keystoreDir()} (\`cast wallet list\`).`] : [],
    })
  }
  const crypto = json?.crypto ?? json?.Crypto
  if (!json || typeof json !== 'object' || !crypto || typeof crypto !== 'object')
    throw new VaultError('KEYSTORE_UNREADABLE', `${label} is not a v3 keystore (no crypto section)`, {
      field: flags.account ? 'account' : 'keystore',
    })
  const password = await keystorePassword(flags, label, opts)
  registerSecret(password)
  const Keystore = await import('ox/Keystore')
  const ks = { ...json, crypto } as unknown as Parameters<typeof Keystore.toKeyAsync>[0]
  try {
    const key = await Keystore.toKeyAsync(ks, { password })
    const secret = Keystore.decrypt(ks, key) as Hex
    registerSecret(secret)
    return secret
  } catch {
    throw new VaultError('KEYSTORE_DECRYPT', `Could not decrypt ${label} (wrong password or damaged file)`)
  }
}

const keyMissing = () =>
  new VaultError('KEY_MISSING', 'No signing key', {
    details: 'This command sends a transaction.',
    hints: [
      'Pass --private-key (or VAULT_PRIVATE_KEY), --keystore <file>, --account <name> or --ledger; or propose it to the Safe with --safe.',
    ],
  })

/**
 * The signing key from --private-key / VAULT_PRIVATE_KEY, an encrypted v3 keystore (--keystore FILE, or --account
 * NAME in foundry's folder; password from --password-file, VAULT_KEYSTORE_PASSWORD, ETH_PASSWORD or a prompt on a
 * terminal). For commands that need the key itself (the daemons, Safe signatures): --ledger is refused. Never
 * printed or logged.
 */
export async function resolveSigner(
  flags: SignerFlags,
  opts: { json: boolean; required: boolean },
): Promise<Hex | undefined> {
  if (flags.ledger)
    throw new VaultError('LEDGER_UNSUPPORTED', 'This command cannot sign with a Ledger', {
      details: 'It needs a key it can use without a device (a daemon, or a signature over a Safe hash).',
      hints: ['Use --keystore, --account or --private-key here.'],
    })
  const path = keystorePath(flags)
  if (path) return decryptKeystore(path, flags, opts)
  const key = resolveKey(flags['private-key'])
  registerSecret(key)
  if (!key && opts.required) throw keyMissing()
  return key
}

/**
 * The account that signs a transaction of the write spine: a local key (any source `resolveSigner` reads) or a
 * Ledger (--ledger, the Ethereum app, derivation path --hd-path). The device's transport loads only here.
 */
export async function resolveAccount(flags: SignerFlags, opts: { json: boolean }): Promise<Account> {
  if (flags.ledger) {
    const { ledgerAccount, openLedger } = await import('./ledger.js')
    return ledgerAccount(await openLedger(), flags['hd-path'])
  }
  const key = await resolveSigner(flags, { ...opts, required: true })
  const { privateKeyToAccount } = await import('./key-account.js')
  return privateKeyToAccount(key as Hex)
}
