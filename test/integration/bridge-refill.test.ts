import { createPublicClient, createWalletClient, erc20Abi, type Hex, http, parseUnits, toHex } from 'viem'
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { vaultTokenAbi } from '../../src/chain/abi/generated.js'
import type { BridgeArbResult } from '../../src/commands/bridge/arb.js'
import type { BridgePendingResult } from '../../src/commands/bridge/pending.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { type LocalProfile, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { addTestSecret } from '../helpers/secret-scan.js'

// anvil's development account 8: a bot that holds cUSDT almost only on Alltra
const botAccount = mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex: 8 })
const botKey = toHex(botAccount.getHdKey().privateKey!) as Hex
const usdt = (n: string) => parseUnits(n, 6)

describe('vault bridge arb: inventory moves through the bridge when one side runs low', () => {
  let net: TestLocalnet
  let profile: LocalProfile
  const balance = (id: '138' | '651940') =>
    createPublicClient({ transport: http(profile.chains[id].rpcUrls[0]) }).readContract({
      address: profile.chains[id].tokens.cUSDT,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [botAccount.address],
    })

  beforeAll(async () => {
    addTestSecret(botKey)
    net = await sharedLocalnet()
    profile = await net.profile()
    for (const [id, amount] of [
      ['138', usdt('1000')],
      ['651940', usdt('100000')],
    ] as const) {
      const url = profile.chains[id].rpcUrls[0]
      const deployer = createWalletClient({ account: privateKeyToAccount(LOCAL_KEYS.deployer), transport: http(url) })
      const hash = await deployer.writeContract({
        chain: null,
        address: profile.chains[id].tokens.cUSDT,
        abi: vaultTokenAbi,
        functionName: 'mint',
        args: [botAccount.address, amount],
      })
      await createPublicClient({ transport: http(url) }).waitForTransactionReceipt({ hash, pollingInterval: 50 })
    }
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('bridges half the total to the low side once; a restarted bot counts it as on its way and sends no other', async () => {
    const arb = await net.run(['bridge', 'arb', '--once', '--pair', 'cUSDT/cUSDC', '--json'], {
      VAULT_PRIVATE_KEY: botKey,
    })
    expect(arb.code, arb.stderr).toBe(0)
    expect(arb.json<BridgeArbResult>().bridgeTransfers).toBe(1)
    const events = arb.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
    const out = events.filter((e) => e.kind === 'bridge-out')
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({ symbol: 'cUSDT', chainId: 651940, dstChainId: 138, amount: String(usdt('49500')) })
    expect(await balance('651940')).toBe(usdt('50500'))
    expect(await balance('138')).toBe(usdt('1000'))

    const pending = await net.run(['bridge', 'pending', '--json'])
    expect(pending.code).toBe(2) // a transfer is pending
    const mine = pending
      .json<BridgePendingResult>()
      .pending.filter((t) => t.from.toLowerCase() === botAccount.address.toLowerCase())
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ srcChainId: 651940, dstChainId: 138, amount: String(usdt('49500')) })

    // a new run finds its transfer still on its way: nothing more leaves Alltra
    const again = await net.run(['bridge', 'arb', '--once', '--pair', 'cUSDT/cUSDC', '--json'], {
      VAULT_PRIVATE_KEY: botKey,
    })
    expect(again.code, again.stderr).toBe(0)
    expect(again.json<BridgeArbResult>().bridgeTransfers).toBe(0)
    expect(await balance('651940')).toBe(usdt('50500'))
  })
})
