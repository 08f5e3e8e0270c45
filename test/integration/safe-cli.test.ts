import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Address, createPublicClient, http, parseAbi } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stabilizerAbi } from '../../src/chain/abi/generated.js'
import type { SafeApproveResult } from '../../src/commands/safe/approve.js'
import type { SafeDeployResult } from '../../src/commands/safe/deploy.js'
import type { SafeExecuteResult } from '../../src/commands/safe/execute.js'
import type { SafeExportWritten } from '../../src/commands/safe/export.js'
import type { SafePendingResult } from '../../src/commands/safe/pending.js'
import type { SafeProposeResult } from '../../src/commands/safe/propose.js'
import type { SafeShowResult } from '../../src/commands/safe/show.js'
import type { SafeSignResult } from '../../src/commands/safe/sign.js'
import type { StabilizerParamsResult } from '../../src/commands/stabilizer/params.js'
import type { StabilizerParamsUpdate } from '../../src/commands/stabilizer/set-params.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { safeAbi } from '../../src/safe/abi.js'
import { isValidTxBuilderChecksum, type TxBuilderBatch } from '../../src/safe/tx-builder.js'
import { proposalOf } from '../helpers/cli.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { startFakeTxService } from '../helpers/tx-service.js'

const [A, B, C] = LOCAL_KEYS.owners
const OUTSIDER = LOCAL_KEYS.outsider
const DEPLOYER = LOCAL_KEYS.deployer
const addr = (k: `0x${string}`) => privateKeyToAccount(k).address
const as = (key: `0x${string}`) => ({ VAULT_PRIVATE_KEY: key })
const KEYS = [A, B, C, OUTSIDER, DEPLOYER]

describe('safe commands: 2-of-3 owners drive the Safe through the CLI', () => {
  let net: TestLocalnet
  let safe: Address
  let stabilizer: Address
  let pool: Address
  let client: ReturnType<typeof createPublicClient>
  const dirs: string[] = []
  const { ok, refused, outputs } = cliRunner(() => net)
  const threshold = async () =>
    (await client.readContract({ address: stabilizer, abi: stabilizerAbi, functionName: 'params', args: [pool] }))
      .thresholdBps
  const safeNonce = () => client.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' })
  const proposeThreshold = async (bps: number, extra: string[] = []) =>
    proposalOf(
      await ok<StabilizerParamsUpdate>(
        ['stabilizer', 'set-params', '--threshold-bps', String(bps), '--safe', '--yes', ...extra],
        as(A),
      ),
    )
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'vault-proposals-'))
    dirs.push(d)
    return d
  }

  beforeAll(async () => {
    net = await sharedLocalnet()
    const profile = await net.profile()
    safe = profile.safe.address
    stabilizer = profile.chains['138'].contracts.stabilizer
    pool = profile.chains['138'].pools['cUSDT/cUSDC']
    client = createPublicClient({ transport: http(`http://127.0.0.1:${net.ports['138']}`) })
  })
  afterAll(async () => {
    await net?.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('B and C sign a parameter change proposed by A; a non-owner executes it', async () => {
    const next = await safeNonce() // the Safe's own claim of the contracts at deploy used the first nonce
    const p = await proposeThreshold(25)
    expect(p.file).toContain(`138-${safe}-n${next}-`)
    const file = JSON.parse(readFileSync(p.file, 'utf8'))
    expect(file.signatures).toEqual([])
    expect(file.decoded.method).toMatch(/^setParams\(/)

    const b = await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes'], as(B))
    expect(b).toMatchObject({ owner: addr(B), signatures: 1, threshold: '2' })
    const pending = await ok<SafePendingResult>(['safe', 'pending'])
    expect(pending.proposals).toHaveLength(1)
    expect(pending.proposals[0]).toMatchObject({ status: 'awaiting-signatures', missing: 1, signedBy: [addr(B)] })

    await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes'], as(C))
    expect((await ok<SafePendingResult>(['safe', 'pending'])).proposals[0].status).toBe('ready')
    expect(await threshold()).toBe(10n)

    const ex = await ok<SafeExecuteResult>(['safe', 'execute', p.file, '--yes'], as(DEPLOYER))
    expect(ex.safeTxHash).toBe(p.safeTxHash)
    expect(ex.events.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['ParamsUpdated', 'ExecutionSuccess']),
    )
    // sent with half again the gas the node estimated (an estimate falls short of a pool's price books by the next
    // block: gas-headroom.test.ts)
    const sent = await client.getTransaction({ hash: ex.transactionHash as `0x${string}` })
    expect(sent.gas * 2n).toBeGreaterThanOrEqual(BigInt(ex.gasUsed) * 3n)
    const params = await ok<StabilizerParamsResult>(['stabilizer', 'params'])
    expect(params.params.thresholdBps).toBe('25')
    expect(await threshold()).toBe(25n)
    expect((await ok<SafePendingResult>(['safe', 'pending'])).proposals[0].status).toBe('nonce-used')
  })

  it('one file signature plus one on-chain approveHash reach the threshold', async () => {
    const p = await proposeThreshold(30)
    await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes'], as(B))
    const ap = await ok<SafeApproveResult>(['safe', 'approve', p.file, '--yes'], as(C))
    expect(ap).toMatchObject({ owner: addr(C), alreadyApproved: false })
    const shown = await ok<SafeShowResult>(['safe', 'show', p.safeTxHash])
    expect(shown).toMatchObject({ status: 'ready', signedBy: [addr(B)], approvedOnChain: [addr(C)], missing: 0 })
    expect(shown.notSignedBy).toEqual([addr(A)])
    await ok<SafeExecuteResult>(['safe', 'execute', p.file, '--yes'], as(OUTSIDER))
    expect(await threshold()).toBe(30n)
  })

  it('refuses what must not be signed or executed, and changes nothing', async () => {
    const p = await proposeThreshold(35)
    const before = readFileSync(p.file, 'utf8')
    const nonce = await safeNonce()

    await refused(['safe', 'sign', p.file, '--yes'], 'PROPOSAL_NOT_OWNER', as(OUTSIDER))
    await refused(['safe', 'sign', p.file, '--yes', '--chain', '651940'], 'PROPOSAL_WRONG_CHAIN', as(B))
    // every refusal comes before the question, and nothing is signed before it is answered
    await refused(['safe', 'sign', p.file], 'PROPOSAL_NOT_OWNER', as(OUTSIDER))
    await refused(['safe', 'sign', p.file], 'CONFIRMATION_REQUIRED', as(B))
    expect(readFileSync(p.file, 'utf8')).toBe(before)

    await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes'], as(B))
    await refused(['safe', 'sign', p.file, '--yes'], 'PROPOSAL_ALREADY_SIGNED', as(B))
    // below threshold: one signature and a non-owner executor
    const below = await refused(['safe', 'execute', p.file, '--yes'], 'BELOW_THRESHOLD', as(DEPLOYER))
    expect(below.data).toMatchObject({ have: 1, need: 2 })

    // edited after signing: the stored hash no longer matches the fields
    const signed = readFileSync(p.file, 'utf8')
    const edited = JSON.parse(signed)
    edited.value = '1'
    writeFileSync(p.file, JSON.stringify(edited))
    await refused(['safe', 'sign', p.file, '--yes'], 'PROPOSAL_HASH_MISMATCH', as(C))
    await refused(['safe', 'execute', p.file, '--yes'], 'PROPOSAL_HASH_MISMATCH', as(C))
    writeFileSync(p.file, signed)

    expect(await safeNonce()).toBe(nonce)
    expect(await threshold()).toBe(30n)

    // reused nonce: proposing or signing for a nonce the Safe already used
    await refused(
      ['safe', 'propose', '--to', stabilizer, '--call', 'pause()', '--nonce', '0', '--yes'],
      'PROPOSAL_NONCE_USED',
    )
    const old = (await ok<SafePendingResult>(['safe', 'pending'])).proposals.find((x) => x.status === 'nonce-used')
    await refused(['safe', 'sign', String(old?.file), '--yes'], 'PROPOSAL_NONCE_USED', as(A))

    // now complete it: C signs, and it executes
    await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes'], as(C))
    await ok<SafeExecuteResult>(['safe', 'execute', p.file, '--yes'], as(DEPLOYER))
    expect(await threshold()).toBe(35n)
  })

  it('refuses a signer who is not an owner of a second Safe, and a file for another Safe', async () => {
    const other = await ok<SafeDeployResult>(
      [
        'safe',
        'deploy',
        '--owners',
        `${addr(OUTSIDER)},${addr(DEPLOYER)}`,
        '--threshold',
        '1',
        '--chain',
        '138,651940',
        '--salt-nonce',
        '7',
        '--yes',
      ],
      as(DEPLOYER),
    )
    expect(other.chains.map((c) => c.address)).toEqual([other.address, other.address])
    const code = await client.getCode({ address: other.address })
    expect(code?.length).toBeGreaterThan(2)
    const dir = tempDir()
    const p = await ok<SafeProposeResult>([
      'safe',
      'propose',
      '--safe-address',
      other.address,
      '--proposals-dir',
      dir,
      '--to',
      other.address,
      '--call',
      'changeThreshold(uint256)',
      '1',
      '--yes',
    ])
    await refused(['safe', 'sign', p.file, '--safe-address', other.address, '--yes'], 'PROPOSAL_NOT_OWNER', as(A))
    await refused(['safe', 'sign', p.file, '--yes'], 'PROPOSAL_WRONG_SAFE', as(A))
  })

  it('executes a MultiSend batch of two calls atomically', async () => {
    const keeper = addr(OUTSIDER)
    const batchFile = join(tempDir(), 'batch.json')
    const current = (await ok<StabilizerParamsResult>(['stabilizer', 'params'])).params
    const next = { ...current, thresholdBps: '40', sustainBlocks: '4' }
    const tuple = [
      next.thresholdBps,
      next.sustainBlocks,
      next.twapWindow,
      next.minBlocks,
      next.perBlockCap,
      next.kPerBps,
      next.maxSlippageBps,
    ]
    writeFileSync(
      batchFile,
      JSON.stringify([
        {
          to: stabilizer,
          call: 'setParams(address,(uint256,uint256,uint256,uint256,uint256,uint256,uint256))',
          args: [pool, tuple],
        },
        { to: stabilizer, call: 'setKeeper(address,bool)', args: [keeper, true] },
      ]),
    )
    const p = await ok<SafeProposeResult>([
      'safe',
      'propose',
      '--batch',
      batchFile,
      '--description',
      'retune and add keeper',
      '--yes',
    ])
    const file = JSON.parse(readFileSync(p.file, 'utf8'))
    expect(file.operation).toBe(1)
    expect(file.decoded.calls).toHaveLength(2)
    await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes'], as(A))
    await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes'], as(C))
    const isKeeper = parseAbi(['function isKeeper(address) view returns (bool)'])
    expect(
      await client.readContract({ address: stabilizer, abi: isKeeper, functionName: 'isKeeper', args: [keeper] }),
    ).toBe(false)
    const ex = await ok<SafeExecuteResult>(['safe', 'execute', p.file, '--yes'], as(DEPLOYER))
    const names = ex.events.map((e: { name: string }) => e.name)
    expect(names).toEqual(expect.arrayContaining(['ParamsUpdated', 'ExecutionSuccess']))
    expect(await threshold()).toBe(40n)
    expect(
      await client.readContract({ address: stabilizer, abi: isKeeper, functionName: 'isKeeper', args: [keeper] }),
    ).toBe(true)

    // Transaction Builder export of the same batch: refused once executed (the app would run it again), unless
    // asked explicitly; both calls, valid checksum, and the batch says it is a separate Safe transaction
    await refused(['safe', 'export', p.file], 'PROPOSAL_EXECUTED')
    const exported = await ok<TxBuilderBatch>(['safe', 'export', p.file, '--allow-executed'])
    expect(exported.meta.description).toMatch(/separate Safe transaction/)
    expect(exported).toMatchObject({ version: '1.0', chainId: '138', meta: { createdFromSafeAddress: safe } })
    expect(exported.transactions.map((t) => t.to)).toEqual([stabilizer, stabilizer])
    expect(exported.transactions[1].data).toBe(file.decoded.calls[1].data)
    expect(isValidTxBuilderChecksum(exported)).toBe(true)
    const out = join(tempDir(), 'builder.json')
    const w = await ok<SafeExportWritten>(['safe', 'export', p.file, '--out', out, '--allow-executed'])
    expect(w.notice).toMatch(/separate Safe transaction/)
    const onDisk = JSON.parse(readFileSync(out, 'utf8')) as TxBuilderBatch
    expect(onDisk.meta.checksum).toBe(w.checksum)
    expect(isValidTxBuilderChecksum(onDisk)).toBe(true)
    expect(isValidTxBuilderChecksum({ ...onDisk, transactions: onDisk.transactions.slice(1) })).toBe(false)
  })

  it('runs the same flow through a Safe Transaction Service', async () => {
    const service = await startFakeTxService({ rpcUrl: `http://127.0.0.1:${net.ports['138']}` })
    try {
      const tx = ['--tx-service', service.url]
      const p = await proposeThreshold(45, tx)
      expect(service.transactions.size).toBe(0)
      await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes', ...tx], as(B))
      expect(service.transactions.get(p.safeTxHash)?.confirmations.map((c) => c.owner)).toEqual([addr(B)])
      // C works on another machine: no file, only the hash
      const cDir = tempDir()
      const c = await ok<SafeSignResult>(['safe', 'sign', p.safeTxHash, '--proposals-dir', cDir, '--yes', ...tx], as(C))
      expect(c.signatures).toBe(2)
      expect(service.transactions.get(p.safeTxHash)?.confirmations).toHaveLength(2)
      const pending = await ok<SafePendingResult>(['safe', 'pending', '--proposals-dir', tempDir(), ...tx])
      expect(pending.proposals.find((x) => x.safeTxHash === p.safeTxHash)?.status).toBe('ready')
      await ok<SafeExecuteResult>(
        ['safe', 'execute', p.safeTxHash, '--proposals-dir', tempDir(), '--yes', ...tx],
        as(DEPLOYER),
      )
      expect(await threshold()).toBe(45n)
    } finally {
      await service.stop()
    }
  })

  it('never prints a key', () => {
    const all = outputs.join('\n').toLowerCase()
    for (const k of KEYS) expect(all).not.toContain(k.slice(2).toLowerCase())
  })
})
