import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { vaultPMMPoolAbi } from '../../src/chain/abi/generated.js'
import { pegPrice } from '../../src/core/deviation/price.js'
import { LOCALNET_ORACLE_PRICES, PUBLIC_POOL_NAMES } from '../../src/core/registry.js'
import type { SystemAddresses } from '../../src/localnet/deploy.js'
import { type Chain, deploySystemTo, startChain } from './helpers.js'

describe('deploySystem', () => {
  const chains: Chain[] = []
  const results: SystemAddresses[] = []

  beforeAll(async () => {
    chains.push(...(await Promise.all([startChain(138), startChain(651940), startChain(138)])))
    const ids = [138, 651940, 138] as const
    for (const [n, chain] of chains.entries()) {
      const t = Date.now()
      results.push(await deploySystemTo(chain, 1, { chainId: ids[n] as 138 | 651940 }))
      console.error(`deploySystem on ${ids[n]}: ${Date.now() - t} ms`)
    }
  })

  afterAll(async () => {
    await Promise.all(chains.map((c) => c.anvil.stop()))
  })

  it('gives the same addresses on 138, 651940 and a second fresh 138', () => {
    const strip = ({ chainId: _c, ...rest }: SystemAddresses) => rest
    expect(strip(results[1] as SystemAddresses)).toEqual(strip(results[0] as SystemAddresses))
    expect(results[2]).toEqual(results[0])
    expect(Object.keys(results[0]?.pools ?? {})).toEqual([...PUBLIC_POOL_NAMES])
  })

  it('seeds every public and private pool at its oracle peg within 1 bp', async () => {
    const chain = chains[0] as Chain
    const sys = results[0] as SystemAddresses
    const entries = [
      ...PUBLIC_POOL_NAMES.map((name) => [name, sys.pools[name]] as const),
      ...(['cUSDT', 'cUSDC', 'cEURT'] as const).map((s) => [`${s}/cXAUC`, sys.privatePools[s]] as const),
    ]
    const mids = await Promise.all(
      entries.map(([, address]) =>
        chain.publicClient.readContract({
          address: address as `0x${string}`,
          abi: vaultPMMPoolAbi,
          functionName: 'getMidPrice',
        }),
      ),
    )
    for (const [n, [name]] of entries.entries()) {
      const [base, quote] = name.split('/') as [
        keyof typeof LOCALNET_ORACLE_PRICES,
        keyof typeof LOCALNET_ORACLE_PRICES,
      ]
      const peg = pegPrice({
        baseUsd: LOCALNET_ORACLE_PRICES[base],
        quoteUsd: LOCALNET_ORACLE_PRICES[quote],
        baseDecimals: 6,
        quoteDecimals: 6,
      })
      const mid = mids[n] as bigint
      const diff = mid > peg ? mid - peg : peg - mid
      expect(diff * 10_000n, `${name}: mid ${mid} vs peg ${peg}`).toBeLessThanOrEqual(peg)
    }
  })
})
