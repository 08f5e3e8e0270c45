/// <reference lib="dom" />
// The --report page opened in headless Chromium with every network request refused: the charts draw from the
// data inside the page and the targets table is there.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli, tempConfigDir } from '../helpers/cli.js'

const CHROMIUM = '/usr/bin/chromium'

describe('vault simulate --report', () => {
  const cfg = tempConfigDir()
  const dir = mkdtempSync(join(tmpdir(), 'vault-report-'))
  afterAll(() => {
    cfg.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes one self-contained page whose charts render without a network', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true)
    const file = join(dir, 'r.html')
    const r = await runCli(['simulate', '--runs', '6', '--blocks', '120', '--report', file, '--json'], {
      configDir: cfg.dir,
    })
    expect(r.code, r.stderr).toBe(2)
    const html = readFileSync(file, 'utf8')
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|@import/)

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    try {
      const page = await browser.newPage()
      const requests: string[] = []
      const errors: string[] = []
      const url = pathToFileURL(file).href
      await page.route('**/*', (route) => {
        if (route.request().url() === url) return route.continue()
        requests.push(route.request().url())
        return route.abort()
      })
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(url)
      await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 2)
      const seen = await page.evaluate(() => ({
        rows: [...document.querySelectorAll('#targets tbody tr')].map((tr) => tr.querySelector('td')?.textContent),
        canvases: [...document.querySelectorAll('canvas')].map((c) => {
          const ctx = c.getContext('2d')!
          const px = ctx.getImageData(0, 0, c.width, c.height).data
          let painted = 0
          for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++
          return { w: c.width, h: c.height, painted }
        }),
        titles: [...document.querySelectorAll('.u-title')].map((t) => t.textContent),
      }))
      expect(errors).toEqual([])
      expect(requests).toEqual([])
      expect(seen.rows).toEqual([
        'Peg stability',
        'Cross-chain spread',
        'Rebalance latency',
        'Flash drain recovery',
        'Stabilizer throughput',
      ])
      // two charts over time and a distribution per target that has data
      expect(seen.canvases.length).toBeGreaterThanOrEqual(5)
      for (const c of seen.canvases) expect(c.painted, JSON.stringify(c)).toBeGreaterThan(200)
      expect(seen.titles[0]).toMatch(/deviation/)
      expect(seen.titles[1]).toMatch(/spread/)
    } finally {
      await browser.close()
    }
  }, 120_000)
})
