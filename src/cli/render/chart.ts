// A small terminal line chart: several series over the same x, one character per cell, the y scale on the left.
import { c } from '../color.js'

export interface ChartSeries {
  label: string
  values: readonly number[]
  mark: string
  color: (s: string) => string
}

/** Series drawn in order (later ones on top), each value column the max of the points it covers. */
export function lineChart(
  title: string,
  series: readonly ChartSeries[],
  opts: { width?: number; height?: number; xLabel?: string } = {},
): string {
  const width = opts.width ?? 60
  const height = opts.height ?? 8
  const n = Math.max(0, ...series.map((s) => s.values.length))
  if (n === 0) return `${title}: no data`
  const cols = Math.min(width, n)
  const column = (v: readonly number[], x: number) => {
    const from = Math.floor((x * v.length) / cols)
    const to = Math.max(from + 1, Math.floor(((x + 1) * v.length) / cols))
    let m = Number.NEGATIVE_INFINITY
    for (let i = from; i < to; i++) m = Math.max(m, v[i])
    return m
  }
  const top = Math.max(1, ...series.flatMap((s) => s.values))
  const grid: string[][] = Array.from({ length: height }, () => new Array(cols).fill(' '))
  for (const s of series) {
    for (let x = 0; x < cols; x++) {
      const v = column(s.values, x)
      if (!Number.isFinite(v)) continue
      const row = height - 1 - Math.min(height - 1, Math.round((v / top) * (height - 1)))
      grid[row][x] = s.color(s.mark)
    }
  }
  const label = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 }).padStart(6)
  const lines = grid.map((row, r) => {
    const y = r === 0 ? label(top) : r === height - 1 ? label(0) : ' '.repeat(6)
    return `${y} ┤${row.join('')}`
  })
  const legend = series.map((s) => `${s.color(s.mark)} ${s.label}`).join('  ')
  return [
    c.bold(title),
    ...lines,
    `${' '.repeat(7)}└${'─'.repeat(cols)}`,
    `${' '.repeat(8)}${opts.xLabel ?? ''}  ${legend}`,
  ].join('\n')
}
