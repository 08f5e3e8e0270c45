import { freePort } from './anvil.js'
import { type CliResult, runCli, tempConfigDir } from './cli.js'

export interface TestLocalnet {
  configDir: string
  ports: { '138': number; '651940': number }
  /** Run the built CLI against this localnet's profile. */
  run(args: string[], env?: Record<string, string>): Promise<CliResult>
  profile(): Promise<any>
  stop(): Promise<void>
}

/** `vault localnet up` on two free ports with a private config dir; `stop()` runs `localnet down` and cleans up. */
export async function startLocalnet(opts: { publicPools?: boolean } = {}): Promise<TestLocalnet> {
  const cfg = tempConfigDir()
  const ports = { '138': await freePort(), '651940': await freePort() }
  const run = (args: string[], env?: Record<string, string>) => runCli(args, { configDir: cfg.dir, env })
  const up = await run([
    'localnet',
    'up',
    '--port-138',
    String(ports['138']),
    '--port-651940',
    String(ports['651940']),
    ...(opts.publicPools === false ? ['--no-public-pools'] : []),
    '--json',
  ])
  if (up.code !== 0) {
    cfg.cleanup()
    throw new Error(`localnet up failed (${up.code}):\n${up.stdout}\n${up.stderr}`)
  }
  return {
    configDir: cfg.dir,
    ports,
    run,
    profile: async () => (await run(['config', 'show', '--json'])).json().settings,
    async stop() {
      await run(['localnet', 'down'])
      cfg.cleanup()
    },
  }
}

/** Raw JSON-RPC to a local chain (anvil_* and evm_* methods for tests). */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await res.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}
