import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
  type PublicClient,
} from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { safeAbi } from '../../src/safe/abi.js'
import {
  deploySafe,
  deploySafeInfrastructure,
  predictSafeAddress,
  SAFE_141,
  SAFE_SINGLETON_FACTORY,
  safeArtifacts,
  singletonFactoryAddress,
} from '../../src/safe/deploy.js'
import { readSafeState } from '../../src/safe/state.js'
import { type Anvil, startAnvil } from '../helpers/anvil.js'
import { startRpcProxy } from '../helpers/rpc-proxy.js'

const MNEMONIC = 'test test test test test test test test test test test junk'
const [deployer, b, c, d] = [0, 1, 2, 3].map((i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }))

function clients(anvil: Anvil) {
  const chain = defineChain({
    id: anvil.chainId,
    name: `local-${anvil.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [anvil.url] } },
  })
  const publicClient = createPublicClient({ chain, transport: http(anvil.url) }) as PublicClient
  const walletClient = createWalletClient({ chain, transport: http(anvil.url), account: deployer })
  return { publicClient, walletClient }
}

describe('Safe v1.4.1 infrastructure on local chains', () => {
  const anvils: Anvil[] = []
  let deployed: Address
  beforeAll(async () => {
    anvils.push(...(await Promise.all([startAnvil(138), startAnvil(651940)])))
  })
  afterAll(async () => {
    await Promise.all(anvils.map((a) => a.stop()))
  })

  it('creation code in build/safe.json maps to the canonical addresses', () => {
    const code = safeArtifacts()
    for (const [name, address] of Object.entries(SAFE_141)) {
      expect(singletonFactoryAddress(code[name as keyof typeof SAFE_141])).toBe(getAddress(address))
    }
  })

  it('deploys the nine contracts at canonical addresses and the same 2-of-3 Safe on both chains', async () => {
    const owners: Address[] = [deployer.address, b.address, c.address]
    const results = await Promise.all(
      anvils.map(async (anvil) => {
        const deps = clients(anvil)
        const contracts = await deploySafeInfrastructure(deps.publicClient, deps.walletClient)
        const codes = await Promise.all(
          [SAFE_SINGLETON_FACTORY, ...Object.values(SAFE_141)].map((address) => deps.publicClient.getCode({ address })),
        )
        const predicted = await predictSafeAddress(deps.publicClient, { owners, threshold: 2, saltNonce: 7n })
        const safe = await deploySafe(deps.publicClient, {
          wallet: deps.walletClient,
          owners,
          threshold: 2,
          saltNonce: 7n,
        })
        const [gotOwners, threshold, version] = await Promise.all([
          deps.publicClient.readContract({ address: safe, abi: safeAbi, functionName: 'getOwners' }),
          deps.publicClient.readContract({ address: safe, abi: safeAbi, functionName: 'getThreshold' }),
          deps.publicClient.readContract({ address: safe, abi: safeAbi, functionName: 'VERSION' }),
        ])
        // Second calls are no-ops: no new transactions.
        const before = await deps.publicClient.getTransactionCount({ address: deployer.address })
        const again = await deploySafeInfrastructure(deps.publicClient, deps.walletClient)
        const safeAgain = await deploySafe(deps.publicClient, {
          wallet: deps.walletClient,
          owners,
          threshold: 2,
          saltNonce: 7n,
        })
        const after = await deps.publicClient.getTransactionCount({ address: deployer.address })
        return { contracts, codes, predicted, safe, gotOwners, threshold, version, again, safeAgain, before, after }
      }),
    )
    for (const r of results) {
      expect(r.contracts).toEqual(SAFE_141)
      for (const code of r.codes) expect(code && code.length > 2).toBe(true)
      expect(r.safe).toBe(r.predicted)
      expect(r.gotOwners).toEqual(owners)
      expect(r.threshold).toBe(2n)
      expect(r.version).toBe('1.4.1')
      expect(r.again).toEqual(SAFE_141)
      expect(r.safeAgain).toBe(r.safe)
      expect(r.after).toBe(r.before)
    }
    expect(results[0].safe).toBe(results[1].safe)
    // A different salt nonce or owner set gives a different address.
    const other = await predictSafeAddress(clients(anvils[0]).publicClient, {
      owners: [deployer.address, b.address, d.address],
      threshold: 2,
      saltNonce: 7n,
    })
    expect(other).not.toBe(results[0].safe)
    deployed = results[0].safe
  })

  it('reads a Safe; code that is not a Safe is SAFE_NOT_FOUND; a read the RPC refuses is RPC_READ_FAILED (exit 4)', async () => {
    const { publicClient } = clients(anvils[0])
    expect((await readSafeState(publicClient, deployed)).threshold).toBe(2n)
    // MultiSend has code but none of the Safe's functions: the node ran the calls and they reverted
    await expect(readSafeState(publicClient, SAFE_141.MultiSend)).rejects.toMatchObject({ code: 'SAFE_NOT_FOUND' })
    // the same Safe through a node that rate-limits its calls: a read failure, not "not a Safe"
    const proxy = await startRpcProxy(anvils[0].url)
    try {
      proxy.inject({ kind: 'rpc-error', code: -32005, match: (c) => c.method === 'eth_call' })
      const limited = createPublicClient({ transport: http(proxy.url, { retryCount: 0 }) })
      await expect(readSafeState(limited, deployed)).rejects.toMatchObject({ code: 'RPC_READ_FAILED' })
    } finally {
      await proxy.close()
    }
  })
})
