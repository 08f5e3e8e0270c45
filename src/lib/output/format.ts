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

/** Parse a human decimal amount into base units, exactly (no floats). Returns undefined when malformed. */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim().replaceAll(',', '').replaceAll('_', ''))
  if (!m) return undefined
  const [, neg, whole, frac = ''] = m
  if (frac.length > decimals && /[1-9]/.test(frac.slice(decimals))) return undefined
  const v = BigInt(whole) * 10n ** BigInt(decimals) + BigInt((frac.slice(0, decimals) || '0').padEnd(decimals, '0'))
  return neg ? -v : v
}

/** 1e18 fixed point → decimal string. */
export const formatFixed18 = (v: bigint, maxFraction = 6) => formatAmount(v, 18, { maxFraction, group: false })

export const formatBps = (bps: bigint | number) => {
  const n = Number(bps)
  return `${n > 0 ? '+' : ''}${n} bps`
}

/** JSON-safe copy: bigint → decimal string (the --json contract). */
export function toJsonSafe<T>(v: T): unknown {
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
