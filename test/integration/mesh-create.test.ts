import { readFileSync } from 'node:fs'
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  parseUnits,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { vaultOracleAbi } from '../../src/chain/abi/generated.js'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { MeshCreateResult, MeshReport } from '../../src/commands/pools/mesh.js'
import type { StabilizerPoolsResult } from '../../src/commands/stabilizer/pools.js'
import type { ErrorCode } from '../../src/core/errors.js'
import { execThroughSafe } from '../../src/localnet/claim.js'
import { LOCAL_KEYS, LOCAL_SAFE_THRESHOLD } from '../../src/localnet/up.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const CHAINS = ['138', '651940'] as const
const as = (key: string) => ({ VAULT_PRIVATE_KEY: key })
const artifacts = () =>
  JSON.parse(readFileSync(new URL('../../build/contracts.json', import.meta.url), 'utf8')) as Record<
    string,
    { abi: Abi; bytecode: Hex }
  >

describe('pools mesh create: a new token’s leg seeded at the cross rate, handed to the Stabilizer, in its mesh', {
  timeout: 600_000,
}, () => {
  let net: TestLocalnet
  let profile: Awaited<ReturnType<TestLocalnet['profile']>>
  const token: Record<string, Address> = {}
  const url = (id: string) => profile.chains[id].rpcUrls[0] as string

  const { ok } = cliRunner(() => net)
  const signAndExecute = async (file: string) => {
    for (const key of [LOCAL_KEYS.owners[0], LOCAL_KEYS.owners[2]]) await ok(['safe', 'sign', file, '--yes'], as(key))
    await ok(['safe', 'execute', file, '--yes'], as(LOCAL_KEYS.deployer))
  }

  beforeAll(async () => {
    net = await sharedLocalnet()
    profile = await net.profile()
    // a fifth token on both chains: deployed and minted to the Safe by the deployer, priced by the Safe's oracle
    const account = privateKeyToAccount(LOCAL_KEYS.deployer)
    const art = artifacts().VaultToken
    for (const id of CHAINS) {
      const pub = createPublicClient({ transport: http(url(id)) })
      const wallet = createWalletClient({ account, transport: http(url(id)) })
      const hash = await wallet.deployContract({
        chain: null,
        abi: art.abi,
        bytecode: art.bytecode,
        args: ['Compliant GBP', 'cGBPT'],
      })
      token[id] = (await pub.waitForTransactionReceipt({ hash })).contractAddress as Address
      const mint = await wallet.writeContract({
        chain: null,
        address: token[id],
        abi: art.abi,
        functionName: 'mint',
        args: [profile.safe.address, 10n ** 12n],
      })
      await pub.waitForTransactionReceipt({ hash: mint })
      expect((await net.run(['config', 'set', `chains.${id}.tokens.cGBPT`, token[id]])).code).toBe(0)
      // its USD price (1.27), set by the Safe (`oracle set --safe` and the Safe commands have their own tests)
      const setPrice = encodeFunctionData({
        abi: vaultOracleAbi,
        functionName: 'setPrice',
        args: [token[id], parseUnits('1.27', 18)],
      })
      await execThroughSafe(pub, {
        wallet,
        safe: { safe: profile.safe.address, ownerKeys: LOCAL_KEYS.owners, threshold: LOCAL_SAFE_THRESHOLD },
        calls: [{ to: profile.chains[id].contracts.oracle, data: setPrice }],
      })
    }
  }, 600_000)
  afterAll(async () => {
    await net?.stop()
  })

  it('bad input is refused before anything is proposed or sent', async () => {
    const nonces = await Promise.all(
      CHAINS.map((id) => rpc(url(id), 'eth_getTransactionCount', [profile.safe.address, 'latest'])),
    )
    const base = ['pools', 'mesh', 'create', '--safe', '--yes', '--json']
    const cases: [string[], number, ErrorCode][] = [
      [base, 3, 'FLAG_MISSING'],
      [[...base, '--base-amount', '0'], 3, 'AMOUNT_INVALID'],
      [[...base, '--base-amount', '-5'], 3, 'NUMBER_INVALID'],
      [[...base, '--base-amount', '100000000000'], 3, 'INSUFFICIENT_BALANCE'],
      [['pools', 'mesh', '--chain', 'all', '--json'], 3, 'USAGE'],
    ]
    for (const [args, exit, code] of cases) {
      const r = await net.run(args)
      expect(r.code, `${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(exit)
      expect(r.json<ErrorEnvelope>().error.code).toBe(code)
    }
    const after = await Promise.all(
      CHAINS.map((id) => rpc(url(id), 'eth_getTransactionCount', [profile.safe.address, 'latest'])),
    )
    expect(after).toEqual(nonces)
  })

  it('--chain all: one batch per chain creates, seeds, hands over and registers the leg; a re-run records it', async () => {
    const before = await ok<MeshReport>(['pools', 'mesh', '--chain', '138'])
    expect(before.missing).toEqual(['cGBPT'])

    const args = ['pools', 'mesh', 'create', '--base-amount', '1000', '--chain', 'all', '--safe', '--yes']
    const res = await ok<MeshCreateResult>(args)
    expect(res.proposals).toHaveLength(2)
    const fresh = res.legs.filter((l) => l.token === 'cGBPT')
    expect(fresh.map((l) => [l.chainId, l.status, l.steps])).toEqual([
      [138, 'proposed', ['create', 'seed', 'admin', 'mesh']],
      [651940, 'proposed', ['create', 'seed', 'admin', 'mesh']],
    ])
    // the others are in place: nothing to do for them
    expect(
      res.legs.filter((l) => l.token !== 'cGBPT').every((l) => l.status === 'exists' && l.steps.length === 0),
    ).toBe(true)
    for (const l of fresh) {
      expect(l.i).toBe(l.oraclePrice) // a private leg opens at mid = i = the cross rate
      expect(l.midPrice).toBe(l.oraclePrice)
    }
    for (const pr of res.proposals) await signAndExecute(pr.file)

    const registry = await ok<StabilizerPoolsResult>(['stabilizer', 'pools'])
    for (const l of fresh) {
      const chain = registry.chains.find((c) => c.chainId === l.chainId)!
      const entry = chain.mesh.find((m) => m.token.toLowerCase() === token[String(l.chainId)].toLowerCase())
      expect(entry?.leg.toLowerCase()).toBe(l.pool.toLowerCase())
      const pub = createPublicClient({ transport: http(url(String(l.chainId))) })
      const admin = await pub.readContract({
        address: l.pool,
        abi: artifacts().VaultPMMPool.abi,
        functionName: '_ADMIN_',
      })
      expect(String(admin).toLowerCase()).toBe(chain.stabilizer.toLowerCase())
      const mesh = await ok<MeshReport>(['pools', 'mesh', '--chain', String(l.chainId)])
      const leg = mesh.legs.find((x) => x.token === 'cGBPT')
      expect(leg?.midPrice).toBe(l.midPrice)
      expect(leg?.pegDeviationBps).toBe('0')
      expect(mesh.missing).toEqual([])
      expect(mesh.ok).toBe(true)
    }

    const again = await ok<MeshCreateResult>(args)
    expect(again.proposals).toEqual([])
    expect(again.legs.every((l) => l.status === 'exists' && l.steps.length === 0 && l.recorded)).toBe(true)
    const saved = await net.profile()
    for (const l of fresh) expect(saved.chains[String(l.chainId)].privatePools.cGBPT).toBe(l.pool)
  })
})
