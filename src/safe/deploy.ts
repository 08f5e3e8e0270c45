import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Address,
  type Chain,
  concat,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  type Hex,
  keccak256,
  type PublicClient,
  pad,
  type Transport,
  type WalletClient,
  zeroAddress,
} from 'viem'
import { localRpc } from '../chain/local-rpc.js'
import { packageRoot } from '../config/root.js'
import { VaultError } from '../core/errors.js'
import { type TxOptions, txFields } from '../tx/call.js'
import { safeAbi, safeProxyFactoryAbi } from './abi.js'

/** The Safe singleton factory (deterministic CREATE2 deployer used for the canonical Safe addresses). */
export const SAFE_SINGLETON_FACTORY: Address = '0x914d7Fec6aaC8cd542e72Bca78B30650d45643d7'

/** Canonical Safe v1.4.1 addresses (singleton factory, salt 0). */
export const SAFE_141 = {
  Safe: '0x41675C099F32341bf84BFc5382aF534df5C7461a',
  SafeL2: '0x29fcB43b46531BcA003ddC8FCB67FFE91900C762',
  SafeProxyFactory: '0x4e1DCf7AD4e460CfD30791CCC4F9c8a4f820ec67',
  MultiSend: '0x38869bf66a61cF6bDB996A6aE40D5853Fd43B526',
  MultiSendCallOnly: '0x9641d764fc13c8B624c04430C7356C1C7C8102e2',
  CompatibilityFallbackHandler: '0xfd0732Dc9E303f09fCEf3a7388Ad10A83459Ec99',
  SignMessageLib: '0xd53cd0aB83D845Ac265BE939c57F53AD838012c9',
  CreateCall: '0x9b35Af71d77eaf8d7e40252370304687390A1A52',
  SimulateTxAccessor: '0x3d4BA2E0884aa488718476ca2FB8Efc291A46199',
} as const satisfies Record<string, Address>

export type SafeContractName = keyof typeof SAFE_141
export type SafeContracts = { [K in SafeContractName]: Address }

/** `contractNetworks` for protocol-kit: the canonical v1.4.1 addresses for one chain id (our Safes use SafeL2). */
export function contractNetworks(chainId: number | bigint) {
  return {
    [String(chainId)]: {
      safeSingletonAddress: SAFE_141.SafeL2 as string,
      safeProxyFactoryAddress: SAFE_141.SafeProxyFactory as string,
      multiSendAddress: SAFE_141.MultiSend as string,
      multiSendCallOnlyAddress: SAFE_141.MultiSendCallOnly as string,
      fallbackHandlerAddress: SAFE_141.CompatibilityFallbackHandler as string,
      signMessageLibAddress: SAFE_141.SignMessageLib as string,
      createCallAddress: SAFE_141.CreateCall as string,
      simulateTxAccessorAddress: SAFE_141.SimulateTxAccessor as string,
    },
  }
}

export type SafeDeployWallet = WalletClient<Transport, Chain | undefined>

/**
 * How the deploy transactions are sent: the sender's options (--gas-price, --priority-gas-price, --nonce, --legacy,
 * --confirmations) and the hashes sent so far, in order. One `sent` list is shared by the steps on one chain, so
 * with --nonce each transaction takes the next nonce after the previous step's.
 */
export interface DeploySendOptions {
  tx?: TxOptions
  sent?: Hex[]
}

function sendFields(send: DeploySendOptions) {
  return txFields(send.tx ?? {}, send.sent?.length ?? 0)
}

type SafeArtifacts = Record<SafeContractName | 'singletonFactoryCreationCode', Hex>

let artifacts: SafeArtifacts | undefined
/** Creation code of the Safe contracts, written by `scripts/build-contracts.mjs` into build/safe.json. */
export function safeArtifacts(): SafeArtifacts {
  if (artifacts) return artifacts
  const url = join(packageRoot(), 'build/safe.json')
  try {
    artifacts = JSON.parse(readFileSync(url, 'utf8')) as SafeArtifacts
  } catch (cause) {
    throw new VaultError('SAFE_ARTIFACTS_MISSING', 'Safe contract artifacts are missing (build/safe.json)', {
      hints: ['Run `node scripts/build-contracts.mjs` (part of `npm run build`).'],
      cause,
    })
  }
  return artifacts
}

const SALT_ZERO = pad('0x', { size: 32 })

/** Address a contract gets when deployed through the singleton factory with salt 0. */
export function singletonFactoryAddress(initCode: Hex): Address {
  return getContractAddress({ opcode: 'CREATE2', from: SAFE_SINGLETON_FACTORY, salt: SALT_ZERO, bytecode: initCode })
}

async function hasCode(client: PublicClient, address: Address): Promise<boolean> {
  const code = await client.getCode({ address })
  return code !== undefined && code !== '0x'
}

function senderOf(walletClient: SafeDeployWallet) {
  const account = walletClient.account
  if (!account) {
    throw new VaultError('ACCOUNT_MISSING', 'The wallet client has no account')
  }
  return account
}

async function installSingletonFactory(client: PublicClient): Promise<void> {
  // Executing the creation code without a `to` returns the runtime code.
  const { data: runtime } = await client.call({ data: safeArtifacts().singletonFactoryCreationCode })
  if (!runtime || runtime === '0x') {
    throw new VaultError('SAFE_FACTORY_MISSING', 'Could not derive the Safe singleton factory runtime code')
  }
  try {
    await localRpc(client, 'anvil_setCode', [SAFE_SINGLETON_FACTORY, runtime])
  } catch (cause) {
    throw new VaultError('SAFE_FACTORY_MISSING', 'The Safe singleton factory is not deployed on this chain', {
      details: `No code at ${SAFE_SINGLETON_FACTORY}, and the node does not accept anvil_setCode (not a local chain).`,
      hints: ['On a real chain the factory needs a presigned deployment for this chain id.'],
      cause,
    })
  }
}

/**
 * Put the Safe v1.4.1 contracts at their canonical addresses on a local (anvil) chain.
 * Idempotent: contracts that already have code are left alone.
 */
export async function deploySafeInfrastructure(
  publicClient: PublicClient,
  walletClient: SafeDeployWallet,
  send: DeploySendOptions = {},
): Promise<SafeContracts> {
  if (!(await hasCode(publicClient, SAFE_SINGLETON_FACTORY))) await installSingletonFactory(publicClient)
  const code = safeArtifacts()
  const names = Object.keys(SAFE_141) as SafeContractName[]
  const present = await Promise.all(names.map((n) => hasCode(publicClient, SAFE_141[n])))
  const account = senderOf(walletClient)
  const hashes: Hex[] = []
  for (const [i, name] of names.entries()) {
    const initCode = code[name]
    const target = singletonFactoryAddress(initCode)
    if (getAddress(target) !== getAddress(SAFE_141[name])) {
      throw new VaultError(
        'SAFE_ARTIFACT_MISMATCH',
        `Safe ${name} creation code does not produce the canonical v1.4.1 address`,
        { details: `expected ${SAFE_141[name]}, creation code gives ${target}` },
      )
    }
    if (present[i]) continue
    const hash = await walletClient.sendTransaction({
      account,
      chain: walletClient.chain,
      to: SAFE_SINGLETON_FACTORY,
      data: concat([SALT_ZERO, initCode]),
      ...sendFields(send),
    })
    hashes.push(hash)
    send.sent?.push(hash)
  }
  const confirmations = send.tx?.confirmations
  const receipts = await Promise.all(
    hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash, confirmations })),
  )
  const failed = receipts.filter((r) => r.status !== 'success')
  const missing = (
    await Promise.all(names.map(async (n) => ((await hasCode(publicClient, SAFE_141[n])) ? null : n)))
  ).filter((n) => n !== null)
  if (failed.length || missing.length) {
    throw new VaultError('SAFE_DEPLOY_FAILED', 'Safe infrastructure deployment failed', {
      details: `missing: ${missing.join(', ') || 'none'}; failed transactions: ${failed.map((r) => r.transactionHash).join(', ') || 'none'}`,
    })
  }
  return { ...SAFE_141 }
}

export interface SafeSetupOptions {
  owners: Address[]
  threshold: number | bigint
  saltNonce: bigint
  /** Defaults to SafeL2 (events for indexers). */
  singleton?: Address
  /** Defaults to CompatibilityFallbackHandler. */
  fallbackHandler?: Address
}

function checkSetup({ owners, threshold }: SafeSetupOptions) {
  const t = BigInt(threshold)
  const normalized = owners.map((o) => getAddress(o))
  if (new Set(normalized).size !== normalized.length) {
    throw new VaultError('SAFE_SETUP_INVALID', 'Safe owners must be distinct')
  }
  if (normalized.length === 0 || t < 1n || t > BigInt(normalized.length)) {
    throw new VaultError(
      'SAFE_SETUP_INVALID',
      `Threshold must be between 1 and the number of owners (${normalized.length})`,
    )
  }
  return { owners: normalized, threshold: t }
}

/** The `setup(...)` calldata a new Safe is initialized with (owner order matters for the address). */
export function safeSetupData(options: SafeSetupOptions): Hex {
  const { owners, threshold } = checkSetup(options)
  return encodeFunctionData({
    abi: safeAbi,
    functionName: 'setup',
    args: [
      owners,
      threshold,
      zeroAddress,
      '0x',
      options.fallbackHandler ?? SAFE_141.CompatibilityFallbackHandler,
      zeroAddress,
      0n,
      zeroAddress,
    ],
  })
}

/** The address `createProxyWithNonce(singleton, setupData, saltNonce)` deploys to. Same inputs → same address on every chain. */
export async function predictSafeAddress(publicClient: PublicClient, options: SafeSetupOptions): Promise<Address> {
  const singleton = options.singleton ?? SAFE_141.SafeL2
  const proxyCode = await publicClient.readContract({
    address: SAFE_141.SafeProxyFactory,
    abi: safeProxyFactoryAbi,
    functionName: 'proxyCreationCode',
  })
  const salt = keccak256(
    concat([keccak256(safeSetupData(options)), encodeAbiParameters([{ type: 'uint256' }], [options.saltNonce])]),
  )
  const bytecode = concat([proxyCode, encodeAbiParameters([{ type: 'address' }], [singleton])])
  return getContractAddress({ opcode: 'CREATE2', from: SAFE_141.SafeProxyFactory, salt, bytecode })
}

/** Deploy a Safe proxy (SafeL2 by default) with the given owners and threshold; returns the existing one if already there. */
export async function deploySafe(
  publicClient: PublicClient,
  {
    wallet: walletClient,
    send = {},
    ...options
  }: SafeSetupOptions & { wallet: SafeDeployWallet; send?: DeploySendOptions },
): Promise<Address> {
  if (!(await hasCode(publicClient, SAFE_141.SafeProxyFactory))) {
    throw new VaultError('SAFE_NOT_DEPLOYED', 'The Safe contracts are not deployed on this chain', {
      hints: ['Run the Safe infrastructure deploy step first.'],
    })
  }
  const address = await predictSafeAddress(publicClient, options)
  if (await hasCode(publicClient, address)) return address
  const hash = await walletClient.sendTransaction({
    account: senderOf(walletClient),
    chain: walletClient.chain,
    to: SAFE_141.SafeProxyFactory,
    data: encodeFunctionData({
      abi: safeProxyFactoryAbi,
      functionName: 'createProxyWithNonce',
      args: [options.singleton ?? SAFE_141.SafeL2, safeSetupData(options), options.saltNonce],
    }),
    ...sendFields(send),
  })
  send.sent?.push(hash)
  const receipt = await publicClient.waitForTransactionReceipt({ hash, confirmations: send.tx?.confirmations })
  if (receipt.status !== 'success' || !(await hasCode(publicClient, address))) {
    throw new VaultError('SAFE_DEPLOY_FAILED', 'Safe deployment failed', {
      details: `transaction ${hash}; expected a Safe at ${address}`,
    })
  }
  return address
}
