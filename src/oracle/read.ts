import { type Address, erc20Abi } from 'viem'
import { vaultOracleAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts, readEach, resultOf, rethrowRead } from '../chain/read.js'
import { requireContract } from '../config/context.js'
import type { ChainDeployment, ChainId } from '../config/schema.js'

/** Each token's decimals, and its oracle price where the chain has an oracle: two batched reads side by side. */
export function readDecimalsAndPrices(client: VaultClient, tokens: readonly Address[]) {
  const { oracle } = client.deployment.contracts
  return Promise.all([
    readContracts(
      client,
      tokens.map((address) => ({ address, abi: erc20Abi, functionName: 'decimals' as const })),
    ),
    oracle ? readOraclePrices(client, { oracle, tokens }) : undefined,
  ])
}

/** The oracle's `getPrice` of each token (price, updatedAt), in one batched read. */
export function readOraclePrices(
  client: VaultClient,
  { oracle, tokens, blockNumber }: { oracle: Address; tokens: readonly Address[]; blockNumber?: bigint },
) {
  const each = tokens.map((t) => [t] as const)
  return readEach(client, { address: oracle, abi: vaultOracleAbi, functionName: 'getPrice', each, blockNumber })
}

/** One token's oracle price, judged against maxOracleAge at the chain's latest block time. */
export interface OraclePrice {
  token: string
  address: Address
  /** USD per whole token, 1e18 fixed point; absent when the oracle has no price for it. */
  price?: bigint
  /** Unix seconds of the last update (absent when unset). */
  updatedAt?: bigint
  /** Seconds since the update, at the latest block's timestamp (the Stabilizer's clock, not this machine's). */
  ageSec?: bigint
  verdict: 'fresh' | 'stale' | 'unset'
}

export interface OracleChain {
  chainId: ChainId
  oracle: Address
  block: bigint
  /** The latest block's timestamp, unix seconds. */
  blockTime: bigint
  maxOracleAge: bigint
  prices: OraclePrice[]
  /** Every token has a price no older than maxOracleAge. */
  ok: boolean
}

/** JSON of `vault oracle show`. */
export interface OracleShowResult {
  maxOracleAge: bigint
  chains: OracleChain[]
  /** Any price stale or unset (exit 2). */
  stale: boolean
}

export const oracleOf = (chain: ChainDeployment) => requireContract(chain, 'oracle', 'oracle')

/** Every profile token's price on one chain, with the block's timestamp, in one batched read at one block. */
export async function readOracle(
  client: VaultClient,
  { maxOracleAge }: { maxOracleAge: bigint },
): Promise<OracleChain> {
  const oracle = oracleOf(client)
  await client.ready()
  const { number: block, timestamp: blockTime } = await client
    .getBlock({ blockTag: 'latest' })
    .catch((e) => rethrowRead(client, e))
  const tokens = Object.entries(client.deployment.tokens)
  const res = await readOraclePrices(client, {
    oracle,
    tokens: tokens.map(([, address]) => address),
    blockNumber: block,
  })
  const prices = tokens.map(([token, address], n): OraclePrice => {
    const got = resultOf(res[n])
    if (!got || got[1] === 0n) return { token, address, verdict: 'unset' }
    const [price, updatedAt] = got
    const ageSec = blockTime > updatedAt ? blockTime - updatedAt : 0n
    return { token, address, price, updatedAt, ageSec, verdict: ageSec > maxOracleAge ? 'stale' : 'fresh' }
  })
  return {
    chainId: client.chainId,
    oracle,
    block,
    blockTime,
    maxOracleAge,
    prices,
    ok: prices.every((p) => p.verdict === 'fresh'),
  }
}

/** `vault oracle show`: every given chain in parallel. */
export async function oracleShow(
  clients: VaultClient[],
  { maxOracleAge }: { maxOracleAge: bigint },
): Promise<OracleShowResult> {
  const chains = await Promise.all(clients.map((client) => readOracle(client, { maxOracleAge })))
  return { maxOracleAge, chains, stale: chains.some((c) => !c.ok) }
}
