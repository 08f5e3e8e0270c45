import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  encodeDeployData,
  type Hex,
  http,
  type PublicClient,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, beforeEach } from 'vitest'
import { claimAsAccount } from '../../src/localnet/claim.js'
import {
  type DeploySystemOptions,
  deploySystem,
  loadArtifacts,
  type SystemAddresses,
} from '../../src/localnet/deploy.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { type Anvil, startAnvil } from '../helpers/anvil.js'

/** Anvil's default accounts 0..4 (public test keys). */
export const ANVIL_KEYS = [LOCAL_KEYS.deployer, ...LOCAL_KEYS.owners, LOCAL_KEYS.outsider] as const

export interface Chain {
  anvil: Anvil
  publicClient: PublicClient
  /** Wallets for anvil accounts 0..4. */
  wallets: WalletClient[]
  addresses: Address[]
}

export async function startChain(chainId = 138): Promise<Chain> {
  const anvil = await startAnvil(chainId)
  const transport = http(anvil.url, { batch: true })
  const publicClient = createPublicClient({ transport, pollingInterval: 50, cacheTime: 0 })
  const accounts = ANVIL_KEYS.map((key) => privateKeyToAccount(key))
  const wallets = accounts.map((account) => createWalletClient({ account, transport }))
  return { anvil, publicClient, wallets, addresses: accounts.map((a) => a.address) }
}

/** Deploys `name` from build/contracts.json and waits for it. */
export async function deploy(chain: Chain, name: string, args: readonly unknown[] = [], from = 0): Promise<Address> {
  const a = loadArtifacts()[name]
  if (!a) throw new Error(`no artifact ${name}`)
  const wallet = chain.wallets[from] as WalletClient
  const hash = await wallet.sendTransaction({
    account: wallet.account ?? null,
    chain: null,
    data: encodeDeployData({ abi: a.abi as Abi, bytecode: a.bytecode, args }),
  } as never)
  const r = await chain.publicClient.waitForTransactionReceipt({ hash })
  if (r.status !== 'success' || !r.contractAddress) throw new Error(`deploy ${name} failed`)
  return r.contractAddress
}

/**
 * Simulates a contract write against the pending block (the block it will land in: revert reasons come back
 * decoded), then sends it with a fixed gas limit and waits; throws on revert. A fixed limit because an estimate
 * made in the latest block's context can come up short in the next block (a new observation slot, TWAP time).
 */
export async function write(
  chain: Chain,
  args: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; from?: number; nonce?: number },
): Promise<Hex> {
  const wallet = chain.wallets[args.from ?? 0] as WalletClient
  const request = {
    account: wallet.account,
    chain: null,
    address: args.address,
    abi: args.abi,
    functionName: args.functionName,
    args: args.args ?? [],
  }
  if (args.nonce === undefined) {
    await chain.publicClient.simulateContract({ ...request, blockTag: 'pending' } as never)
  }
  const hash = await wallet.writeContract({ ...request, gas: 5_000_000n, nonce: args.nonce } as never)
  const r = await chain.publicClient.waitForTransactionReceipt({ hash })
  if (r.status !== 'success') throw new Error(`${args.functionName} reverted (gas used ${r.gasUsed})`)
  return hash
}

/** Sends a contract write without simulating or waiting (for several txs in one block). */
export async function sendOnly(
  chain: Chain,
  args: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; from?: number; nonce: number },
): Promise<Hex> {
  const wallet = chain.wallets[args.from ?? 0] as WalletClient
  return wallet.writeContract({
    account: wallet.account,
    chain: null,
    address: args.address,
    abi: args.abi,
    functionName: args.functionName,
    args: args.args ?? [],
    gas: 5_000_000n,
    nonce: args.nonce,
  } as never)
}

/** Runs `fn`, expecting a revert whose message names `errorName` (custom error or revert string). */
export async function expectRevert(fn: () => Promise<unknown>, errorName: string): Promise<void> {
  let error: unknown
  try {
    await fn()
  } catch (e) {
    error = e
  }
  if (!error) throw new Error(`expected a revert with ${errorName}, but the call succeeded`)
  const text = String((error as { message?: string }).message ?? error)
  if (!text.includes(errorName)) throw new Error(`expected ${errorName}, got: ${text.slice(0, 600)}`)
}

export async function rpc(chain: Chain, method: string, params: unknown[] = []): Promise<unknown> {
  return (chain.publicClient.request as unknown as (a: { method: string; params: unknown[] }) => Promise<unknown>)({
    method,
    params,
  })
}

/** Every test of the file starts from the same chain state: evm_snapshot before each, evm_revert after it. */
export function revertAfterEach(chain: () => Chain): void {
  let snapshot: string
  beforeEach(async () => {
    snapshot = (await rpc(chain(), 'evm_snapshot')) as string
  })
  afterEach(async () => {
    await rpc(chain(), 'evm_revert', [snapshot])
  })
}

export async function mine(chain: Chain, blocks = 1): Promise<void> {
  await rpc(chain, 'anvil_mine', [`0x${blocks.toString(16)}`])
}

/** The whole system deployed by account 0 and handed (offered, then claimed) to account `owner`, standing in for the Safe. */
export function deploySystemTo(
  chain: Chain,
  owner: number,
  opts: Omit<DeploySystemOptions, 'safe' | 'claimOwnership'>,
): Promise<SystemAddresses> {
  return deploySystem(chain.publicClient, chain.wallets[0], {
    ...opts,
    safe: chain.addresses[owner] as Address,
    claimOwnership: claimAsAccount(chain.publicClient, chain.wallets[owner]),
  })
}
