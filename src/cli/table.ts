import { stdoutIsTTY } from './tty.js'

export type Cell = string | number | bigint | boolean | null | undefined

/** A table for people on a terminal (cli-table3); tab-separated lines with a header when piped. */
export async function renderTable(head: string[], rows: Cell[][], opts: { tty?: boolean } = {}): Promise<string> {
  const text = rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))))
  if (!(opts.tty ?? stdoutIsTTY())) return [head, ...text].map((r) => r.join('\t')).join('\n')
  const { default: Table } = await import('cli-table3')
  const t = new Table({
    head,
    style: { head: ['cyan'], border: ['grey'] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  })
  t.push(...text)
  return t.toString()
}

/** Key/value pairs, aligned. */
export function renderPairs(pairs: [string, Cell][]): string {
  const w = Math.max(...pairs.map(([k]) => k.length))
  return pairs.map(([k, v]) => `${k.padEnd(w)}  ${v ?? ''}`).join('\n')
}
