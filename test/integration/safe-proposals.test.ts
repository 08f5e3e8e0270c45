// Safe proposals end to end on anvil. Over 300 lines: the cases share one Safe and its proposals folder.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  http,
  type PublicClient,
} from 'viem'
import { type HDAccount, mnemonicToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VaultError } from '../../src/core/errors.js'
import { safeAbi } from '../../src/safe/abi.js'
import { buildProposal } from '../../src/safe/build.js'
import { deploySafe, deploySafeInfrastructure, SAFE_141 } from '../../src/safe/deploy.js'
import { executeProposal } from '../../src/safe/execute.js'
import { encodeMultiSend } from '../../src/safe/multisend.js'
import { pendingProposals, proposalFileName, queuedNonces } from '../../src/safe/pending.js'
import { type Proposal, readProposal } from '../../src/safe/proposal.js'
import { pushProposal } from '../../src/safe/push.js'
import { approveHash, collectSignatures, signProposal } from '../../src/safe/sign.js'
import { writeProposal } from '../../src/safe/store.js'
import { isValidTxBuilderChecksum, toTransactionBuilder } from '../../src/safe/tx-builder.js'
import { fetchPending, fetchProposal } from '../../src/safe/tx-service.js'
import { type Anvil, startAnvil } from '../helpers/anvil.js'
import { type FakeTxService, startFakeTxService } from '../helpers/tx-service.js'

const MNEMONIC = 'test test test test test test test test test test test junk'
const [executor, a, b, c, d] = [0, 1, 2, 3, 4].map((i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }))

function clientsFor(anvil: Anvil, account: HDAccount = executor) {
  const chain = defineChain({
    id: anvil.chainId,
    name: `local-${anvil.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [anvil.url] } },
  })
  const publicClient = createPublicClient({ chain, transport: http(anvil.url) }) as PublicClient
  const walletClient = createWalletClient({ chain, transport: http(anvil.url), account })
  return { publicClient, walletClient }
}

async function refusal(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise
  } catch (e) {
    if (e instanceof VaultError) return e
    throw e
  }
  throw new Error('expected a VaultError, but the call succeeded')
}

describe('Safe proposals on a local chain (2-of-3)', () => {
  let l1: Anvil
  let l2: Anvil
  let dir: string
  let salt = 100n
  let service: FakeTxService
  const owners = () => [a.address, b.address, c.address] as Address[]

  beforeAll(async () => {
    ;[l1, l2] = await Promise.all([startAnvil(138), startAnvil(651940)])
    service = await startFakeTxService({ rpcUrl: l1.url })
    dir = await mkdtemp(join(tmpdir(), 'vault-safe-'))
    await Promise.all(
      [clientsFor(l1), clientsFor(l2)].map((x) => deploySafeInfrastructure(x.publicClient, x.walletClient)),
    )
  })
  afterAll(async () => {
    await Promise.all([l1?.stop(), l2?.stop(), service?.stop(), dir && rm(dir, { recursive: true, force: true })])
  })

  const deps = () => clientsFor(l1)
  const pc = () => deps().publicClient
  const w = (l: Anvil, who: typeof a) => {
    const x = clientsFor(l, who)
    return [x.publicClient, x.walletClient] as const
  }
  const approveAs = (who: typeof a, proposal: Proposal) => {
    const [client, wallet] = w(l1, who)
    return approveHash(client, { wallet, proposal })
  }
  const wc = () => deps().walletClient
  const newSafe = () => deploySafe(pc(), { wallet: wc(), owners: owners(), threshold: 2, saltNonce: salt++ })
  const read = <F extends 'getOwners' | 'getThreshold' | 'nonce'>(safe: Address, functionName: F) =>
    pc().readContract({ address: safe, abi: safeAbi, functionName })
  const selfCall = (safe: Address, data: `0x${string}`, extra: Partial<Parameters<typeof buildProposal>[1]> = {}) =>
    buildProposal(pc(), {
      safe,
      chainId: 138,
      to: safe,
      data,
      description: 'test',
      ...extra,
    })
  const addOwner = (owner: Address, threshold: bigint) =>
    encodeFunctionData({ abi: safeAbi, functionName: 'addOwnerWithThreshold', args: [owner, threshold] })
  const changeThreshold = (t: bigint) =>
    encodeFunctionData({ abi: safeAbi, functionName: 'changeThreshold', args: [t] })

  it('build → sign (file) by B → sign by C → execute: the call takes effect', async () => {
    const safe = await newSafe()
    const { proposal, warnings, safeNonce } = await selfCall(safe, addOwner(d.address, 2n))
    expect(warnings).toEqual([])
    expect(safeNonce).toBe(0n)
    expect(proposal.decoded).toEqual({ method: 'addOwnerWithThreshold(address,uint256)', args: [d.address, '2'] })
    const file = join(dir, proposalFileName(proposal))
    await writeProposal(file, proposal)

    const s1 = await signProposal(pc(), { proposal: await readProposal(file, { chainId: 138, safe }), account: b })
    await writeProposal(file, s1.proposal)
    const s2 = await signProposal(pc(), { proposal: await readProposal(file, { chainId: 138, safe }), account: c })
    await writeProposal(file, s2.proposal)
    expect(s2.signatures).toBe(2)

    const signed = await readProposal(file, { chainId: 138, safe })
    const collected = await collectSignatures(pc(), signed)
    expect(collected.signatures.map((s) => s.owner)).toEqual(
      [b.address, c.address].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)),
    )
    const result = await executeProposal(pc(), { wallet: wc(), proposal: signed, maxGasPrice: 10n ** 12n })
    expect(result.events.some((e) => e.name === 'ExecutionSuccess' && e.args.txHash === proposal.safeTxHash)).toBe(true)
    expect(result.events.some((e) => e.name === 'AddedOwner' && e.args.owner === d.address)).toBe(true)
    const [after, nonce] = await Promise.all([read(safe, 'getOwners'), read(safe, 'nonce')])
    expect(after).toContain(d.address)
    expect(nonce).toBe(1n)

    // The same proposal can never run again, and signing it is refused too.
    expect((await refusal(executeProposal(pc(), { wallet: wc(), proposal: signed }))).code).toBe('PROPOSAL_NONCE_USED')
    expect((await refusal(signProposal(pc(), { proposal, account: a }))).code).toBe('PROPOSAL_NONCE_USED')
    expect((await refusal(selfCall(safe, changeThreshold(1n), { nonce: 0n }))).code).toBe('PROPOSAL_NONCE_USED')
  })

  it('one file signature plus one on-chain approveHash reach the threshold', async () => {
    const safe = await newSafe()
    const { proposal } = await selfCall(safe, changeThreshold(3n))
    const signed = (await signProposal(pc(), { proposal, account: a })).proposal
    const approval = await approveAs(c, signed)
    expect(approval.alreadyApproved).toBe(false)
    expect((await approveAs(c, signed)).alreadyApproved).toBe(true)
    const collected = await collectSignatures(pc(), signed)
    expect(collected.signatures.map((s) => [s.owner, s.type])).toEqual(
      expect.arrayContaining([
        [a.address, 'eip712'],
        [c.address, 'approvedHash'],
      ]),
    )
    await executeProposal(pc(), { wallet: wc(), proposal: signed })
    expect(await read(safe, 'getThreshold')).toBe(3n)
  })

  it('an owner who executes counts as one approval', async () => {
    const safe = await newSafe()
    const { proposal } = await selfCall(safe, changeThreshold(1n))
    const signed = (await signProposal(pc(), { proposal, account: b })).proposal
    const [client, wallet] = w(l1, a)
    const result = await executeProposal(client, { wallet, proposal: signed })
    expect(result.signers.sort()).toEqual([a.address, b.address].sort())
    expect(await read(safe, 'getThreshold')).toBe(1n)
  })

  it('executes a MultiSend batch of two calls atomically', async () => {
    const safe = await newSafe()
    const batch = encodeMultiSend([
      { to: safe, data: addOwner(d.address, 2n) },
      { to: safe, data: changeThreshold(4n) },
    ])
    const { proposal, warnings } = await buildProposal(pc(), { safe, chainId: 138, ...batch, description: 'batch' })
    expect(warnings).toEqual([])
    expect(proposal.to).toBe(SAFE_141.MultiSendCallOnly)
    expect(proposal.decoded?.calls?.map((x) => x.decoded?.method)).toEqual([
      'addOwnerWithThreshold(address,uint256)',
      'changeThreshold(uint256)',
    ])
    let p = (await signProposal(pc(), { proposal, account: a })).proposal
    p = (await signProposal(pc(), { proposal: p, account: b })).proposal
    await executeProposal(pc(), { wallet: wc(), proposal: p })
    const [ownersAfter, threshold] = await Promise.all([read(safe, 'getOwners'), read(safe, 'getThreshold')])
    expect(ownersAfter).toContain(d.address)
    expect(threshold).toBe(4n)

    // A batch whose second call fails changes nothing: the first call is rolled back with it.
    const bad = encodeMultiSend([
      { to: safe, data: addOwner(executor.address, 4n) },
      { to: safe, data: changeThreshold(9n) },
    ])
    let q = (await buildProposal(pc(), { safe, chainId: 138, ...bad })).proposal
    for (const signer of [a, b, c, d]) q = (await signProposal(pc(), { proposal: q, account: signer })).proposal
    const err = await refusal(executeProposal(pc(), { wallet: wc(), proposal: q }))
    expect(err.code).toBe('SAFE_TX_REVERTED')
    expect(err.exitClass).toBe('tx')
    expect(err.details).toContain('GS013')
    expect(await read(safe, 'getOwners')).not.toContain(executor.address)
    expect(await read(safe, 'nonce')).toBe(1n)
  })

  it('refuses with clear errors and executes nothing', async () => {
    const safe = await newSafe()
    const { proposal } = await selfCall(safe, changeThreshold(1n))
    const file = join(dir, 'refusals.json')

    // A signature from someone who is not an owner.
    const notOwner = await refusal(signProposal(pc(), { proposal, account: d }))
    expect([notOwner.code, notOwner.exitClass]).toEqual(['PROPOSAL_NOT_OWNER', 'usage'])

    // Below threshold: one signature, executor not an owner.
    const once = (await signProposal(pc(), { proposal, account: b })).proposal
    const below = await refusal(executeProposal(pc(), { wallet: wc(), proposal: once }))
    expect(below.code).toBe('BELOW_THRESHOLD')
    expect(below.data).toMatchObject({ have: 1, need: 2 })
    expect((await refusal(signProposal(pc(), { proposal: once, account: b }))).code).toBe('PROPOSAL_ALREADY_SIGNED')

    // A non-owner's valid signature slipped into the file does not count.
    const forged = (await signProposal(pc(), { proposal, account: b })).proposal
    const dSig = await d.signTypedData({
      domain: { chainId: 138, verifyingContract: safe },
      types: (await import('../../src/safe/safe-tx.js')).SAFE_TX_TYPES,
      primaryType: 'SafeTx',
      message: { ...proposal },
    })
    const withStranger: Proposal = {
      ...forged,
      signatures: [...forged.signatures, { owner: d.address, signature: dSig, type: 'eip712' }],
    }
    const stranger = await refusal(executeProposal(pc(), { wallet: wc(), proposal: withStranger }))
    expect(stranger.code).toBe('BELOW_THRESHOLD')
    expect(stranger.details).toContain('not an owner')

    // The stranger's signature labelled as owner C's.
    await writeProposal(file, {
      ...forged,
      signatures: [...forged.signatures, { owner: c.address, signature: dSig, type: 'eip712' }],
    })
    expect((await refusal(readProposal(file))).code).toBe('PROPOSAL_BAD_SIGNATURE')

    // File edited after signing: value, or the decoded text shown to signers.
    const signed2 = (await signProposal(pc(), { proposal: once, account: c })).proposal
    await writeProposal(file, signed2)
    const json = JSON.parse(await readFile(file, 'utf8'))
    await writeFile(file, JSON.stringify({ ...json, data: changeThreshold(2n) }))
    expect((await refusal(readProposal(file))).code).toBe('PROPOSAL_HASH_MISMATCH')
    await writeFile(file, JSON.stringify({ ...json, decoded: { method: 'changeThreshold(uint256)', args: ['2'] } }))
    expect((await refusal(readProposal(file))).code).toBe('PROPOSAL_SCHEMA')
    await writeFile(file, JSON.stringify({ ...json, nonce: 'one' }))
    expect((await refusal(readProposal(file))).code).toBe('PROPOSAL_SCHEMA')

    // The proposal for chain 138 offered on chain 651940 (same Safe address there).
    await writeProposal(file, signed2)
    expect((await refusal(readProposal(file, { chainId: 651940 }))).code).toBe('PROPOSAL_WRONG_CHAIN')
    expect((await refusal(readProposal(file, { safe: executor.address }))).code).toBe('PROPOSAL_WRONG_SAFE')
    const other = clientsFor(l2)
    await deploySafe(other.publicClient, {
      wallet: other.walletClient,
      owners: owners(),
      threshold: 2,
      saltNonce: salt - 1n,
    })
    expect(
      (await refusal(executeProposal(other.publicClient, { wallet: other.walletClient, proposal: signed2 }))).code,
    ).toBe('PROPOSAL_WRONG_CHAIN')
    expect(await other.publicClient.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' })).toBe(0n)

    // Gas price above the cap.
    const capped = await refusal(executeProposal(pc(), { wallet: wc(), proposal: signed2, maxGasPrice: 1n }))
    expect([capped.code, capped.exitClass]).toEqual(['GAS_PRICE_ABOVE_CAP', 'condition'])

    // Nothing ran on chain 138 either.
    expect([await read(safe, 'nonce'), await read(safe, 'getThreshold')]).toEqual([0n, 2n])
  })

  it('flags DELEGATECALL to anything but MultiSend', async () => {
    const safe = await newSafe()
    const odd = await buildProposal(pc(), { safe, chainId: 138, to: SAFE_141.CreateCall, data: '0x', operation: 1 })
    expect(odd.warnings).toHaveLength(1)
    expect(odd.warnings[0]).toContain('DELEGATECALL')
    const ok = await buildProposal(pc(), { safe, chainId: 138, to: SAFE_141.MultiSend, data: '0x', operation: 1 })
    expect(ok.warnings).toEqual([])
  })

  it('queues nonces, lists pending proposals and exports a Transaction Builder batch', async () => {
    const safe = await newSafe()
    const qdir = await mkdtemp(join(tmpdir(), 'vault-queue-'))
    const first = (await selfCall(safe, addOwner(d.address, 2n))).proposal
    await writeProposal(
      join(qdir, proposalFileName(first)),
      (await signProposal(pc(), { proposal: first, account: a })).proposal,
    )
    const queued = await queuedNonces(qdir, { chainId: 138, safe })
    expect(queued).toEqual([0n])
    const second = (await selfCall(safe, changeThreshold(3n), { queued })).proposal
    expect(second.nonce).toBe(1n)
    await writeProposal(join(qdir, proposalFileName(second)), second)
    await writeFile(join(qdir, 'junk.json'), '{"version":1}')

    let summary = await pendingProposals(pc(), { dir: qdir, safe })
    expect(summary.proposals.map((p) => [p.nonce, p.status, p.missing])).toEqual([
      [undefined, 'invalid', 2],
      [0n, 'awaiting-signatures', 1],
      [1n, 'awaiting-signatures', 2],
    ])
    await approveAs(b, first)
    summary = await pendingProposals(pc(), { dir: qdir, safe })
    const row = summary.proposals.find((p) => p.nonce === 0n)
    expect(row).toMatchObject({ status: 'ready', missing: 0, signedBy: [a.address], approvedOnChain: [b.address] })

    const batch = toTransactionBuilder([second, first], {
      name: 'ops',
      description: 'two changes',
      createdAt: 1_700_000_000_000,
    })
    expect(batch.chainId).toBe('138')
    expect(batch.meta.createdFromSafeAddress).toBe(safe)
    expect(batch.transactions.map((t) => t.data)).toEqual([first.data, second.data])
    expect(isValidTxBuilderChecksum(JSON.parse(JSON.stringify(batch)))).toBe(true)
    // Renaming keeps the checksum (name is excluded); changing a call breaks it.
    expect(isValidTxBuilderChecksum({ ...batch, meta: { ...batch.meta, name: 'renamed' } })).toBe(true)
    expect(isValidTxBuilderChecksum({ ...batch, transactions: [batch.transactions[0]] })).toBe(false)
    await rm(qdir, { recursive: true, force: true })
  })

  it('proposes, confirms and executes through a Safe Transaction Service', async () => {
    const safe = await newSafe()
    const config = { txServiceUrl: service.url, chainId: 138 }
    const { proposal } = await selfCall(safe, changeThreshold(1n), { description: 'lower threshold' })
    const byB = (await signProposal(pc(), { proposal, account: b })).proposal
    const pushed = await pushProposal(config, byB)
    expect(pushed).toMatchObject({ proposed: true, confirmed: [], alreadyThere: [b.address] })

    // Owner C picks it up from the service, signs, and pushes the confirmation.
    const fetched = await fetchProposal(config, proposal.safeTxHash)
    expect(fetched.description).toBe('lower threshold')
    const byC = (await signProposal(pc(), { proposal: fetched, account: c })).proposal
    expect(await pushProposal(config, byC)).toMatchObject({ proposed: false, confirmed: [c.address] })

    const pending = await fetchPending(config, safe, 0n)
    expect(pending).toHaveLength(1)
    expect(pending[0].signatures.map((s) => s.owner).sort()).toEqual([b.address, c.address].sort())
    await executeProposal(pc(), { wallet: wc(), proposal: pending[0] })
    expect(await read(safe, 'getThreshold')).toBe(1n)
    expect(service.requests).toEqual(
      expect.arrayContaining([
        `POST /api/v2/safes/${safe}/multisig-transactions/`,
        `POST /api/v1/multisig-transactions/${proposal.safeTxHash}/confirmations/`,
        `GET /api/v2/multisig-transactions/${proposal.safeTxHash}/`,
      ]),
    )
    expect(service.requests.some((r) => r.includes('executed=false') && r.includes('nonce__gte=0'))).toBe(true)
  })
})
