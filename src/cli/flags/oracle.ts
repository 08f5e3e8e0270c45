import { VaultError } from '../../core/errors.js'
import { parseDecimal } from '../../core/pmm/convert.js'

/** `--price SYMBOL=USD` values → {token, price (USD 1e18)}; a token named twice is refused. */
export function parsePriceArgs(values: string[]): { token: string; price: bigint }[] {
  const out: { token: string; price: bigint }[] = []
  for (const v of values) {
    const m = /^([^=\s]+)\s*=\s*(.+)$/.exec(v.trim())
    if (!m)
      throw new VaultError('PRICE_INVALID', `--price: cannot read "${v}"`, {
        details: 'Expected SYMBOL=USD, e.g. cEURT=1.0825.',
      })
    if (out.some((o) => o.token.toLowerCase() === m[1].toLowerCase()))
      throw new VaultError('PRICE_INVALID', `--price: ${m[1]} is given twice`)
    out.push({ token: m[1], price: parseDecimal(m[2], 18, `--price ${m[1]}`) })
  }
  return out
}
