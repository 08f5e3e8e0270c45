import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  http,
  parseAbi,
  parseUnits,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BridgeArbResult } from '../../src/commands/bridge/arb.js'
import type { BridgeCheckResult } from '../../src/commands/bridge/check.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { type LocalProfile, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const poolAbi = parseAbi(['function sellBase(address to) returns (uint256)'])
const PAIR = 'cUSDT/cUSDC'

describe('vault bridge arb: the parity bot closes a spread opened on 138', () => {
  let net: TestLocalnet
  let profile: LocalProfile
  beforeAll(async () => {
    net = await sharedLocalnet()
    profile = await net.profile()
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('trades both chains from its inventory so the spread lands under 15 bps within two blocks', async () => {
    const c138 = profile.chains['138']
    const url = c138.rpcUrls[0]
    const market = createWalletClient({ account: privateKeyToAccount(LOCAL_KEYS.deployer), transport: http(url) })
    const pub = createPublicClient({ transport: http(url) })
    const pool = c138.pools[PAIR] as Address
    /** Sells 20,000 cUSDT into the 138 pool; the block of the sale (from its receipt: viem caches block numbers). */
    const sell20k = async () => {
      let block = 0n
      for (const [to, data] of [
        [
          c138.tokens.cUSDT,
          encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool, parseUnits('20000', 6)] }),
        ],
        [pool, encodeFunctionData({ abi: poolAbi, functionName: 'sellBase', args: [market.account.address] })],
      ] as const) {
        const receipt = await pub.waitForTransactionReceipt({
          hash: await market.sendTransaction({ chain: null, to, data }),
          pollingInterval: 50,
        })
        expect(receipt.status).toBe('success')
        block = receipt.blockNumber
      }
      return block
    }
    const check = async () => {
      const r = await net.run(['bridge', 'check', '--json'])
      const spread = r.json<BridgeCheckResult>().spreads.find((s) => s.pair === PAIR)
      if (!spread?.price138) throw new Error(`no ${PAIR} spread in ${r.stdout}`)
      return { code: r.code, spread, bps: BigInt(spread.spreadBps ?? 0) }
    }

    // Open the spread from whatever state the chains are in (not assumed in band): sell on 138 until 138 is the
    // cheaper side by at least the 15 bps target; every sale must move 138's price down.
    let before = await check()
    let shock = 0n
    for (let n = 0; n < 4 && !(before.spread.cheaperOn === '138' && before.bps >= 15n); n++) {
      const price = BigInt(before.spread.price138!)
      shock = await sell20k()
      before = await check()
      expect(BigInt(before.spread.price138!)).toBeLessThan(price)
    }
    expect(shock).toBeGreaterThan(0n)
    expect(before.code).toBe(2)
    expect(before.spread.cheaperOn).toBe('138')
    expect(before.bps).toBeGreaterThanOrEqual(15n)

    // the bot's key holds both tokens on both chains (the deployer's, on the localnet)
    const arb = await net.run(['bridge', 'arb', '--once', '--pair', PAIR, '--json'], {
      VAULT_PRIVATE_KEY: LOCAL_KEYS.deployer,
    })
    expect(arb.code, arb.stderr).toBe(0)
    const summary = arb.json<BridgeArbResult>()
    expect(summary.trades).toBe(2)
    expect(summary.failures).toBe(0)
    const events = arb.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
    const executed = events.filter((e) => e.kind === 'executed' && e.pair === PAIR)
    expect(executed.map((e) => e.chainId).sort()).toEqual([138, 651940])
    const on138 = executed.find((e) => e.chainId === 138)
    expect(BigInt(on138.block) - shock).toBeLessThanOrEqual(2n) // approvals and the leg, each its own block here

    expect((await check()).bps).toBeLessThan(15n)
  })
})
