import { type Address, erc20Abi } from 'viem'
import type { VaultClient } from '../chain/client.js'
import { readContracts, resultOf } from '../chain/read.js'
import { readOracle } from '../oracle/read.js'
import { poolAddresses, readPools } from '../pools/read.js'

/** The system part of `vault status` for one chain: oracle age, each pool's deviation, the stabilizer's inventory. */
export interface SystemStatus {
  oracle?: { oracle: Address; oldestAgeSec?: bigint; maxOracleAge: bigint; stale: boolean }
  /** Spot mid price vs the oracle peg at the head (the TWAP rule is `vault deviation`). */
  pools: { pair: string; kind: 'public' | 'private'; address: Address; deviationBps?: bigint }[]
  /** The stabilizer's token balances (base units) and their USD value (1e18) where the oracle prices them. */
  inventory: { token: string; amount: bigint; decimals: number; usd?: bigint }[]
}

/** Read what the profile configures; a part whose contract is not configured is left out. */
export async function systemStatus(
  client: VaultClient,
  { maxOracleAge }: { maxOracleAge: bigint },
): Promise<SystemStatus> {
  const out: SystemStatus = { pools: [], inventory: [] }
  const { oracle, stabilizer } = client.deployment.contracts
  const [priced, pools] = await Promise.all([
    oracle ? readOracle(client, { maxOracleAge }) : undefined,
    readPools(client, { addresses: await poolAddresses(client) }).then((r) => r.pools),
  ])
  if (priced) {
    const ages = priced.prices.flatMap((p) => (p.ageSec === undefined ? [] : [p.ageSec]))
    out.oracle = {
      oracle: priced.oracle,
      oldestAgeSec: ages.length ? ages.reduce((a, b) => (b > a ? b : a)) : undefined,
      maxOracleAge,
      stale: !priced.ok,
    }
  }
  out.pools = pools.map((p) => ({
    pair: p.pair,
    kind: p.isPrivate ? 'private' : 'public',
    address: p.address,
    deviationBps: p.deviationBps,
  }))
  if (stabilizer) {
    const tokens = Object.entries(client.deployment.tokens)
    const res = await Promise.all(
      tokens.map(([, address]) =>
        readContracts(client, [
          { address, abi: erc20Abi, functionName: 'balanceOf', args: [stabilizer] },
          { address, abi: erc20Abi, functionName: 'decimals' },
        ]),
      ),
    )
    out.inventory = tokens.map(([token, address], n) => {
      const amount = resultOf(res[n][0]) ?? 0n
      const decimals = resultOf(res[n][1]) ?? 18
      const price = priced?.prices.find((p) => p.address.toLowerCase() === address.toLowerCase())?.price
      return { token, amount, decimals, ...(price ? { usd: (amount * price) / 10n ** BigInt(decimals) } : {}) }
    })
  }
  return out
}
