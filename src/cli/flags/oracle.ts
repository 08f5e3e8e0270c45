import { badInput } from '../../core/errors.js'
import { parseDecimal } from '../../core/pmm/convert.js'

/** `--price SYMBOL=USD` values → {token, price (USD 1e18)}; a token named twice is refused. */
export function parsePriceArgs(values: string[]): { token: string; price: bigint }[] {
  const out: { token: string; price: bigint }[] = []
  for (const v of values) {
    const m = /^([^=\s]+)\s*=\s*(.+)$/.exec(v.trim())
    if (!m) throw badInput(`--price: cannot read "${v}"`, 'Expected SYMBOL=USD, e.g. cEURT=1.0825.', [], 'BAD_PRICE')
    if (out.some((o) => o.token.toLowerCase() === m[1].toLowerCase()))
      throw badInput(`--price: ${m[1]} is given twice`, undefined, [], 'BAD_PRICE')
    out.push({ token: m[1], price: parseDecimal(m[2], 18, `--price ${m[1]}`) })
  }
  return out
}
