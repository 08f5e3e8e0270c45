import { type Address, decodeEventLog, toFunctionSelector, zeroAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { vaultOracleAbi } from '../../src/chain/abi/generated.js'
import { type Chain, deploy, expectRevert, startChain, write } from './helpers.js'

// VaultOwnable through its simplest user (the oracle): accounts 0 = owner, 1 = the intended successor, 2 = anyone.
const OWNER = 0
const NEXT = 1
const OTHER = 2

describe('two-step ownership (VaultOwnable)', () => {
  let chain: Chain
  let oracle: Address
  const O = () => ({ address: oracle, abi: vaultOracleAbi })
  const read = (functionName: 'owner' | 'pendingOwner') =>
    chain.publicClient.readContract({ ...O(), functionName }) as Promise<Address>
  const events = async (hash: `0x${string}`) =>
    (await chain.publicClient.getTransactionReceipt({ hash })).logs.map((l) =>
      decodeEventLog({ abi: vaultOracleAbi, ...l }),
    )

  beforeAll(async () => {
    chain = await startChain(138)
  })
  afterAll(async () => {
    await chain.anvil.stop()
  })

  it('refuses a zero initial owner', async () => {
    // a reverted constructor is not decoded by name: match the custom error's selector
    await expectRevert(() => deploy(chain, 'VaultOracle', [zeroAddress]), toFunctionSelector('ZeroAddress()'))
  })

  it('names a successor without handing over; only the successor completes it; events for both steps', async () => {
    oracle = await deploy(chain, 'VaultOracle', [chain.addresses[OWNER]])
    const [owner, next, other] = [OWNER, NEXT, OTHER].map((n) => chain.addresses[n] as Address)

    // only the owner may name a successor, and never the zero address
    await expectRevert(
      () => write(chain, { ...O(), functionName: 'transferOwnership', args: [other], from: NEXT }),
      'NotAuthorized',
    )
    await expectRevert(
      () => write(chain, { ...O(), functionName: 'transferOwnership', args: [zeroAddress] }),
      'ZeroAddress',
    )
    // nobody can claim while no hand-over is under way
    await expectRevert(() => write(chain, { ...O(), functionName: 'claimOwnership', from: NEXT }), 'NotPendingOwner')

    const prepared = await write(chain, { ...O(), functionName: 'transferOwnership', args: [next] })
    expect(await events(prepared)).toEqual([
      { eventName: 'OwnershipTransferPrepared', args: { previousOwner: owner, newOwner: next } },
    ])
    expect([await read('owner'), await read('pendingOwner')]).toEqual([owner, next])
    // the named successor is not the owner yet: owner-only calls still refuse it and still accept the owner
    await expectRevert(
      () => write(chain, { ...O(), functionName: 'setPrice', args: [other, 1n], from: NEXT }),
      'NotAuthorized',
    )
    await write(chain, { ...O(), functionName: 'setPrice', args: [other, 1n] })
    // neither the owner nor anyone else can claim for the successor
    await expectRevert(() => write(chain, { ...O(), functionName: 'claimOwnership', from: OTHER }), 'NotPendingOwner')
    await expectRevert(() => write(chain, { ...O(), functionName: 'claimOwnership', from: OWNER }), 'NotPendingOwner')

    const claimed = await write(chain, { ...O(), functionName: 'claimOwnership', from: NEXT })
    expect(await events(claimed)).toEqual([
      { eventName: 'OwnershipTransferred', args: { previousOwner: owner, newOwner: next } },
    ])
    expect([await read('owner'), await read('pendingOwner')]).toEqual([next, zeroAddress])
    // the old owner has lost control, and the claim cannot be repeated
    await expectRevert(
      () => write(chain, { ...O(), functionName: 'setPrice', args: [other, 2n], from: OWNER }),
      'NotAuthorized',
    )
    await expectRevert(
      () => write(chain, { ...O(), functionName: 'transferOwnership', args: [owner], from: OWNER }),
      'NotAuthorized',
    )
    await expectRevert(() => write(chain, { ...O(), functionName: 'claimOwnership', from: NEXT }), 'NotPendingOwner')
  })

  it('a hand-over to a wrong address never completes: the owner names another successor and the first is refused', async () => {
    oracle = await deploy(chain, 'VaultOracle', [chain.addresses[OWNER]])
    const [owner, next, other] = [OWNER, NEXT, OTHER].map((n) => chain.addresses[n] as Address)
    await write(chain, { ...O(), functionName: 'transferOwnership', args: [other] }) // the mistake
    await write(chain, { ...O(), functionName: 'transferOwnership', args: [next] }) // corrected
    expect([await read('owner'), await read('pendingOwner')]).toEqual([owner, next])
    await expectRevert(() => write(chain, { ...O(), functionName: 'claimOwnership', from: OTHER }), 'NotPendingOwner')
    await write(chain, { ...O(), functionName: 'claimOwnership', from: NEXT })
    expect(await read('owner')).toBe(next)
  })
})
