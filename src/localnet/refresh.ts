// Keeping a local network's oracle fresh. A localnet uses a realistic maxOracleAge (the profile's, one hour by
// default), and its chains' clocks follow this machine's: left running, every price ages past it and the
// Stabilizer refuses to act. The local Safe owns the oracle and its owner keys are the localnet's, so the
// localnet re-posts each price unchanged (updatedAt = the block's time) through the Safe once it is half as old as
// maxOracleAge. `vault localnet refresh` does it on demand; the demo runs it when it starts.
import { type Address, createWalletClient, encodeFunctionData, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { vaultOracleAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { readOracle } from '../oracle/read.js'
import { execThroughSafe } from './claim.js'
import { LOCAL_KEYS, LOCAL_SAFE_THRESHOLD } from './up.js'

export interface OracleRefresh {
  chainId: ChainId
  /** Oldest price age before the refresh, seconds (at the latest block's time). */
  oldestAgeSec: bigint
  /** Tokens re-posted (empty: every price was younger than half of maxOracleAge). */
  refreshed: string[]
  txHash?: Hex
}

/** JSON of `vault localnet refresh`. */
export interface LocalnetRefreshResult {
  maxOracleAge: bigint
  chains: OracleRefresh[]
}

/** Only an anvil chain: the refresh signs with the localnet's well-known Safe owner keys. */
async function requireAnvil(client: VaultClient) {
  const version = await client.request({ method: 'web3_clientVersion' } as never).catch(() => '')
  if (!String(version).toLowerCase().startsWith('anvil')) {
    throw new VaultError('LOCALNET_ONLY', `Chain ${client.chainId} is not a local anvil chain: nothing was sent`, {
      hints: ['`vault localnet refresh` is for `vault localnet up` chains; elsewhere use `vault oracle set --safe`.'],
    })
  }
}

/** Re-post, through the local Safe, every price at least half as old as maxOracleAge (every price with `force`). */
export async function refreshLocalOracle(
  clients: VaultClient[],
  opts: { safe: Address; maxOracleAge: bigint; force?: boolean },
): Promise<LocalnetRefreshResult> {
  for (const c of clients) await requireAnvil(c)
  const chains: OracleRefresh[] = []
  for (const client of clients) {
    const o = await readOracle(client, opts)
    const due = o.prices.filter(
      (p) => p.price !== undefined && (opts.force || (p.ageSec ?? 0n) * 2n >= opts.maxOracleAge),
    )
    const oldestAgeSec = o.prices.reduce((m, p) => ((p.ageSec ?? 0n) > m ? (p.ageSec ?? 0n) : m), 0n)
    if (!due.length) {
      chains.push({ chainId: client.chainId, oldestAgeSec, refreshed: [] })
      continue
    }
    const data = encodeFunctionData({
      abi: vaultOracleAbi,
      functionName: 'setPrices',
      args: [due.map((p) => p.address), due.map((p) => p.price as bigint)],
    })
    const wallet = createWalletClient({
      account: privateKeyToAccount(LOCAL_KEYS.deployer),
      transport: http(client.rpcUrls[0]),
    })
    const txHash = await execThroughSafe(client, {
      wallet,
      safe: { safe: opts.safe, ownerKeys: LOCAL_KEYS.owners, threshold: LOCAL_SAFE_THRESHOLD },
      calls: [{ to: o.oracle, data }],
    })
    // a Safe whose inner call fails does not revert (ExecutionFailure): read the effect back
    const after = await readOracle(client, opts)
    const old = after.prices.filter(
      (p) => due.some((d) => d.token === p.token) && (p.ageSec ?? 0n) * 2n >= opts.maxOracleAge,
    )
    if (old.length && !opts.force) {
      throw new VaultError(
        'ORACLE_REFRESH_FAILED',
        `Prices on chain ${client.chainId} are still old after the re-post`,
        {
          details: `${old.map((p) => p.token).join(', ')}; Safe transaction ${txHash}`,
        },
      )
    }
    chains.push({ chainId: client.chainId, oldestAgeSec, refreshed: due.map((p) => p.token), txHash })
  }
  return { maxOracleAge: opts.maxOracleAge, chains }
}
