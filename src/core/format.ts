/** Amounts: bigint base units in, decimals only here at the edge. */
export function formatAmount(
  value: bigint,
  decimals: number,
  opts: { maxFraction?: number; group?: boolean } = {},
): string {
  const neg = value < 0n
  const abs = neg ? -value : value
  const scale = 10n ** BigInt(decimals)
  const whole = abs / scale
  let frac = decimals > 0 ? (abs % scale).toString().padStart(decimals, '0') : ''
  if (opts.maxFraction !== undefined && frac.length > opts.maxFraction) frac = frac.slice(0, opts.maxFraction)
  frac = frac.replace(/0+$/, '')
  const w = opts.group === false ? whole.toString() : whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}${w}${frac ? `.${frac}` : ''}`
}

/**
 * What a value looks like after `toJsonSafe` and a JSON round trip: every bigint a decimal string. A command's
 * `--json` output is `Json<Result>` of the result type it exports.
 */
export type Json<T> = T extends bigint ? string : T extends object ? { [K in keyof T]: Json<T[K]> } : T

/** JSON-safe copy: bigint → decimal string (the --json contract). */
export function toJsonSafe<T>(v: T): Json<T>
export function toJsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString()
  if (Array.isArray(v)) return v.map(toJsonSafe)
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, toJsonSafe(x)]),
    )
  }
  return v
}
