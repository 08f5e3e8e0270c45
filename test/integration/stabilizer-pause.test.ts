import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  parseUnits,
  publicActions,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stabilizerAbi, vaultPMMPoolAbi } from '../../src/chain/abi/generated.js'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { StabilizerPauseResult } from '../../src/commands/stabilizer/pause.js'
import type { StabilizerSwapResult } from '../../src/commands/stabilizer/swap.js'
import type { StabilizerUnpauseResult } from '../../src/commands/stabilizer/unpause.js'
import { DEFAULT_STABILIZER } from '../../src/config/presets.js'
import { execThroughSafe } from '../../src/localnet/claim.js'
import { LOCAL_KEYS, LOCAL_SAFE_THRESHOLD } from '../../src/localnet/up.js'
import { proposalOf } from '../helpers/cli.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const as = (key: Hex) => ({ VAULT_PRIVATE_KEY: key })
const [A, B] = LOCAL_KEYS.owners
const GUARDIAN = LOCAL_KEYS.outsider
/** anvil's development account 6: funded with ether, no role until the Safe makes it the keeper. */
const KEEPER: Hex = '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e'

describe('issue 11 done-when: the guardian’s pause makes the next swap revert Paused; only the Safe unpauses', {
  timeout: 600_000,
}, () => {
  let net: TestLocalnet
  let url: string
  const { ok } = cliRunner(() => net)
  const throughSafe = async (args: string[]) => {
    // unpause: the result carries the proposal it wrote
    const r = await ok<Pick<StabilizerUnpauseResult, 'proposal'>>([...args, '--chain', '138', '--safe', '--yes'], as(A))
    await ok(['safe', 'sign', proposalOf(r).file, '--yes'], as(B))
    await ok(['safe', 'execute', proposalOf(r).file, '--yes'], as(A))
  }
  const swap = () =>
    net.run(['stabilizer', 'swap', '--pool', 'cUSDT/cXAUC', '--chain', '138', '--yes', '--json'], as(KEEPER))

  beforeAll(async () => {
    net = await sharedLocalnet()
    url = `http://127.0.0.1:${net.ports['138']}`
    // the Safe makes KEEPER the keeper and GUARDIAN the guardian, in-process (one batch, 2 of 3 owners): set-up here;
    // `set-keeper --safe` / `set-guardian --safe` and the Safe commands have their own tests
    const profile = await net.profile()
    const stabilizer = profile.chains['138'].contracts.stabilizer as Address
    const deployer = createWalletClient({ account: privateKeyToAccount(LOCAL_KEYS.deployer), transport: http(url) })
    await execThroughSafe(createPublicClient({ transport: http(url) }), {
      wallet: deployer,
      safe: { safe: profile.safe.address, ownerKeys: LOCAL_KEYS.owners, threshold: LOCAL_SAFE_THRESHOLD },
      calls: [
        [stabilizer, 'setKeeper', [privateKeyToAccount(KEEPER).address, true]],
        [stabilizer, 'setGuardian', [privateKeyToAccount(GUARDIAN).address]],
      ].map(([to, functionName, args]) => ({
        to: to as Address,
        data: encodeFunctionData({ abi: stabilizerAbi, functionName, args } as never),
      })),
    })
    // a 20,000 cUSDT sale into cUSDT/cXAUC, sustained: a correction is due
    const pool = profile.chains['138'].pools['cUSDT/cXAUC'] as Address
    const market = createWalletClient({
      account: privateKeyToAccount(LOCAL_KEYS.deployer),
      transport: http(url),
    }).extend(publicActions)
    for (const [to, data] of [
      [
        profile.chains['138'].tokens.cUSDT as Address,
        encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool, parseUnits('20000', 6)] }),
      ],
      [pool, encodeFunctionData({ abi: vaultPMMPoolAbi, functionName: 'sellBase', args: [market.account.address] })],
    ] as const) {
      const hash = await market.sendTransaction({ chain: null, to, data })
      expect((await market.waitForTransactionReceipt({ hash })).status).toBe('success')
    }
    await rpc(url, 'anvil_mine', [`0x${(DEFAULT_STABILIZER.sustainBlocks + 1).toString(16)}`])
  }, 600_000)
  afterAll(async () => {
    await net?.stop()
  })

  it('paused by the guardian’s one key: the keeper’s swap is refused with Paused and nothing is sent', async () => {
    const paused = await ok<StabilizerPauseResult>(['stabilizer', 'pause', '--chain', '138', '--yes'], as(GUARDIAN))
    expect(paused.change).toEqual({ paused: true })
    const keeper = privateKeyToAccount(KEEPER).address
    const nonce = await rpc(url, 'eth_getTransactionCount', [keeper, 'latest'])
    const r = await swap()
    expect(r.code, r.stdout + r.stderr).toBe(5)
    expect(r.json<ErrorEnvelope>().error.code).toBe('TX_WOULD_REVERT')
    expect(r.json<ErrorEnvelope>().error.message).toContain('Paused')
    expect(await rpc(url, 'eth_getTransactionCount', [keeper, 'latest'])).toBe(nonce)
  })

  it('the guardian cannot unpause; the Safe does, and the same swap then goes through', async () => {
    const refused = await net.run(['stabilizer', 'unpause', '--chain', '138', '--yes', '--json'], as(GUARDIAN))
    expect(refused.code).toBe(5)
    expect(refused.json<ErrorEnvelope>().error.message).toContain('NotAuthorized')
    await throughSafe(['stabilizer', 'unpause'])
    const r = await swap()
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.json<StabilizerSwapResult>().sent?.from).toBe(privateKeyToAccount(KEEPER).address)
  })
})
