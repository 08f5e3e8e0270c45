// Deploys the whole local system (tokens, oracle, PMM integration and pools, private XAU mesh, bridge reserve,
// stabilizer, Multicall3) from one account in a fixed order, so every fresh chain gets the same addresses.
// Over 300 lines on purpose: the order is the addresses, so the whole sequence reads best in one file.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Abi,
  type Address,
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  type Hex,
  type PublicClient,
  type WalletClient,
} from 'viem'
import { stabilizerAbi, vaultOracleAbi, vaultPMMIntegrationAbi, vaultTokenAbi } from '../chain/abi/generated.js'
import { localRpc } from '../chain/local-rpc.js'
import { DEFAULT_STABILIZER, stabilizerLimitsOf, stabilizerParamsOf } from '../config/presets.js'
import { packageRoot } from '../config/root.js'
import { VaultError } from '../core/errors.js'
import {
  LOCALNET_ORACLE_PRICES,
  legSeedPlan,
  MESH_TOKENS,
  type MeshToken,
  MULTICALL3_ADDRESS,
  PUBLIC_POOL_NAMES,
  type PublicPoolName,
  publicPoolPlans,
  type SeedPlan,
  seedPlan,
  TOKEN_DECIMALS,
  TOKEN_NAMES,
  TOKEN_SYMBOLS,
  type TokenSymbol,
} from '../core/registry.js'
import type { PoolParams, StabilizerLimits, StabilizerParams } from '../stabilizer/check.js'
import type { ClaimOwnership, OwnershipClaim } from './claim.js'
import { poolUsd, reserveSeed } from './reserve-seed.js'

const UNIT = 10n ** BigInt(TOKEN_DECIMALS)

export type { PoolParams, StabilizerLimits, StabilizerParams }

/** The chain-wide limits the localnet deploys: the profile defaults (config/presets.ts), the one source. */
export const LOCALNET_STABILIZER_LIMITS: StabilizerLimits = stabilizerLimitsOf(DEFAULT_STABILIZER)

/** A local pool's params with the chain-wide gas and oracle limits (what `stabilizer params` shows). */
export const LOCALNET_STABILIZER_PARAMS: StabilizerParams = stabilizerParamsOf(DEFAULT_STABILIZER)

/** The params every local pool is registered with. */
export const LOCALNET_POOL_PARAMS: PoolParams = {
  thresholdBps: LOCALNET_STABILIZER_PARAMS.thresholdBps,
  sustainBlocks: LOCALNET_STABILIZER_PARAMS.sustainBlocks,
  twapWindow: LOCALNET_STABILIZER_PARAMS.twapWindow,
  minBlocks: LOCALNET_STABILIZER_PARAMS.minBlocks,
  perBlockCap: LOCALNET_STABILIZER_PARAMS.perBlockCap,
  kPerBps: LOCALNET_STABILIZER_PARAMS.kPerBps,
  maxSlippageBps: LOCALNET_STABILIZER_PARAMS.maxSlippageBps,
}

export interface SystemAddresses {
  chainId: number
  deployer: Address
  multicall3: Address
  tokens: Record<TokenSymbol, Address>
  oracle: Address
  poolImplementation: Address
  integration: Address
  /** Public pools; empty when deployed with `publicPools: false`. */
  pools: Partial<Record<PublicPoolName, Address>>
  /** Each mesh token's private pool against cXAUC (allowlist: the stabilizer). */
  privatePools: Record<MeshToken, Address>
  bridgeReserve: Address
  stabilizer: Address
  flashBorrower: Address
  /** Bucket C: tokens set aside for flash lending (ERC-3156), owned by the Safe. */
  flashLiquidity: Address
  /** One-transaction trades into the pools (the parity bot's route). */
  router: Address
}

export interface DeploySystemOptions {
  chainId: 138 | 651940
  /** Receives ownership of the integration, stabilizer, bridge reserve and oracle. */
  safe: Address
  /** The second step of the hand-over, done as `safe`: `claimThroughSafe` for a Safe, `claimAsAccount` for a key. */
  claimOwnership: ClaimOwnership
  oraclePrices?: Partial<Record<TokenSymbol, bigint>>
  /** Create and seed the four public pools (default true). */
  publicPools?: boolean
  onStep?: (label: string) => void
}

type Artifacts = Record<string, { abi: Abi; bytecode: Hex; deployedBytecode: Hex }>
let artifactsCache: Artifacts | undefined

/** build/contracts.json of the package (from src/ under tests, dist/ or the bundle). */
export function loadArtifacts(): Artifacts {
  if (artifactsCache) return artifactsCache
  const file = join(packageRoot(), 'build/contracts.json')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (cause) {
    throw new VaultError('BUILD_ARTIFACT_MISSING', 'The compiled contracts (build/contracts.json) are missing', {
      hints: ['Run `npm run build` (it compiles the contracts with solc).'],
      cause,
    })
  }
  artifactsCache = JSON.parse(text) as Artifacts
  return artifactsCache
}

function artifact(name: string) {
  const a = loadArtifacts()[name]
  if (!a)
    throw new VaultError('BUILD_ARTIFACT_MISSING', `Contract ${name} is missing from build/contracts.json`, {
      hints: ['Run `npm run build` (it compiles the contracts with solc).'],
    })
  return a
}

const DEPLOY_GAS = 9_000_000n
const CALL_GAS = 1_500_000n
const MAX_UINT256 = (1n << 256n) - 1n

/** Deploys and seeds the whole system; see SystemAddresses. Deterministic for a given deployer account state. */
/** `walletClient`: anvil's account 0, or any funded account (addresses follow from its address and nonce). */
export async function deploySystem(
  publicClient: PublicClient,
  walletClient: WalletClient,
  opts: DeploySystemOptions,
): Promise<SystemAddresses> {
  const step = opts.onStep ?? (() => {})
  const prices = { ...LOCALNET_ORACLE_PRICES, ...opts.oraclePrices }
  const withPublicPools = opts.publicPools ?? true

  const account = walletClient.account ?? (await walletClient.getAddresses())[0]
  if (!account) throw new VaultError('ACCOUNT_MISSING', 'The deploying wallet client has no account')
  const deployer = typeof account === 'string' ? account : account.address
  const [chainId, startNonce, block] = await Promise.all([
    publicClient.getChainId(),
    publicClient.getTransactionCount({ address: deployer, blockTag: 'pending' }),
    publicClient.getBlock({ blockTag: 'latest' }),
  ])
  if (chainId !== opts.chainId)
    throw new VaultError(
      'CHAIN_MISMATCH',
      `Wrong chain: the node reports chain id ${chainId}, the deploy is for ${opts.chainId}`,
    )
  const priority = 10n ** 6n
  const maxFeePerGas = (block.baseFeePerGas ?? 0n) * 3n + 2n * 10n ** 9n
  let nonce = startNonce
  const hashes: { label: string; hash: Hex }[] = []

  const send = async (label: string, to: Address | undefined, data: Hex, gas: bigint) => {
    const hash = await walletClient.sendTransaction({
      account,
      chain: null,
      to,
      data,
      nonce: nonce++,
      gas,
      maxFeePerGas,
      maxPriorityFeePerGas: priority,
    })
    hashes.push({ label, hash })
    return hash
  }
  const deploy = async (label: string, name: string, args: readonly unknown[] = []) => {
    const a = artifact(name)
    const address = getContractAddress({ from: deployer, nonce: BigInt(nonce) })
    await send(label, undefined, encodeDeployData({ abi: a.abi, bytecode: a.bytecode, args }), DEPLOY_GAS)
    return address
  }
  const call = async (label: string, to: Address, data: Hex) => send(label, to, data, CALL_GAS)

  step('Multicall3 code')
  await localRpc(publicClient, 'anvil_setCode', [MULTICALL3_ADDRESS, artifact('Multicall3').deployedBytecode])

  step('contracts')
  const tokens = {} as Record<TokenSymbol, Address>
  for (const s of TOKEN_SYMBOLS) tokens[s] = await deploy(`token ${s}`, 'VaultToken', [TOKEN_NAMES[s], s])
  const oracle = await deploy('oracle', 'VaultOracle', [deployer])
  const poolImplementation = await deploy('pool implementation', 'VaultPMMPool')
  const integration = await deploy('integration', 'VaultPMMIntegration', [
    deployer,
    poolImplementation,
    tokens.cUSDT,
    tokens.cUSDC,
  ])
  const bridgeReserve = await deploy('bridge reserve', 'BridgeReserve', [deployer])
  const stabilizer = await deploy('stabilizer', 'Stabilizer', [deployer, oracle, LOCALNET_STABILIZER_LIMITS])
  const flashBorrower = await deploy('flash borrower', 'FlashBorrower')
  const flashLiquidity = await deploy('flash liquidity', 'FlashLiquidity', [deployer, FLASH_FEE_BPS])
  const router = await deploy('router', 'VaultRouter')

  step('oracle prices and inventories')
  await call(
    'oracle prices',
    oracle,
    encodeFunctionData({
      abi: vaultOracleAbi,
      functionName: 'setPrices',
      args: [TOKEN_SYMBOLS.map((s) => tokens[s]), TOKEN_SYMBOLS.map((s) => prices[s])],
    }),
  )
  // The deployer trades in tests and the demo; the flash borrower is a test helper. The rest follows the bucket policy.
  const buckets = localReserveSeed(prices)
  for (const s of TOKEN_SYMBOLS) {
    const whole = s === 'cXAUC' ? UNIT : 1_000n * UNIT // cXAUC amounts in whole ounces, others in thousands
    const [forDeployer, forBorrower] = s === 'cXAUC' ? [100_000n, 500n] : [50_000n, 1_000n]
    await call(
      `mint ${s}`,
      tokens[s],
      encodeFunctionData({
        abi: vaultTokenAbi,
        functionName: 'mintBatch',
        args: [
          [deployer, flashBorrower, stabilizer, flashLiquidity, bridgeReserve, opts.safe],
          [
            forDeployer * whole,
            forBorrower * whole,
            buckets.stabilizer[s],
            buckets.flashLiquidity[s],
            buckets.bridgeReserve[s],
            buckets.safe[s],
          ],
        ],
      }),
    )
    await call(
      `approve ${s}`,
      tokens[s],
      encodeFunctionData({ abi: vaultTokenAbi, functionName: 'approve', args: [integration, MAX_UINT256] }),
    )
  }

  // Pools are clones made by the integration with CREATE: their addresses follow from its nonce (starts at 1).
  let integrationNonce = 1n
  const nextPool = () => getContractAddress({ from: integration, nonce: integrationNonce++ })
  const seed = async (label: string, pool: Address, plan: SeedPlan) =>
    call(
      `seed ${label}`,
      integration,
      encodeFunctionData({
        abi: vaultPMMIntegrationAbi,
        functionName: 'addLiquidity',
        args: [pool, plan.baseAmount, plan.quoteAmount],
      }),
    )

  step('private XAU mesh')
  const privatePools = {} as Record<MeshToken, Address>
  for (const s of MESH_TOKENS) {
    const plan = legSeedPlan(s, prices)
    privatePools[s] = nextPool()
    await call(
      `private pool ${s}/cXAUC`,
      integration,
      encodeFunctionData({
        abi: vaultPMMIntegrationAbi,
        functionName: 'createPrivatePool',
        args: [tokens[s], tokens.cXAUC, plan.lpFeeRate, plan.i, plan.k, true, [stabilizer]],
      }),
    )
    await seed(`private ${s}/cXAUC`, privatePools[s], plan)
    // the Stabilizer resets the leg to the oracle cross rate after each correction: it must be the leg's admin
    await call(
      `private ${s}/cXAUC admin: the stabilizer`,
      integration,
      encodeFunctionData({
        abi: vaultPMMIntegrationAbi,
        functionName: 'setPrivatePoolAdmin',
        args: [privatePools[s], stabilizer],
      }),
    )
  }

  const pools: Partial<Record<PublicPoolName, Address>> = {}
  if (withPublicPools) {
    step('public pools')
    for (const plan of publicPoolPlans(prices)) {
      const name = plan.name as PublicPoolName
      pools[name] = nextPool()
      await call(
        `pool ${name}`,
        integration,
        encodeFunctionData({
          abi: vaultPMMIntegrationAbi,
          functionName: 'createPool',
          args: [tokens[plan.base], tokens[plan.quote], plan.lpFeeRate, plan.i, plan.k, true],
        }),
      )
      await seed(name, pools[name] as Address, plan)
    }
    for (const name of PUBLIC_POOL_NAMES) {
      await call(
        `register ${name} with the stabilizer`,
        stabilizer,
        encodeFunctionData({
          abi: stabilizerAbi,
          functionName: 'addPool',
          args: [pools[name] as Address, LOCALNET_POOL_PARAMS],
        }),
      )
    }
  }

  step('stabilizer mesh and ownership')
  await call(
    'stabilizer mesh',
    stabilizer,
    encodeFunctionData({
      abi: stabilizerAbi,
      functionName: 'setMesh',
      args: [MESH_TOKENS.map((s) => tokens[s]), MESH_TOKENS.map((s) => privatePools[s])],
    }),
  )
  // Two-step hand-over: the deployer names the Safe as successor here; the Safe claims once these are mined.
  const transfer = encodeFunctionData({ abi: stabilizerAbi, functionName: 'transferOwnership', args: [opts.safe] })
  const handOver: OwnershipClaim[] = [
    { label: 'oracle', address: oracle },
    { label: 'integration', address: integration },
    { label: 'bridge reserve', address: bridgeReserve },
    { label: 'stabilizer', address: stabilizer },
    { label: 'flash liquidity', address: flashLiquidity },
  ]
  for (const { label, address } of handOver) await call(`offer ${label} to the Safe`, address, transfer)

  step('waiting for receipts')
  const receipts = await Promise.all(hashes.map((h) => publicClient.waitForTransactionReceipt({ hash: h.hash })))
  const failed = receipts.flatMap((r, n) => (r.status === 'success' ? [] : [hashes[n]?.label]))
  if (failed.length)
    throw new VaultError('DEPLOY_REVERTED', 'Transactions of the system deployment reverted', {
      details: failed.join(', '),
    })

  const registered = await publicClient.readContract({
    address: integration,
    abi: vaultPMMIntegrationAbi,
    functionName: 'getAllPools',
  })
  const expected = [...MESH_TOKENS.map((s) => privatePools[s]), ...PUBLIC_POOL_NAMES.flatMap((n) => pools[n] ?? [])]
  if (
    registered.length !== expected.length ||
    registered.some((p, n) => p.toLowerCase() !== expected[n]?.toLowerCase())
  ) {
    throw new VaultError('DEPLOY_ADDRESS_MISMATCH', 'Pool addresses differ from the predicted ones', {
      hints: ['Deploy on a fresh local chain (`vault localnet down`, then `vault localnet up`).'],
    })
  }

  step('the Safe claims ownership')
  await opts.claimOwnership(handOver)

  // Give the observation rings a few completed blocks so checkDeviation has its window from the start.
  const history = LOCALNET_STABILIZER_PARAMS.twapWindow + LOCALNET_STABILIZER_PARAMS.sustainBlocks
  await localRpc(publicClient, 'anvil_mine', [`0x${history.toString(16)}`])

  return {
    chainId: opts.chainId,
    deployer,
    multicall3: MULTICALL3_ADDRESS,
    tokens,
    oracle,
    poolImplementation,
    integration,
    pools,
    privatePools,
    bridgeReserve,
    stabilizer,
    flashBorrower,
    flashLiquidity,
    router,
  }
}

/** Flash-loan fee of the local FlashLiquidity: 0.09%. */
export const FLASH_FEE_BPS = 9n

/** What the local holders get so a fresh localnet matches the default bucket policy (see reserve-seed.ts). */
export function localReserveSeed(prices: Record<TokenSymbol, bigint> = LOCALNET_ORACLE_PRICES) {
  const publicUsd = publicPoolPlans(prices).reduce((sum, p) => sum + poolUsd(p, prices), 0n)
  const privateUsd = MESH_TOKENS.reduce((sum, t) => sum + poolUsd(seedPlan(t, 'cXAUC', prices), prices), 0n)
  return reserveSeed({ publicUsd, privateUsd, prices })
}
