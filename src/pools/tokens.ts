import { type Address, erc20Abi } from 'viem'
import type { VaultClient } from '../chain/client.js'
import { readContracts, rethrowRead } from '../chain/read.js'
import { VaultError } from '../core/errors.js'
import type { TokenInfo } from './read.js'

/** `sym|address` → token; exit 3 for an unknown symbol or an address without ERC-20 code. */
export async function resolveToken(client: VaultClient, { token: ref }: { token: string }): Promise<TokenInfo> {
  const { deployment } = client
  let address: Address | undefined
  if (/^0x[0-9a-fA-F]{40}$/.test(ref)) address = ref as Address
  else {
    const hit = Object.entries(deployment.tokens).find(([sym]) => sym.toLowerCase() === ref.toLowerCase())
    if (!hit) {
      throw new VaultError('TOKEN_UNKNOWN', `Unknown token "${ref}" on chain ${client.chainId}`, {
        hints: [
          `Known symbols: ${Object.keys(deployment.tokens).join(', ') || 'none'}`,
          'Pass a token address, or add it with `vault config set chains.<id>.tokens.<SYM> <address>`.',
        ],
      })
    }
    address = hit[1]
  }
  const [code, [sym, dec]] = await Promise.all([
    client
      .ready()
      .then(() => client.getCode({ address }))
      .catch((e) => rethrowRead(client, e)),
    readContracts(client, [
      { address, abi: erc20Abi, functionName: 'symbol' },
      { address, abi: erc20Abi, functionName: 'decimals' },
    ]),
  ])
  if (!code || code === '0x') {
    throw new VaultError('TOKEN_NO_CODE', `Token ${ref} has no code at ${address} on chain ${client.chainId}`)
  }
  if (sym.status !== 'success' || dec.status !== 'success') {
    throw new VaultError('TOKEN_NOT_ERC20', `${address} does not answer symbol()/decimals() as an ERC-20`)
  }
  return { address, symbol: sym.result, decimals: dec.result }
}
