import { type Address, encodeAbiParameters } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flashBorrowerAbi, flashLiquidityAbi, vaultTokenAbi } from '../../src/chain/abi/generated.js'
import { type Chain, deploy, expectRevert, startChain, write } from './helpers.js'

const UNIT = 10n ** 6n
const OWNER = 1

describe('FlashLiquidity (bucket C): ERC-3156 lending of capital set aside for flash loans', () => {
  let chain: Chain
  let token: Address
  let lender: Address
  let borrower: Address
  const balance = (who: Address) =>
    chain.publicClient.readContract({ address: token, abi: vaultTokenAbi, functionName: 'balanceOf', args: [who] })
  /** Straight to the lender (its ABI decodes its errors), with the borrower as receiver. */
  const lend = (amount: bigint, repay: bigint) =>
    write(chain, {
      address: lender,
      abi: flashLiquidityAbi,
      functionName: 'flashLoan',
      args: [borrower, token, amount, encodeAbiParameters([{ type: 'uint256' }], [repay])],
    })
  const borrow = (amount: bigint, repay: bigint) =>
    write(chain, {
      address: borrower,
      abi: flashBorrowerAbi,
      functionName: 'flash3156',
      args: [lender, token, amount, repay],
    })

  beforeAll(async () => {
    chain = await startChain()
    token = await deploy(chain, 'VaultToken', ['Compliant USDT', 'cUSDT'])
    lender = await deploy(chain, 'FlashLiquidity', [chain.addresses[OWNER], 9n])
    borrower = await deploy(chain, 'FlashBorrower')
    await write(chain, {
      address: token,
      abi: vaultTokenAbi,
      functionName: 'mintBatch',
      args: [
        [lender, borrower],
        [1_000_000n * UNIT, 1_000n * UNIT],
      ],
    })
  })
  afterAll(async () => {
    await chain?.anvil.stop()
  })

  it('lends up to its balance and takes back amount + fee in the same transaction', async () => {
    const fee = (500_000n * UNIT * 9n) / 10_000n
    expect(
      await chain.publicClient.readContract({
        address: lender,
        abi: flashLiquidityAbi,
        functionName: 'flashFee',
        args: [token, 500_000n * UNIT],
      }),
    ).toBe(fee)
    await borrow(500_000n * UNIT, 500_000n * UNIT + fee)
    expect(await balance(lender)).toBe(1_000_000n * UNIT + fee)
    expect(await balance(borrower)).toBe(1_000n * UNIT - fee)
  })

  it('refuses more than it holds, a short repayment, a fee above 1%, and strangers', async () => {
    const held = await balance(lender)
    await expectRevert(() => lend(held + 1n, held + 1n), 'NotEnoughLiquidity')
    await expectRevert(() => lend(1_000n * UNIT, 1_000n * UNIT), 'TransferFailed') // fee not approved
    await expectRevert(
      () =>
        write(chain, { address: lender, abi: flashLiquidityAbi, functionName: 'setFee', args: [101n], from: OWNER }),
      'FeeTooHigh',
    )
    await expectRevert(
      () =>
        write(chain, {
          address: lender,
          abi: flashLiquidityAbi,
          functionName: 'withdraw',
          args: [token, chain.addresses[2], 1n],
          from: 2,
        }),
      'NotAuthorized',
    )
    expect(await balance(lender)).toBe(held)
  })

  it('the owner withdraws', async () => {
    const held = await balance(lender)
    await write(chain, {
      address: lender,
      abi: flashLiquidityAbi,
      functionName: 'withdraw',
      args: [token, chain.addresses[2], 10n * UNIT],
      from: OWNER,
    })
    expect(await balance(lender)).toBe(held - 10n * UNIT)
  })
})
