import type { Address, Hex } from 'viem'
import type { Context } from '../config/context.js'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import type { TxOptions } from '../tx/call.js'

export interface DeployedSafe {
  address: Address
  chains: { chainId: ChainId; address: Address; transactions: Hex[] }[]
  owners: Address[]
  threshold: number
  saltNonce: bigint
}

/**
 * `safe deploy` on several chains: the Safe contracts where missing (local chains), then the same Safe on each,
 * sent with the sender's options (`tx`; with a nonce, each chain's first transaction takes it).
 */
export async function deploySafeOnChains(
  ctx: Context,
  {
    chains,
    key,
    ...opts
  }: {
    chains: ChainId[]
    /** The deployer's key (pays the gas; owns nothing). */
    key: Hex
    owners: Address[]
    threshold: number
    saltNonce: bigint
    tx?: TxOptions
    onStep?: (line: string) => void
  },
): Promise<DeployedSafe> {
  const { deploySafe, deploySafeInfrastructure, safeSetupData } = await import('./deploy.js')
  safeSetupData({ owners: opts.owners, threshold: opts.threshold, saltNonce: opts.saltNonce })
  const out: DeployedSafe['chains'] = []
  for (const chainId of chains) {
    const client = await ctx.client(chainId)
    await client.ready()
    const wallet = client.wallet(key)
    const send = { tx: opts.tx, sent: [] as Hex[] }
    opts.onStep?.(`chain ${chainId}: Safe v1.4.1 contracts`)
    await deploySafeInfrastructure(client, wallet, send)
    const setup = { owners: opts.owners, threshold: opts.threshold, saltNonce: opts.saltNonce }
    const address = await deploySafe(client, { wallet, ...setup, send })
    opts.onStep?.(`chain ${chainId}: Safe ${address}`)
    out.push({ chainId, address, transactions: send.sent })
  }
  const addresses = new Set(out.map((x) => x.address))
  if (addresses.size > 1) {
    throw new VaultError('SAFE_ADDRESS_DIFFERS', 'The Safe got different addresses on the chains', {
      details: out.map((x) => `${x.chainId}: ${x.address}`).join(', '),
    })
  }
  return {
    address: out[0].address,
    chains: out,
    owners: opts.owners,
    threshold: opts.threshold,
    saltNonce: opts.saltNonce,
  }
}
