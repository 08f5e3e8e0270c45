import { type Chain, createPublicClient, createWalletClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { CHAINS } from '../chain/chains.js'
import { localPreset } from '../config/presets.js'
import type { Address, ChainId, ChainKey, Profile } from '../config/schema.js'
import { readConfig, writeProfile } from '../config/store.js'
import { VaultError } from '../core/errors.js'
import { deploySafe, deploySafeInfrastructure } from '../safe/deploy.js'
import { claimThroughSafe } from './claim.js'
import { deploySystem, type SystemAddresses } from './deploy.js'
import {
  clearState,
  type LocalChainProc,
  notOurAnvil,
  portFree,
  readState,
  startAnvil,
  stopPid,
  writeState,
} from './process.js'

/** anvil's well-known development keys (public knowledge; local chains only). */
export const LOCAL_KEYS = {
  deployer: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  owners: [
    '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
    '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
    '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  ],
  /** Not an owner: used to show refusals. */
  outsider: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
} as const satisfies Record<string, Hex | readonly Hex[]>

export const LOCAL_SAFE_SALT = 138_651_940n
export const LOCAL_SAFE_THRESHOLD = 2

export interface LocalnetUpOptions {
  ports: Record<ChainKey, number>
  foreground: boolean
  /** Create the four public pools (default true); off to exercise `pools create --public-set`. */
  publicPools?: boolean
  onStep?: (chainId: ChainId | undefined, label: string) => void
}

export interface LocalnetUpResult {
  chains: LocalChainProc[]
  safe: { address: Address; owners: Address[]; threshold: number }
  systems: Record<ChainKey, SystemAddresses>
  profilePath: string
  children: import('node:child_process').ChildProcess[]
}

export function runningLocalnet(): LocalChainProc[] {
  return (readState()?.chains ?? []).filter((c) => notOurAnvil(c) === undefined)
}

function clientsFor(chainId: ChainId, url: string) {
  const chain: Chain = { ...CHAINS[chainId], rpcUrls: { default: { http: [url] } } }
  const transport = http(url, { retryCount: 0 })
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 })
  const walletClient = createWalletClient({ account: privateKeyToAccount(LOCAL_KEYS.deployer), chain, transport })
  return { publicClient, walletClient }
}

/** Start both chains, deploy the Safe and the system on each, write the `local` profile. All or nothing. */
export async function localnetUp(opts: LocalnetUpOptions): Promise<LocalnetUpResult> {
  const running = runningLocalnet()
  if (running.length) {
    throw new VaultError('LOCALNET_RUNNING', 'The local network is already running', {
      details: running.map((c) => `chain ${c.chainId} on port ${c.port} (pid ${c.pid})`).join(', '),
      hints: ['`vault localnet status` shows it; `vault localnet down` stops it.'],
    })
  }
  const wanted: [ChainId, number][] = [
    [138, opts.ports['138']],
    [651940, opts.ports['651940']],
  ]
  if (wanted[0][1] === wanted[1][1]) throw new VaultError('PARAM_OUT_OF_RANGE', 'The two chains need different ports')
  for (const [chainId, port] of wanted) {
    if (!(await portFree(port))) {
      throw new VaultError('PORT_BUSY', `Port ${port} is busy (wanted for chain ${chainId})`, {
        hints: [`Free port ${port} or choose another with --port-${chainId} <port>.`],
      })
    }
  }
  const started: Awaited<ReturnType<typeof startAnvil>>[] = []
  try {
    // both chains boot at once; one that started is kept in `started` (stopped below) even when the other failed
    const booted = await Promise.allSettled(
      wanted.map(async ([chainId, port]) => {
        opts.onStep?.(chainId, `starting anvil on port ${port}`)
        const s = await startAnvil(chainId, port, { foreground: opts.foreground })
        started.push(s)
        return s
      }),
    )
    for (const b of booted) if (b.status === 'rejected') throw b.reason
    started.sort((x, y) => x.proc.chainId - y.proc.chainId)
    const chains = started.map((s) => s.proc)
    writeState({ startedAt: new Date().toISOString(), foreground: opts.foreground, chains })
    const owners = LOCAL_KEYS.owners.map((k) => privateKeyToAccount(k).address)
    const results = await Promise.all(
      chains.map(async (c) => {
        const { publicClient, walletClient } = clientsFor(c.chainId, c.url)
        opts.onStep?.(c.chainId, 'deploying Safe v1.4.1 contracts')
        await deploySafeInfrastructure(publicClient, walletClient)
        const safe = await deploySafe(publicClient, {
          wallet: walletClient,
          owners,
          threshold: LOCAL_SAFE_THRESHOLD,
          saltNonce: LOCAL_SAFE_SALT,
        })
        opts.onStep?.(c.chainId, `Safe ${safe} (2 of 3)`)
        const system = await deploySystem(publicClient, walletClient, {
          chainId: c.chainId as 138 | 651940,
          safe,
          publicPools: opts.publicPools ?? true,
          claimOwnership: claimThroughSafe(publicClient, walletClient, {
            safe,
            ownerKeys: LOCAL_KEYS.owners,
            threshold: LOCAL_SAFE_THRESHOLD,
          }),
          onStep: (label: string) => opts.onStep?.(c.chainId, label),
        })
        return { c, safe, system }
      }),
    )
    const [a, b] = results
    if (a.safe !== b.safe)
      throw new VaultError('SAFE_ADDRESS_DIFFERS', 'The Safe got different addresses on the chains', {
        details: `${a.safe} vs ${b.safe}`,
      })
    const profilePath = await writeLocalProfile(results, opts.ports)
    await dropStaleProposals(a.safe)
    return {
      chains,
      safe: { address: a.safe, owners, threshold: LOCAL_SAFE_THRESHOLD },
      systems: { '138': a.system, '651940': b.system },
      profilePath,
      children: started.map((s) => s.child),
    }
  } catch (e) {
    await Promise.all(started.map((s) => stopPid(s.proc.pid)))
    clearState()
    throw e
  }
}

async function writeLocalProfile(
  results: { c: LocalChainProc; safe: Address; system: SystemAddresses }[],
  ports: Record<ChainKey, number>,
): Promise<string> {
  const { file } = await readConfig()
  const stored = (file.profiles?.local ?? {}) as Partial<Profile>
  const preset = localPreset()
  const chains: Profile['chains'] = {}
  for (const { c, system } of results) {
    const { multicall3, tokens, pools, privatePools, chainId: _id, deployer: _deployer, ...named } = system
    const contracts: Record<string, Address> = { multicall3 }
    for (const [k, v] of Object.entries(named)) if (typeof v === 'string') contracts[k] = v as Address
    chains[String(c.chainId) as ChainKey] = {
      rpcUrls: [c.url],
      contracts,
      tokens: { ...tokens },
      pools: { ...pools },
      privatePools: { ...privatePools },
    }
  }
  return writeProfile('local', {
    ...stored,
    rpc: stored.rpc ?? preset.rpc,
    chains,
    safe: { ...(stored.safe ?? {}), address: results[0].safe },
    stabilizer: { ...preset.stabilizer },
    localnet: { ports: { ...ports } },
  })
}

export interface LocalnetDownResult {
  stopped: LocalChainProc[]
  /** Recorded processes left alone: the pid now belongs to something else (another anvil, another port). */
  skipped: (LocalChainProc & { reason: string })[]
  wasRunning: boolean
}

/**
 * Stop what `localnet up` started: a recorded pid is signalled only while it is still that anvil (same port, same
 * chain id on its command line, same start time). Idempotent.
 */
export async function localnetDown(): Promise<LocalnetDownResult> {
  const state = readState()
  const stopped: LocalChainProc[] = []
  const skipped: LocalnetDownResult['skipped'] = []
  for (const c of state?.chains ?? []) {
    const reason = notOurAnvil(c)
    if (reason === undefined) {
      if (await stopPid(c.pid)) stopped.push(c)
    } else if (reason !== 'not running') skipped.push({ ...c, reason })
  }
  clearState()
  return { stopped, skipped, wasRunning: stopped.length > 0 }
}

/** Proposal files for the local Safe refer to chains that no longer exist once new local chains start. */
async function dropStaleProposals(safe: Address) {
  const { readdir, rm } = await import('node:fs/promises')
  const { defaultProposalsDir } = await import('../tx/call.js')
  const dir = defaultProposalsDir()
  const names = await readdir(dir).catch(() => [] as string[])
  const stale = names.filter((n) => n.toLowerCase().includes(safe.toLowerCase()) && /^(138|651940)-/.test(n))
  await Promise.all(stale.map((n) => rm(`${dir}/${n}`, { force: true })))
}
