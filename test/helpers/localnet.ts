import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { inject } from 'vitest'
import type { Address, ChainKey, ChainSettings, ConfigFile, Profile } from '../../src/config/schema.js'
import { effectiveProfile } from '../../src/config/store.js'
import { nextBaseFee } from '../../src/daemon/sender.js'
import { freePort } from './anvil.js'
import { type CliResult, runCli, tempConfigDir } from './cli.js'

/** A localnet profile as `config show --json` prints it: both chains are there, so they are not optional. */
export type LocalProfile = Omit<Profile, 'chains' | 'safe'> & {
  chains: Record<ChainKey, ChainSettings> & Record<string, ChainSettings>
  safe: Profile['safe'] & { address: Address }
}

export interface TestLocalnet {
  configDir: string
  ports: { '138': number; '651940': number }
  /** Run the built CLI against this localnet's profile. */
  run(args: string[], env?: Record<string, string>): Promise<CliResult>
  /** The active profile as the config dir's config.json holds it over the `local` preset, the effective profile
   * `config show` prints (a localnet profile has both chains; it holds no secret to mask). */
  profile(): Promise<LocalProfile>
  /** Shared localnet only: put both chains back to the state this file started from (for per-test clean state). */
  reset(): Promise<void>
  stop(): Promise<void>
}

/**
 * The effective active profile of a localnet config dir, read from its config.json (what `config show --json`
 * prints as `settings`, without a CLI run per call: tests read addresses from it, and what a command saved).
 */
function profileIn(dir: string): LocalProfile {
  const file = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as ConfigFile
  return effectiveProfile(file, file.activeProfile) as LocalProfile
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
    profile: async () => profileIn(cfg.dir),
    async reset() {
      throw new Error('reset() is for the shared localnet; this one belongs to its file')
    },
    async stop() {
      await run(['localnet', 'down'])
      cfg.cleanup()
    },
  }
}

/** A transaction as eth_getTransactionByHash answers (hex quantities; the fee fields its type has). */
export interface RpcTx {
  from: Address
  type: Hex
  nonce: Hex
  value: Hex
  gasPrice: Hex
  maxFeePerGas?: Hex
  maxPriorityFeePerGas?: Hex
}

/** Raw JSON-RPC to a local chain (anvil_* and evm_* methods for tests); `T` names the result's shape. */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await res.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result as T
}

interface WorkerLocalnet {
  ports: TestLocalnet['ports']
  urls: string[]
  /** evm_snapshot ids (one per chain) of the pristine, just-deployed state. */
  snapshots: string[]
}

/**
 * The whole system on both chains, shared by the test files of this vitest worker (see ./global-setup.ts): the
 * first file on the worker starts it (`vault localnet up`), every file gets its own config dir (a copy of the
 * `local` profile, so proposals and settings never clash) and the chains back in their just-deployed state;
 * `stop()` reverts the chains to that state again and removes the file's config dir. Not for tests of
 * `localnet up/down` or of a chain without the public pools: those start their own (`startLocalnet`).
 */
export async function sharedLocalnet(): Promise<TestLocalnet> {
  const dir = join(inject('localnetRoot'), `worker-${process.env.VITEST_POOL_ID ?? '1'}`)
  const home = join(dir, 'config')
  const statePath = join(dir, 'snapshots.json')
  if (!existsSync(statePath)) {
    mkdirSync(home, { recursive: true })
    const ports = { '138': await freePort(), '651940': await freePort() }
    const up = await runCli(
      ['localnet', 'up', '--port-138', String(ports['138']), '--port-651940', String(ports['651940']), '--json'],
      { configDir: home },
    )
    if (up.code !== 0) throw new Error(`localnet up failed (${up.code}):\n${up.stdout}\n${up.stderr}`)
    const urls = [`http://127.0.0.1:${ports['138']}`, `http://127.0.0.1:${ports['651940']}`]
    const state: WorkerLocalnet = {
      ports,
      urls,
      snapshots: await Promise.all(urls.map((u) => rpc<string>(u, 'evm_snapshot'))),
    }
    writeFileSync(statePath, JSON.stringify(state))
  }
  // Back to the pristine state even if the previous file on this worker died before its own revert; a revert
  // consumes the snapshot, so take it again.
  const restore = async () => {
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as WorkerLocalnet
    await Promise.all(
      state.urls.map(async (url, n) => {
        await rpc(url, 'evm_setAutomine', [true])
        await rpc(url, 'anvil_dropAllTransactions')
        if ((await rpc(url, 'evm_revert', [state.snapshots[n]])) !== true)
          throw new Error(`evm_revert failed on ${url}`)
        // anvil keeps its next base fee across a revert (one a file set with anvil_setNextBlockBaseFeePerGas
        // would price the next file's first block): set it to the one the restored head implies
        const head = await rpc<Record<'baseFeePerGas' | 'gasUsed' | 'gasLimit', Hex>>(url, 'eth_getBlockByNumber', [
          'latest',
          false,
        ])
        const next = nextBaseFee({
          baseFeePerGas: BigInt(head.baseFeePerGas),
          gasUsed: BigInt(head.gasUsed),
          gasLimit: BigInt(head.gasLimit),
        })
        await rpc(url, 'anvil_setNextBlockBaseFeePerGas', [`0x${next.toString(16)}`])
        state.snapshots[n] = await rpc(url, 'evm_snapshot')
      }),
    )
    writeFileSync(statePath, JSON.stringify(state))
  }
  await restore()
  const cfg = tempConfigDir()
  copyFileSync(join(home, 'config.json'), join(cfg.dir, 'config.json'))
  const run = (args: string[], env?: Record<string, string>) => runCli(args, { configDir: cfg.dir, env })
  const { ports } = JSON.parse(readFileSync(statePath, 'utf8')) as WorkerLocalnet
  return {
    configDir: cfg.dir,
    ports,
    run,
    profile: async () => profileIn(cfg.dir),
    reset: restore,
    async stop() {
      await restore()
      cfg.cleanup()
    },
  }
}
