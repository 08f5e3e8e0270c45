import { type Address, createPublicClient, createWalletClient, http, parseAbi, parseUnits } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { BridgePendingResult } from '../../src/commands/bridge/pending.js'
import type { BridgeRelayResult } from '../../src/commands/bridge/relay.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import type { CliResult } from '../helpers/cli.js'
import { type LocalProfile, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const [A, B] = LOCAL_KEYS.owners
const KEYS: string[] = [A, B, LOCAL_KEYS.outsider, LOCAL_KEYS.deployer]
const abi = parseAbi([
  'function approve(address spender, uint256 amount) returns (bool)',
  'function balanceOf(address) view returns (uint256)',
  'function bridgeOut(address token, uint256 amount, address recipient) returns (uint256)',
])
const RECIPIENT = '0x000000000000000000000000000000000000bEEF' as Address

describe('bridge pending and relay on the localnet', () => {
  let net: TestLocalnet
  let profile: LocalProfile
  const outputs: string[] = []
  const run = async (args: string[], env?: Record<string, string>): Promise<CliResult> => {
    const r = await net.run(args, env)
    outputs.push(r.stdout, r.stderr)
    return r
  }
  const url = (id: '138' | '651940') => `http://127.0.0.1:${net.ports[id]}`

  beforeAll(async () => {
    net = await sharedLocalnet()
    profile = await net.profile()
  })
  afterAll(async () => {
    for (const o of outputs) for (const k of KEYS) expect(o).not.toContain(k.slice(2))
    await net?.stop()
  })

  it('lists a BridgeOut from 138 as pending, refuses a key that is not a relayer, and relays through the Safe once', async () => {
    const token = profile.chains['138'].tokens.cUSDT as Address
    const bridge = profile.chains['138'].contracts.bridgeReserve as Address
    const amount = parseUnits('1000', 6)
    const wallet = createWalletClient({
      account: privateKeyToAccount(LOCAL_KEYS.deployer),
      transport: http(url('138')),
    })
    const pub138 = createPublicClient({ transport: http(url('138')) })
    for (const [address, functionName, args] of [
      [token, 'approve', [bridge, amount]],
      [bridge, 'bridgeOut', [token, amount, RECIPIENT]],
    ] as const) {
      const hash = await wallet.writeContract({ address, abi, functionName, args: args as never, chain: null })
      await pub138.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    }

    const pending = await run(['bridge', 'pending', '--json'])
    expect(pending.code, pending.stderr).toBe(2)
    const body = pending.json<BridgePendingResult>()
    expect(body.pending).toHaveLength(1)
    expect(body.pending[0]).toMatchObject({
      srcChainId: 138,
      dstChainId: 651940,
      symbol: 'cUSDT',
      amount: String(amount),
      to: RECIPIENT,
    })

    const pubAlltra = createPublicClient({ transport: http(url('651940')) })
    const outsider = privateKeyToAccount(LOCAL_KEYS.outsider).address
    const nonceBefore = await pubAlltra.getTransactionCount({ address: outsider })
    const refused = await run(['bridge', 'relay', '--yes', '--json'], { VAULT_PRIVATE_KEY: LOCAL_KEYS.outsider })
    expect(refused.code).toBe(5)
    expect(refused.json<ErrorEnvelope>().error.code).toBe('TX_WOULD_REVERT')
    expect(await pubAlltra.getTransactionCount({ address: outsider })).toBe(nonceBefore)

    const proposed = await run(['bridge', 'relay', '--safe', '--yes', '--json'])
    expect(proposed.code, proposed.stderr).toBe(0)
    const relay = proposed.json<BridgeRelayResult>()
    expect(relay.relayed).toHaveLength(1)
    const file = relay.proposals[0].file
    for (const k of [A, B])
      expect((await run(['safe', 'sign', file, '--yes', '--json'], { VAULT_PRIVATE_KEY: k })).code).toBe(0)
    const tokenAlltra = profile.chains['651940'].tokens.cUSDT as Address
    const before = await pubAlltra.readContract({
      address: tokenAlltra,
      abi,
      functionName: 'balanceOf',
      args: [RECIPIENT],
    })
    const ex = await run(['safe', 'execute', file, '--yes', '--json'], { VAULT_PRIVATE_KEY: A })
    expect(ex.code, ex.stderr).toBe(0)
    const after = await pubAlltra.readContract({
      address: tokenAlltra,
      abi,
      functionName: 'balanceOf',
      args: [RECIPIENT],
    })
    expect(after - before).toBe(amount)

    const none = await run(['bridge', 'pending', '--json'])
    expect(none.code, none.stderr).toBe(0)
    expect(none.json<BridgePendingResult>().pending).toEqual([])
    const again = await run(['bridge', 'relay', '--safe', '--yes', '--json'])
    expect(again.code).toBe(0)
    expect(again.json<BridgeRelayResult>().relayed).toEqual([])
  })
})
