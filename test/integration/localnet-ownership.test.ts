import { type Address, createPublicClient, http, parseAbi, zeroAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const ownable = parseAbi(['function owner() view returns (address)', 'function pendingOwner() view returns (address)'])
const OWNED = ['oracle', 'integration', 'bridgeReserve', 'stabilizer', 'flashLiquidity'] as const

describe('the localnet hands its contracts to the Safe in two steps', () => {
  let net: TestLocalnet
  let profile: { safe: { address: Address }; chains: Record<string, { contracts: Record<string, Address> }> }

  beforeAll(async () => {
    net = await sharedLocalnet()
    profile = await net.profile()
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('on both chains the Safe has claimed every owned contract: it is the owner and nothing is pending', async () => {
    for (const [key, port] of Object.entries(net.ports)) {
      const client = createPublicClient({ transport: http(`http://127.0.0.1:${port}`) })
      const contracts = profile.chains[key]?.contracts ?? {}
      for (const name of OWNED) {
        const address = contracts[name] as Address
        expect(address, `${name} on ${key}`).toMatch(/^0x[0-9a-fA-F]{40}$/)
        const [owner, pending] = await Promise.all([
          client.readContract({ address, abi: ownable, functionName: 'owner' }),
          client.readContract({ address, abi: ownable, functionName: 'pendingOwner' }),
        ])
        expect([name, key, owner, pending]).toEqual([name, key, profile.safe.address, zeroAddress])
      }
    }
  })
})
