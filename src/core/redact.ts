/**
 * The one redaction of secrets, applied to everything vault prints or logs (the base command routes stdout and stderr
 * through `redact`) and to every error (`redactEcho` on top: whatever the user typed that looks like a key).
 *
 * What counts as a secret:
 * - values registered at run time with `registerSecret` (a private key, a keystore path or password, once known);
 * - in any URL: `user:password@`, query values whose name says key/token/secret/auth/password, and path segments
 *   that look like an API key (`/v2/<key>`, `/v3/<project id>`, a QuickNode token);
 * - the value after `--private-key`, `--password`, `--mnemonic` (as typed on a command line).
 */

const MASK = '***'
const secrets = new Set<string>()
const echoes = new Set<string>()

/** Redact this exact value from now on, wherever it appears (ignored when shorter than 6 characters). */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < 6) return
  secrets.add(value)
  if (/^0x[0-9a-fA-F]+$/.test(value)) secrets.add(value.slice(2))
}

/**
 * Remember the command line: values of secret flags are secrets; any other 32-byte hex token (a key typed where an
 * address, a hash or a name was expected) is kept out of error messages.
 */
export function registerArgv(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const eq = a.match(/^--?([\w-]+)=(.*)$/s)
    const flag = eq ? eq[1] : a.startsWith('-') ? a.replace(/^-+/, '') : undefined
    if (flag && SECRET_FLAG.test(flag)) registerSecret(eq ? eq[2] : argv[i + 1])
    for (const m of a.matchAll(HEX32)) {
      const hex = m[0].replace(/^0x/, '')
      for (const v of [hex, hex.toLowerCase()]) {
        echoes.add(`0x${v}`)
        echoes.add(v)
      }
    }
  }
}

const SECRET_FLAG = /^(private-?key|password|mnemonic|keystore|password-file)$/i
const HEX32 = /(?<![0-9a-fA-Fx])(?:0x)?[0-9a-fA-F]{64}(?![0-9a-fA-F])/g
const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi
const SECRET_PARAM = /key|token|secret|auth|pass|signature|sig$|access|credential/i
const FLAG_VALUE = /(--(?:private-key|password|mnemonic)(?:=|\s+))([^\s"'`\\]+)/gi

/** Does this URL path segment look like an API key? (long, letters and digits; not a 0x address or hash) */
function keyLikeSegment(seg: string): boolean {
  if (seg.length < 16 || seg.startsWith('0x')) return false
  if (!/^[A-Za-z0-9_-]+$/.test(seg)) return false
  return /[0-9]/.test(seg) && /[A-Za-z]/.test(seg)
}

/** One URL with its credentials, key-like query values and key-like path segments replaced by `***`. */
export function redactUrl(s: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return s
  let u: URL
  try {
    u = new URL(s)
  } catch {
    return s.replace(/\/\/[^/@\s]*@/, `//${MASK}@`)
  }
  let changed = false
  if (u.username || u.password) {
    u.username = MASK
    u.password = ''
    changed = true
  }
  for (const k of [...u.searchParams.keys()])
    if (SECRET_PARAM.test(k)) {
      u.searchParams.set(k, MASK)
      changed = true
    }
  const segs = u.pathname.split('/')
  if (segs.some(keyLikeSegment)) {
    u.pathname = segs.map((seg) => (keyLikeSegment(seg) ? MASK : seg)).join('/')
    changed = true
  }
  if (!changed) return s
  let out = u.toString().replaceAll('%2A%2A%2A', MASK)
  if (!s.endsWith('/') && out.endsWith('/') && u.pathname === '/') out = out.slice(0, -1)
  return out
}

function replaceAll(text: string, values: Iterable<string>): string {
  let out = text
  for (const v of values) if (out.includes(v)) out = out.split(v).join(MASK)
  return out
}

/** Redact every secret vault knows of from a piece of text (output, log line, error, file content). */
export function redact(text: string): string {
  if (!text) return text
  let out = replaceAll(text, secrets)
  out = out.replace(URL_RE, (m) => {
    // keep trailing punctuation that is not part of the URL
    const tail = m.match(/[.,;:)\]}]+$/)?.[0] ?? ''
    return redactUrl(tail ? m.slice(0, -tail.length) : m) + tail
  })
  return out.replace(FLAG_VALUE, (_m, flag: string) => `${flag.replace(/\s+$/, ' ')}${MASK}`)
}

/** `redact`, and also every key-like token from the command line: for errors, which may echo what was typed. */
export function redactEcho(text: string): string {
  return replaceAll(redact(text), echoes)
}

/** Deep copy of a JSON-like value with every string redacted (`echo`: also command-line key-like tokens). */
export function redactDeep<T>(value: T, echo = false): T {
  const f = echo ? redactEcho : redact
  if (typeof value === 'string') return f(value) as T
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, echo)) as T
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, echo)])) as T
  return value
}

type Write = typeof process.stdout.write
/** The guards installed: a stream whose `write` is one of them is guarded already. */
const guards = new WeakSet<Write>()

/**
 * Route everything written to stdout and stderr through `redact` (`redactEcho` for stderr, where errors go).
 * Idempotent (a stream already guarded is left as it is); the one place where output is guarded, installed by the
 * base command before anything is printed.
 */
export function guardOutput(): void {
  const wrap = (stream: NodeJS.WriteStream, f: (s: string) => string) => {
    if (guards.has(stream.write)) return
    const write = stream.write.bind(stream) as Write
    const guard = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined
      if (text === undefined) return (write as (...a: unknown[]) => boolean)(chunk, ...rest)
      return (write as (...a: unknown[]) => boolean)(f(text), ...rest)
    }) as Write
    guards.add(guard)
    stream.write = guard
  }
  wrap(process.stdout, redact)
  wrap(process.stderr, redactEcho)
}

/** Forget every registered secret: a run starts knowing none (and the unit tests start each case so). */
export function resetSecrets(): void {
  secrets.clear()
  echoes.clear()
}
