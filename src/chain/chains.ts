import { defineChain } from 'viem'
import type { ChainId } from '../config/schema.js'

export const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11' as const

/** DeFi Oracle Meta Mainnet. */
export const chain138 = defineChain({
  id: 138,
  name: 'DeFi Oracle Meta Mainnet',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: ['https://rpc-http-pub.d-bis.org'] } },
  blockExplorers: { default: { name: 'Explorer', url: 'https://explorer.d-bis.org' } },
  contracts: { multicall3: { address: MULTICALL3 } },
})

/** Alltra network; its RPC URL comes from config or VAULT_ALLTRA_RPC_URL. */
export const chainAlltra = defineChain({
  id: 651940,
  name: 'Alltra',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [] } },
  contracts: { multicall3: { address: MULTICALL3 } },
})

export const CHAINS = { 138: chain138, 651940: chainAlltra } as const
export const chainName = (id: ChainId) => (id === 138 ? 'chain 138' : 'Alltra (651940)')
