// VaultOracle's sanity rules: no price of 0, no move beyond maxMoveBps in one update, the bound the owner's.
import { type Address, decodeEventLog, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { vaultOracleAbi } from '../../src/chain/abi/generated.js'
import { type Chain, deploy, expectRevert, startChain, write } from './helpers.js'

const OWNER = 1
const OUTSIDER = 3
const WAD = 10n ** 18n
const TOKEN = '0x00000000000000000000000000000000000000a1' as Address
const OTHER = '0x00000000000000000000000000000000000000a2' as Address

describe('VaultOracle sanity bounds', () => {
  let chain: Chain
  let oracle: Address
  const send = (functionName: string, args: readonly unknown[], from = OWNER) =>
    write(chain, { address: oracle, abi: vaultOracleAbi, functionName, args, from })
  const price = async (token: Address) =>
    (
      await chain.publicClient.readContract({
        address: oracle,
        abi: vaultOracleAbi,
        functionName: 'getPrice',
        args: [token],
      })
    )[0]
  const eventsOf = async (hash: Hex) =>
    (await chain.publicClient.getTransactionReceipt({ hash })).logs.map((l) =>
      decodeEventLog({ abi: vaultOracleAbi, ...l }),
    )

  beforeAll(async () => {
    chain = await startChain(138)
    oracle = await deploy(chain, 'VaultOracle', [chain.addresses[OWNER]])
  })
  afterAll(async () => {
    await chain.anvil.stop()
  })

  it('starts with a 10% bound and refuses a price of 0, even as a first price', async () => {
    expect(
      await chain.publicClient.readContract({ address: oracle, abi: vaultOracleAbi, functionName: 'maxMoveBps' }),
    ).toBe(1000n)
    await expectRevert(() => send('setPrice', [TOKEN, 0n]), 'ZeroPrice')
    await expectRevert(
      () =>
        send('setPrices', [
          [TOKEN, OTHER],
          [WAD, 0n],
        ]),
      'ZeroPrice',
    )
    await expectRevert(() => price(TOKEN), 'PriceNotSet') // the batch changed nothing
  })

  it('a first price is free; later moves up to the bound pass and beyond it revert', async () => {
    await send('setPrice', [TOKEN, 2650n * WAD])
    await send('setPrice', [TOKEN, 2915n * WAD]) // +10.0% exactly
    await expectRevert(() => send('setPrice', [TOKEN, 3207n * WAD]), 'PriceMoveTooLarge') // +10.02%
    await expectRevert(() => send('setPrice', [TOKEN, 2623n * WAD]), 'PriceMoveTooLarge') // −10.02%
    await send('setPrice', [TOKEN, 2624n * WAD]) // −9.98%
    expect(await price(TOKEN)).toBe(2624n * WAD)
  })

  it('only the owner sets the bound, within 1..1,000,000 bps, with an event; a raised bound allows the move', async () => {
    await expectRevert(() => send('setMaxMoveBps', [5000n], OUTSIDER), 'NotAuthorized')
    await expectRevert(() => send('setMaxMoveBps', [0n]), 'InvalidMaxMove')
    await expectRevert(() => send('setMaxMoveBps', [1_000_001n]), 'InvalidMaxMove')
    const events = await eventsOf(await send('setMaxMoveBps', [5000n]))
    expect(events.map((e) => [e.eventName, e.args])).toEqual([['MaxMoveUpdated', { maxMoveBps: 5000n }]])
    await send('setPrice', [TOKEN, 3900n * WAD]) // +48.6%
    expect(await price(TOKEN)).toBe(3900n * WAD)
  })
})
