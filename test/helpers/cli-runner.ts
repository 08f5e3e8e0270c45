import { expect } from 'vitest'
import { type ErrorEnvelope, exitOf } from '../../src/cli/exit.js'
import type { ErrorCode } from '../../src/core/error-catalog.js'
import type { Json } from '../../src/core/format.js'
import type { CliResult } from './cli.js'
import type { TestLocalnet } from './localnet.js'

type Env = Record<string, string> | undefined

/**
 * The set-up CLI test files share: run vault against a localnet, keep every output (a file's last test checks
 * them for secrets), expect success, or a refusal by its error code and the exit status the catalog gives it.
 * `localnet` is a getter because the localnet is made in `beforeAll`.
 */
export function cliRunner(localnet: () => TestLocalnet) {
  const outputs: string[] = []
  /** `vault ARGS` as given (no --json added). */
  const raw = async (args: string[], env?: Env): Promise<CliResult> => {
    const r = await localnet().run(args, env)
    outputs.push(r.stdout, r.stderr)
    return r
  }
  /** `vault ARGS --json`. */
  const run = (args: string[], env?: Env) => raw([...args, '--json'], env)
  /** `vault ARGS --json` must exit 0; its JSON result (`ok<PoolsListResult>(…)`: bigints as strings). */
  const ok = async <T = unknown>(args: string[], env?: Env): Promise<Json<T>> => {
    const r = await run(args, env)
    expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0)
    return r.json<T>()
  }
  /** `vault ARGS --json` must be refused with `code` (and its exit status); the error envelope's `error`. */
  const refused = async (args: string[], code: ErrorCode, env?: Env): Promise<ErrorEnvelope['error']> => {
    const r = await run(args, env)
    expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(exitOf(code))
    const { error } = r.json<ErrorEnvelope>()
    expect(error.code).toBe(code)
    return error
  }
  return { raw, run, ok, refused, outputs }
}
