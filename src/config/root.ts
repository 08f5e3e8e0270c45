import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let root: string | undefined

/**
 * The package's root (where package.json and build/ are), found from this module's location, so
 * files resolve the same from src/ (tests), dist/ and the bundle (whose chunks sit at other depths).
 */
export function packageRoot(): string {
  if (root) return root
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'vault') break
    const up = dirname(dir)
    if (up === dir) throw new Error('vault: package.json not found above this module')
    dir = up
  }
  root = dir
  return dir
}
