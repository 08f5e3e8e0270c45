import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Address,
  concat,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeAbiParameters,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  pad,
  parseAbi,
  parseAbiParameters,
  toBytes,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { SafeApproveResult } from '../../src/commands/safe/approve.js'
import type { SafeExecuteResult } from '../../src/commands/safe/execute.js'
import type { SafePendingResult } from '../../src/commands/safe/pending.js'
import type { SafeProposeResult } from '../../src/commands/safe/propose.js'
import type { SafeRejectResult } from '../../src/commands/safe/reject.js'
import type { SafeShowResult } from '../../src/commands/safe/show.js'
import type { SafeSignResult } from '../../src/commands/safe/sign.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { safeAbi } from '../../src/safe/abi.js'
import { buildProposal } from '../../src/safe/build.js'
import { deploySafe } from '../../src/safe/deploy.js'
import { encodeMultiSend } from '../../src/safe/multisend.js'
import { writeProposal } from '../../src/safe/store.js'
import type { TxBuilderBatch } from '../../src/safe/tx-builder.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { type FakeTxService, startFakeTxService } from '../helpers/tx-service.js'

/**
 * Issue 14 item 9: what the Safe ecosystem (Transaction Service, nested Safes) hands vault is read and executed.
 * Over 300 lines: the cases share one Safe, one service double and their set-up.
 */
const [A, B, C] = LOCAL_KEYS.owners
const OUTSIDER = LOCAL_KEYS.outsider
const DEPLOYER = LOCAL_KEYS.deployer
const addr = (k: Hex) => privateKeyToAccount(k).address
const as = (key: Hex) => ({ VAULT_PRIVATE_KEY: key })
const KEYS = [A, B, C, OUTSIDER, DEPLOYER]

describe('Safe ecosystem interop', () => {
  let net: TestLocalnet
  let safe: Address
  let rpcUrl: string
  let client: PublicClient
  let service: FakeTxService
  const dirs: string[] = []
  const { raw: run, ok, outputs } = cliRunner(() => net)
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'vault-interop-'))
    dirs.push(d)
    return d
  }
  const tx = () => ['--tx-service', service.url]
  const threshold = (s: Address) => client.readContract({ address: s, abi: safeAbi, functionName: 'getThreshold' })
  /** A proposal of `changeThreshold(n)` on the Safe `s`, written by A (nothing signed). */
  const proposeThreshold = async (n: number, extra: string[] = []) =>
    (await ok<SafeProposeResult>(
      ['safe', 'propose', '--to', extra.includes('--safe-address') ? extra[extra.indexOf('--safe-address') + 1] : safe]
        .concat(['--call', 'changeThreshold(uint256)', String(n), '--yes'])
        .concat(extra),
      as(A),
    )) as { file: string; safeTxHash: Hex; nonce: string }

  beforeAll(async () => {
    net = await sharedLocalnet()
    safe = (await net.profile()).safe.address
    rpcUrl = `http://127.0.0.1:${net.ports['138']}`
    client = createPublicClient({ transport: http(rpcUrl) }) as PublicClient
    service = await startFakeTxService({ rpcUrl })
  })
  afterAll(async () => {
    await service?.stop()
    await net?.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('an APPROVED_HASH confirmation (vault safe approve, indexed by the service) is read, signed beside and executed', async () => {
    const p = await proposeThreshold(3, tx())
    await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes', ...tx()], as(B))
    await ok<SafeApproveResult>(['safe', 'approve', p.file, '--yes'], as(C))
    // a machine with no file: the service's record carries B's signature and C's on-chain approval
    const shown = await ok<SafeShowResult>(['safe', 'show', p.safeTxHash, '--proposals-dir', tempDir(), ...tx()])
    expect(shown).toMatchObject({ status: 'ready', signedBy: [addr(B)], approvedOnChain: [addr(C)], missing: 0 })
    const types = service.transactions.get(p.safeTxHash)?.confirmations.map((c) => [c.owner, c.signatureType])
    expect(types).toEqual([
      [addr(B), 'EOA'],
      [addr(C), 'APPROVED_HASH'],
    ])
    const pending = await ok<SafePendingResult>(['safe', 'pending', '--proposals-dir', tempDir(), ...tx()])
    expect(pending.proposals.find((x) => x.safeTxHash === p.safeTxHash)).toMatchObject({
      status: 'ready',
      missing: 0,
    })
    // A signs from the service's copy (the approval travels in it), then an outsider executes
    const aDir = tempDir()
    const signed = await ok<SafeSignResult>(
      ['safe', 'sign', p.safeTxHash, '--proposals-dir', aDir, '--yes', ...tx()],
      as(A),
    )
    expect(signed.signatures).toBe(3)
    const file = JSON.parse(readFileSync(signed.file, 'utf8'))
    expect(file.signatures.map((s: { type: string }) => s.type).sort()).toEqual(['approvedHash', 'eip712', 'eip712'])
    const ex = await ok<SafeExecuteResult>(
      ['safe', 'execute', p.safeTxHash, '--proposals-dir', tempDir(), '--yes', ...tx()],
      as(OUTSIDER),
    )
    expect(ex.signers).toHaveLength(3)
    expect(await threshold(safe)).toBe(3n)
  })

  it('a CONTRACT_SIGNATURE from a Safe that owns the Safe is accepted and executed with its dynamic part', async () => {
    const chain = defineChain({
      id: 138,
      name: 'local-138',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    })
    const wallet = createWalletClient({ chain, transport: http(rpcUrl), account: privateKeyToAccount(DEPLOYER) })
    // inner: 1-of-1 owned by A; outer: 2-of-2 owned by the inner Safe and B
    const inner = await deploySafe(client, { wallet, owners: [addr(A)], threshold: 1, saltNonce: 9001n })
    const outer = await deploySafe(client, { wallet, owners: [inner, addr(B)], threshold: 2, saltNonce: 9002n })
    const outerFlags = ['--safe-address', outer, ...tx()]
    const p = await proposeThreshold(1, outerFlags)
    await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes', ...outerFlags], as(B))
    // A signs for the inner Safe as the Safe web app does: an EIP-712 SafeMessage of the inner Safe over the outer
    // transaction's preimage (what Safe v1.4.1 hands isValidSignature), posted as the inner Safe's confirmation
    const preimage = await preimageOf(client, p.file)
    const innerSig = await privateKeyToAccount(A).signTypedData({
      domain: { chainId: 138, verifyingContract: inner },
      types: { SafeMessage: [{ name: 'message', type: 'bytes' }] },
      primaryType: 'SafeMessage',
      message: { message: preimage },
    })
    const contractSig = concat([
      pad(inner, { size: 32 }),
      pad(toHex(65), { size: 32 }),
      '0x00',
      pad(toHex(65), { size: 32 }),
      innerSig,
    ])
    const posted = await fetch(`${service.url}/v1/multisig-transactions/${p.safeTxHash}/confirmations/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signature: contractSig }),
    })
    expect(posted.status).toBe(201)
    const shown = await ok<SafeShowResult>(['safe', 'show', p.safeTxHash, '--proposals-dir', tempDir(), ...outerFlags])
    expect(shown).toMatchObject({ status: 'ready', missing: 0, ignored: [] })
    expect([...shown.signedBy].sort()).toEqual([inner, addr(B)].sort())
    const ex = await ok<SafeExecuteResult>(
      ['safe', 'execute', p.safeTxHash, '--proposals-dir', tempDir(), '--yes', ...outerFlags],
      as(OUTSIDER),
    )
    expect([...ex.signers].sort()).toEqual([inner, addr(B)].sort())
    expect(await threshold(outer)).toBe(1n)
  })

  it('sends the service an origin of at most 200 characters and keeps the whole description in the file', async () => {
    const description = `${'retune the public pools after the oracle move; '.repeat(9)}end`
    expect(description.length).toBeGreaterThan(400)
    const p = await proposeThreshold(2, ['--description', description, ...tx()])
    const signed = await ok<SafeSignResult>(['safe', 'sign', p.file, '--yes', ...tx()], as(B))
    expect(signed.pushed?.proposed).toBe(true)
    const origin = service.transactions.get(p.safeTxHash)?.origin ?? ''
    expect(origin.length).toBeLessThanOrEqual(200)
    expect(JSON.parse(origin)).toMatchObject({ name: 'vault' })
    expect(JSON.parse(origin).description.endsWith('…')).toBe(true)
    expect(JSON.parse(readFileSync(p.file, 'utf8')).description).toBe(description)
  })

  it('the service is asked before the key signs; a push refused after signing keeps the signature, says so (exit 4), and `safe push` publishes it', async () => {
    const folder = ['--proposals-dir', tempDir()]
    const p = await proposeThreshold(2, [...folder, ...tx()])
    const unsigned = readFileSync(p.file, 'utf8')
    // a service that does not answer, a URL that is no service API: refused before signing, nothing written
    const gone = await startFakeTxService({ rpcUrl })
    await gone.stop()
    const down = await run(['safe', 'sign', p.file, '--yes', '--json', '--tx-service', gone.url], as(B))
    expect([down.code, down.json<ErrorEnvelope>().error.code]).toEqual([4, 'TX_SERVICE_ERROR'])
    const notApi = await run(['safe', 'sign', p.file, '--yes', '--json', '--tx-service', `${service.url}/v9`], as(B))
    expect([notApi.code, notApi.json<ErrorEnvelope>().error.code]).toEqual([3, 'TX_SERVICE_URL_INVALID'])
    expect(readFileSync(p.file, 'utf8')).toBe(unsigned)
    // the lookup answers, the proposal POST does not: the signature is kept, the error names the file and the way on
    service.failNextPosts(1)
    const failed = await run(['safe', 'sign', p.file, '--yes', '--json', ...tx()], as(B))
    const error = failed.json<ErrorEnvelope>().error
    expect([failed.code, error.code]).toEqual([4, 'TX_SERVICE_PUSH_FAILED'])
    expect(error.data).toMatchObject({ file: p.file, owner: addr(B), pushed: false })
    expect(error.hints?.join(' ')).toContain(`vault safe push ${p.file}`)
    expect(JSON.parse(readFileSync(p.file, 'utf8')).signatures.map((x: { owner: string }) => x.owner)).toEqual([
      addr(B),
    ])
    expect(service.transactions.has(p.safeTxHash)).toBe(false)
    // signing again is refused (nothing is signed twice); the push publishes what the file holds
    const again = await run(['safe', 'sign', p.file, '--yes', '--json', ...tx()], as(B))
    expect([again.code, again.json<ErrorEnvelope>().error.code]).toEqual([3, 'PROPOSAL_ALREADY_SIGNED'])
    const pushed = await ok(['safe', 'push', p.file, ...tx()])
    expect(pushed).toMatchObject({ safeTxHash: p.safeTxHash, proposed: true })
    expect(service.transactions.get(p.safeTxHash)?.confirmations.map((c) => c.owner)).toEqual([addr(B)])
    expect(await ok(['safe', 'push', p.file, ...tx()])).toMatchObject({ proposed: false, alreadyThere: [addr(B)] })
  })

  it("a new proposal's nonce skips what the service has queued (another owner's proposal) as well as the local folder", async () => {
    // a service and a folder of its own: what earlier tests left queued does not count here
    const own = await startFakeTxService({ rpcUrl })
    const folder = ['--proposals-dir', tempDir()]
    const svc = ['--tx-service', own.url]
    try {
      const onChain = await client.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' })
      const first = await proposeThreshold(2, [...folder, ...svc])
      expect(BigInt(first.nonce)).toBe(onChain)
      await ok<SafeSignResult>(['safe', 'sign', first.file, '--yes', ...folder, ...svc], as(B))
      // another machine: an empty folder, the same service
      const elsewhere = await proposeThreshold(2, ['--proposals-dir', tempDir(), ...svc])
      expect(BigInt(elsewhere.nonce)).toBe(onChain + 1n)
      // and the local folder still counts when the service knows less
      const local = await proposeThreshold(2, [...folder, ...svc])
      expect(BigInt(local.nonce)).toBe(onChain + 1n)
      const third = await proposeThreshold(2, [...folder, ...svc])
      expect(BigInt(third.nonce)).toBe(onChain + 2n)
    } finally {
      await own.stop()
    }
  })

  it('refuses a top-level DELEGATECALL to a non-MultiSend target even with --yes, and warns of one in a batch', async () => {
    const profile = await net.profile()
    const stabilizer = profile.chains['138'].contracts.stabilizer as Address
    const dir = tempDir()
    const write = async (fields: { to: Address; data: Hex; operation: 0 | 1 }, name: string) => {
      const { proposal } = await buildProposal(client, { safe, chainId: 138, ...fields, description: name })
      const file = join(dir, `${name}.json`)
      await writeProposal(file, proposal)
      return { file, hash: proposal.safeTxHash }
    }
    const top = await write({ to: stabilizer, data: '0x', operation: 1 }, 'delegate')
    const before = readFileSync(top.file, 'utf8')
    for (const [args, key] of [
      [['safe', 'sign', top.file, '--yes'], B],
      [['safe', 'approve', top.file, '--yes'], C],
      [['safe', 'execute', top.file, '--yes'], OUTSIDER],
    ] as const) {
      const r = await run([...args, '--json'], as(key))
      expect(r.code, r.stdout + r.stderr).toBe(3)
      expect(r.json<ErrorEnvelope>().error.code).toBe('PROPOSAL_DELEGATECALL')
    }
    expect(readFileSync(top.file, 'utf8')).toBe(before)
    const approved = await client.readContract({
      address: safe,
      abi: safeAbi,
      functionName: 'approvedHashes',
      args: [addr(C), top.hash],
    })
    expect(approved).toBe(0n)
    // the explicit override exists, and says what it signs
    const overridden = await ok<SafeSignResult>(['safe', 'sign', top.file, '--yes', '--allow-delegatecall'], as(B))
    expect(overridden.warnings.join(' ')).toMatch(/DELEGATECALL to/)

    const batch = encodeMultiSend([{ to: stabilizer, data: '0x', operation: 1 }], { callOnly: false })
    const inner = await write(batch, 'batch-delegate')
    const shown = await ok<SafeShowResult>(['safe', 'show', inner.file])
    expect(shown.warnings).toEqual([expect.stringMatching(/call #1 of the MultiSend batch is a DELEGATECALL to/)])
    const signed = await ok<SafeSignResult>(['safe', 'sign', inner.file, '--yes'], as(B))
    expect(signed.warnings).toHaveLength(1)
  })

  it('safe reject <nonce> cancels what is queued there as the Safe web app does; export refuses what is used', async () => {
    // a folder of its own: the proposals earlier tests left queued are not in the way of the Safe's next nonce
    const folder = ['--proposals-dir', tempDir()]
    const p = await proposeThreshold(2, folder)
    const exported = await ok<TxBuilderBatch>(['safe', 'export', p.file])
    expect(exported.meta.description).toMatch(/separate Safe transaction/)
    const r = await ok<SafeRejectResult>(['safe', 'reject', p.nonce, '--yes', ...folder])
    expect(r).toMatchObject({ mode: 'proposed', nonce: p.nonce })
    const file = JSON.parse(readFileSync(r.file, 'utf8'))
    expect(file).toMatchObject({ to: safe, value: '0', data: '0x', operation: 0, nonce: p.nonce })
    for (const k of [A, B, C]) await ok<SafeSignResult>(['safe', 'sign', r.file, '--yes', ...folder], as(k))
    const before = await threshold(safe)
    await ok<SafeExecuteResult>(['safe', 'execute', r.file, '--yes', ...folder], as(OUTSIDER))
    expect(await client.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' })).toBe(BigInt(p.nonce) + 1n)
    expect(await threshold(safe)).toBe(before)
    const pending = await ok<SafePendingResult>(['safe', 'pending', ...folder])
    expect(pending.proposals.find((x) => x.safeTxHash === p.safeTxHash)?.status).toBe('nonce-used')
    const again = await run(['safe', 'reject', p.nonce, '--yes', '--json', ...folder])
    expect([again.code, again.json<ErrorEnvelope>().error.code]).toEqual([3, 'PROPOSAL_NONCE_USED'])
    const used = await run(['safe', 'export', p.file, '--json', ...folder])
    expect([used.code, used.json<ErrorEnvelope>().error.code]).toEqual([3, 'PROPOSAL_EXECUTED'])
  })

  it('never prints a key', () => {
    const all = outputs.join('\n').toLowerCase()
    for (const k of KEYS) expect(all).not.toContain(k.slice(2).toLowerCase())
  })
})

/** `encodeTransactionData` of a proposal file, from the Safe's own domainSeparator: 0x1901 ‖ domain ‖ struct hash. */
async function preimageOf(client: PublicClient, file: string): Promise<Hex> {
  const p = JSON.parse(readFileSync(file, 'utf8'))
  const domain = await client.readContract({
    address: p.safe,
    abi: parseAbi(['function domainSeparator() view returns (bytes32)']),
    functionName: 'domainSeparator',
  })
  const typeHash = keccak256(
    toBytes(
      'SafeTx(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 baseGas,uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce)',
    ),
  )
  const struct = keccak256(
    encodeAbiParameters(
      parseAbiParameters(
        'bytes32, address, uint256, bytes32, uint8, uint256, uint256, uint256, address, address, uint256',
      ),
      [
        typeHash,
        p.to,
        BigInt(p.value),
        keccak256(p.data),
        p.operation,
        BigInt(p.safeTxGas),
        BigInt(p.baseGas),
        BigInt(p.gasPrice),
        p.gasToken,
        p.refundReceiver,
        BigInt(p.nonce),
      ],
    ),
  )
  const preimage = concat(['0x1901', domain, struct])
  expect(keccak256(preimage)).toBe(p.safeTxHash)
  return preimage
}
