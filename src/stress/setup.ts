// Preparing the localnet for `vault stress`: the chains must be anvil; the keeper, the bot and the market get
// their keys (anvil's public development mnemonic), tokens and roles; the oracle starts at the flow's prices.
import {
  type Address,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  type LocalAccount,
  maxUint256,
} from 'viem'
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'
import { stabilizerAbi, vaultOracleAbi, vaultTokenAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { localRpc } from '../chain/local-rpc.js'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { TOKEN_SYMBOLS } from '../core/registry.js'
import { execThroughSafe, type LocalSafe } from '../localnet/claim.js'
import { LOCAL_KEYS, LOCAL_SAFE_THRESHOLD } from '../localnet/up.js'
import { safeAbi } from '../safe/abi.js'

/** anvil's default development mnemonic (public): local chains only. */
const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk'

/** The stress run's own accounts, away from the ones localnet up and the tests use (indexes 0–4). */
export interface StressAccounts {
  keeper: LocalAccount
  bot: LocalAccount
  market: LocalAccount
}

export function stressAccounts(): StressAccounts {
  const at = (addressIndex: number) => mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex })
  return { keeper: at(5), bot: at(6), market: at(7) }
}

export interface StressChain {
  chainId: ChainId
  client: VaultClient
  /** cUSDT, cUSDC, cEURT, cXAUC (the simulator's token order). */
  tokens: Address[]
  pools: Address[]
  legs: Address[]
  stabilizer: Address
  oracle: Address
  router: Address
  flashBorrower: Address
}

const need = (chainId: ChainId, what: string, v: Address | undefined): Address => {
  if (!v)
    throw new VaultError('STRESS_NOT_LOCAL', `Chain ${chainId} of the profile has no ${what}`, {
      hints: ['`vault localnet up` deploys the whole system and writes the `local` profile.'],
    })
  return v
}

/** The chain must be an anvil node with the localnet's system deployed. */
export async function stressChain(client: VaultClient): Promise<StressChain> {
  const { chainId, deployment } = client
  await client.ready()
  const version = String(await localRpc(client, 'web3_clientVersion').catch(() => ''))
  if (!/anvil/i.test(version))
    throw new VaultError('STRESS_NOT_LOCAL', `Chain ${chainId} is not a local anvil node`, {
      details: 'vault stress mines, funds accounts and moves prices: it refuses any other node.',
      hints: ['Run it on the localnet: `vault localnet up`, then `vault stress --profile local`.'],
    })
  const pool = (name: string) => need(chainId, `pool ${name}`, deployment.pools[name])
  return {
    chainId,
    client,
    tokens: TOKEN_SYMBOLS.map((t) => need(chainId, `token ${t}`, deployment.tokens[t])),
    pools: ['cUSDT/cUSDC', 'cUSDT/cXAUC', 'cUSDC/cXAUC', 'cEURT/cXAUC'].map(pool),
    legs: ['cUSDT', 'cUSDC', 'cEURT'].map((t) => need(chainId, `private ${t} leg`, deployment.privatePools[t])),
    stabilizer: need(chainId, 'stabilizer', deployment.contracts.stabilizer),
    oracle: need(chainId, 'oracle', deployment.contracts.oracle),
    router: need(chainId, 'router', deployment.contracts.router),
    flashBorrower: need(chainId, 'flash borrower', deployment.contracts.flashBorrower),
  }
}

/** The deployer's wallet on a local chain (token owner, Safe executor). */
export function deployerWallet(c: StressChain) {
  return createWalletClient({
    account: privateKeyToAccount(LOCAL_KEYS.deployer),
    transport: http(c.client.rpcUrls[0]),
    chain: c.client.chain,
  })
}

export function localSafe(safe: Address): LocalSafe {
  return { safe, ownerKeys: LOCAL_KEYS.owners, threshold: LOCAL_SAFE_THRESHOLD }
}

/** 1e18-fixed USD price of a float (the simulator's exact path converts the same way). */
export const usdWad = (x: number) => BigInt(Math.round(x * 1e12)) * 10n ** 6n

/** The oracle's setPrices for the four tokens at these USD prices, as the Safe's call. */
export function oracleCall(c: StressChain, usd: ArrayLike<number>): { to: Address; data: Hex } {
  return {
    to: c.oracle,
    data: encodeFunctionData({
      abi: vaultOracleAbi,
      functionName: 'setPrices',
      args: [c.tokens, Array.from({ length: 4 }, (_, t) => usdWad(usd[t]))],
    }),
  }
}

export interface Funding {
  /** USD value of each token the market account and the flash borrower get. */
  marketUsd: number
  /** USD value of each token the bot gets (its inventory per token and chain). */
  botUsd: number
}

/**
 * Mints the market's, the flash borrower's and the bot's tokens, lets the router pull the market's tokens, makes
 * the keeper a keeper (a Safe transaction) and puts the oracle on the flow's starting prices. Mined before return.
 */
export async function prepareChain(
  c: StressChain,
  {
    accounts,
    safe,
    usd,
    funding,
  }: { accounts: StressAccounts; safe: Address; usd: ArrayLike<number>; funding: Funding },
): Promise<void> {
  const pub = c.client
  const deployer = deployerWallet(c)
  const owner = await pub.readContract({ address: c.stabilizer, abi: stabilizerAbi, functionName: 'owner' })
  if (owner.toLowerCase() !== safe.toLowerCase())
    throw new VaultError('STRESS_NOT_LOCAL', `The Stabilizer on ${c.chainId} is not owned by the profile's Safe`)
  await pub.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' })
  const units = (value: number, t: number) => BigInt(Math.floor(value / usd[t])) * 10n ** 6n
  const hashes: Hex[] = []
  for (let t = 0; t < 4; t++) {
    hashes.push(
      await deployer.writeContract({
        address: c.tokens[t],
        abi: vaultTokenAbi,
        functionName: 'mintBatch',
        args: [
          [accounts.market.address, c.flashBorrower, accounts.bot.address],
          [units(funding.marketUsd, t), units(funding.marketUsd, t), units(funding.botUsd, t)],
        ],
      }),
    )
  }
  const market = createWalletClient({
    account: accounts.market,
    transport: http(c.client.rpcUrls[0]),
    chain: c.client.chain,
  })
  for (const token of c.tokens)
    hashes.push(
      await market.writeContract({
        address: token,
        abi: erc20Abi,
        functionName: 'approve',
        args: [c.router, maxUint256],
      }),
    )
  for (const hash of hashes) {
    const r = await pub.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    if (r.status !== 'success')
      throw new VaultError('TX_REVERTED', `Funding the stress accounts reverted on ${c.chainId}`)
  }
  await execThroughSafe(pub, {
    wallet: deployer,
    safe: localSafe(safe),
    calls: [
      {
        to: c.stabilizer,
        data: encodeFunctionData({
          abi: stabilizerAbi,
          functionName: 'setKeeper',
          args: [accounts.keeper.address, true],
        }),
      },
      oracleCall(c, usd),
    ],
  })
  const isKeeper = await pub.readContract({
    address: c.stabilizer,
    abi: stabilizerAbi,
    functionName: 'isKeeper',
    args: [accounts.keeper.address],
  })
  if (!isKeeper)
    throw new VaultError('SAFE_TX_FAILED', `The Safe could not make the stress keeper a keeper on ${c.chainId}`)
}
