import { pathToFileURL } from 'node:url'
import { format } from 'node:util'

/**
 * The built CLI run inside the test worker: `bundle/cli/run.js`'s `run(binUrl, argv)`, the function bin/run.js
 * calls, with what a process would give it (argv, env, stdout/stderr, a non-TTY, an exit status) swapped in for the
 * run. The bundle loads once per worker, so a run costs the command's work, not Node's start and the module loading
 * (~0.5 s of CPU a run; the suite's ~650 runs were most of its CPU).
 *
 * One run at a time per worker (runs queue): a run owns process.env and the two streams while it lasts.
 * `run` starts from nothing known of the run before (its secrets are forgotten, see src/cli/run.ts).
 * What only a process shows (bin/run.js's own paths, signals, daemons, chains that outlive the command) is left to
 * a child process: see `needsProcess` in cli.ts. What the host cannot show: that the process would end (nothing
 * left keeping it alive) and a warning Node prints once per process; cli-host.test.ts runs commands both ways and
 * compares them, and `VAULT_TEST_SPAWN=1` runs the whole suite in processes.
 */

type Run = (binUrl: string, argv: string[]) => Promise<void>

export interface HostResult {
  code: number
  stdout: string
  stderr: string
}

let queue: Promise<unknown> = Promise.resolve()
let runP: Promise<Run> | undefined

/** The command line of a run that did not end in time, if one did not: from then on, runs need a process. */
let stuck: string | undefined
export const hostUsable = () => stuck === undefined

export function runInHost(
  bin: string,
  args: string[],
  { env, timeoutMs }: { env: Record<string, string>; timeoutMs: number },
): Promise<HostResult> {
  const next = queue.then(() => runOnce(bin, args, env, timeoutMs))
  queue = next.catch(() => undefined)
  return next
}

async function runOnce(
  bin: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<HostResult> {
  let stdout = ''
  let stderr = ''
  let status: number | undefined
  const saved = {
    env: process.env,
    argv: process.argv,
    exit: process.exit,
    exitCode: process.exitCode,
    out: process.stdout.write,
    err: process.stderr.write,
    console: { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug },
    drain: process.stdout.listeners('drain'),
  }
  // a pipe, as in a child process: no terminal, no width (a worker run from a terminal may have both)
  const streams = [process.stdin, process.stdout, process.stderr]
  const pipeProps = ['isTTY', 'columns', 'rows'] as const
  const tty = streams.map((s) => pipeProps.map((p) => Object.getOwnPropertyDescriptor(s, p)))
  const sink =
    (append: (s: string) => void) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'))
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined
      if (done) queueMicrotask(done)
      return true
    }
  process.env = { ...env }
  process.argv = [process.execPath, bin, ...args]
  process.exitCode = undefined
  for (const s of streams)
    for (const p of pipeProps) Object.defineProperty(s, p, { value: undefined, configurable: true })
  process.stdout.write = sink((s) => {
    stdout += s
  }) as typeof process.stdout.write
  process.stderr.write = sink((s) => {
    stderr += s
  }) as typeof process.stderr.write
  // vitest takes over the worker's console; a run's console goes to its own streams, as in a process
  console.log = console.info = console.debug = (...a: unknown[]) => process.stdout.write(`${format(...a)}\n`)
  console.warn = console.error = (...a: unknown[]) => process.stderr.write(`${format(...a)}\n`)
  // oclif ends a failed run with process.exit(status) as the last step of its error handler: the status is kept
  // and the handler returns (the first exit called is the run's status, as in a process)
  process.exit = ((code?: number | string | null) => {
    status ??= Number(code ?? process.exitCode ?? 0)
  }) as typeof process.exit
  let restored = false
  const restore = () => {
    if (restored) return
    restored = true
    process.env = saved.env
    process.argv = saved.argv
    process.exit = saved.exit
    process.exitCode = saved.exitCode
    process.stdout.write = saved.out
    process.stderr.write = saved.err
    Object.assign(console, saved.console)
    streams.forEach((s, i) => {
      pipeProps.forEach((p, j) => {
        const d = tty[i][j]
        if (d) Object.defineProperty(s, p, d)
        else delete (s as Partial<Record<(typeof pipeProps)[number], unknown>>)[p]
      })
    })
    // oclif's flush waits for a 'drain' that a write returning true never emits
    for (const l of process.stdout.listeners('drain'))
      if (!saved.drain.includes(l)) process.stdout.removeListener('drain', l as () => void)
  }
  const work = (async () => {
    try {
      // vitest.config.ts externalizes bundle/: it loads with Node's own import(), as bin/run.js loads it (oclif's
      // dynamic imports of the plugins included), not through the test runner's module transform; and it loads
      // with the first run's environment in place (what it reads at load, e.g. colour support, is a run's)
      runP ??= import('../../bundle/cli/run.js' as string).then((m: { run: Run }) => m.run)
      const run = await runP
      await run(pathToFileURL(bin).href, args)
      status ??= Number(process.exitCode ?? 0)
    } catch (e) {
      // what would end a process as an uncaught error
      stderr += `${(e as Error)?.stack ?? String(e)}\n`
      status ??= 1
    }
  })()
  // a run that does not end is a process killed by the test: the worker gets its globals back, and its later runs
  // a process each (the one still running holds the bundle's state)
  let timer: NodeJS.Timeout | undefined
  const overdue = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stuck = args.join(' ')
      reject(new Error(`vault ${stuck} ran past ${timeoutMs} ms in the test worker`))
    }, timeoutMs)
  })
  try {
    await Promise.race([work, overdue])
  } finally {
    clearTimeout(timer)
    restore()
  }
  return { code: status ?? 1, stdout, stderr }
}
