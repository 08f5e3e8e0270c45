import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Address,
  createPublicClient,
  encodeFunctionData,
  type Hex,
  http,
  type PublicClient,
  parseAbi,
  zeroAddress,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SafeExecuteResult } from '../../src/commands/safe/execute.js'
import type { SafeImportResult } from '../../src/commands/safe/import.js'
import type { SafeProposeResult } from '../../src/commands/safe/propose.js'
import type { SafeSignResult } from '../../src/commands/safe/sign.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { safeAbi } from '../../src/safe/abi.js'
import { type TxBuilderBatch, txBuilderChecksum } from '../../src/safe/tx-builder.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

/** Issue 14 item 9: signatures and transactions made by other Safe tools come in through checks, never unread. */
const [A, B, C] = LOCAL_KEYS.owners
const OUTSIDER = LOCAL_KEYS.outsider
const addr = (k: Hex) => privateKeyToAccount(k).address
const as = (key: Hex) => ({ VAULT_PRIVATE_KEY: key })
const KEYS = [A, B, C, OUTSIDER, LOCAL_KEYS.deployer]
const SAFE_TX_TYPES = {
  SafeTx: [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'operation', type: 'uint8' },
    { name: 'safeTxGas', type: 'uint256' },
    { name: 'baseGas', type: 'uint256' },
    { name: 'gasPrice', type: 'uint256' },
    { name: 'gasToken', type: 'address' },
    { name: 'refundReceiver', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const
const changeThreshold = (n: bigint) => encodeFunctionData({ abi: safeAbi, functionName: 'changeThreshold', args: [n] })

describe('safe add-signature and safe import', () => {
  let net: TestLocalnet
  let safe: Address
  let stabilizer: Address
  let client: PublicClient
  let proposalsDir: string
  const dirs: string[] = []
  const { ok, refused, outputs } = cliRunner(() => net)
  const tempFile = (name: string, json: unknown) => {
    const d = mkdtempSync(join(tmpdir(), 'vault-import-'))
    dirs.push(d)
    const file = join(d, name)
    writeFileSync(file, JSON.stringify(json, null, 2))
    return file
  }
  const nonce = () => client.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' })
  const threshold = () => client.readContract({ address: safe, abi: safeAbi, functionName: 'getThreshold' })
  const files = () =>
    readdirSync(proposalsDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  /** EIP-712 SafeTx signature as the web app or protocol-kit makes it (viem's own, not vault's code). */
  const sign712 = (key: Hex, fields: Record<string, unknown>) =>
    privateKeyToAccount(key).signTypedData({
      domain: { chainId: 138, verifyingContract: safe },
      types: SAFE_TX_TYPES,
      primaryType: 'SafeTx',
      message: fields as never,
    })

  beforeAll(async () => {
    net = await sharedLocalnet()
    const profile = await net.profile()
    safe = profile.safe.address
    stabilizer = profile.chains['138'].contracts.stabilizer
    proposalsDir = join(net.configDir, 'proposals')
    client = createPublicClient({ transport: http(`http://127.0.0.1:${net.ports['138']}`) }) as PublicClient
  })
  afterAll(async () => {
    await net?.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('add-signature checks an EIP-712 and an eth_sign signature against the SafeTx hash and the owners', async () => {
    const p = await ok<SafeProposeResult>(
      ['safe', 'propose', '--to', safe, '--call', 'changeThreshold(uint256)', '3', '--yes'],
      as(A),
    )
    const file = JSON.parse(readFileSync(p.file, 'utf8'))
    const fields = { ...file, value: BigInt(file.value), nonce: BigInt(file.nonce) }
    const byB = await sign712(B, fields)
    const raw = await privateKeyToAccount(C).signMessage({ message: { raw: p.safeTxHash } })
    const byC = `${raw.slice(0, 130)}${(Number.parseInt(raw.slice(130), 16) + 4).toString(16)}` as Hex
    const before = readFileSync(p.file, 'utf8')
    const add = (signer: string, signature: string) => [
      'safe',
      'add-signature',
      p.file,
      '--signer',
      signer,
      '--signature',
      signature,
    ]
    await refused(add(addr(OUTSIDER), await sign712(OUTSIDER, fields)), 'PROPOSAL_NOT_OWNER')
    await refused(add(addr(A), byB), 'PROPOSAL_BAD_SIGNATURE')
    await refused(add(addr(B), await sign712(B, { ...fields, nonce: fields.nonce + 1n })), 'PROPOSAL_BAD_SIGNATURE')
    await refused(add(addr(B), '0x1234'), 'PROPOSAL_BAD_SIGNATURE')
    expect(readFileSync(p.file, 'utf8')).toBe(before)

    expect(await ok(add(addr(B), byB))).toMatchObject({ owner: addr(B), type: 'eip712', signatures: 1 })
    await refused(add(addr(B), byB), 'PROPOSAL_ALREADY_SIGNED')
    expect(await ok(add(addr(C), byC))).toMatchObject({ owner: addr(C), type: 'ethSign', signatures: 2 })
    const ex = await ok<SafeExecuteResult>(['safe', 'execute', p.file, '--yes'], as(OUTSIDER))
    expect([...ex.signers].sort()).toEqual([addr(B), addr(C)].sort())
    expect(await threshold()).toBe(3n)
  })

  it('imports a Transaction Builder batch (contractMethod entries encoded) after checking chain and checksum', async () => {
    const keeper = addr(OUTSIDER)
    const body = {
      version: '1.0',
      chainId: '138',
      createdAt: 1733000000000,
      meta: {
        name: 'add keeper',
        description: 'from the Safe app',
        txBuilderVersion: '1.17.1',
        createdFromSafeAddress: safe,
      },
      transactions: [
        {
          to: stabilizer,
          value: '0',
          data: null,
          contractMethod: {
            inputs: [
              { internalType: 'address', name: 'keeper', type: 'address' },
              { internalType: 'bool', name: 'allowed', type: 'bool' },
            ],
            name: 'setKeeper',
            payable: false,
          },
          contractInputsValues: { keeper, allowed: 'true' },
        },
        { to: safe, value: '0', data: changeThreshold(2n), contractMethod: null, contractInputsValues: null },
      ],
    }
    const batch = { ...body, meta: { ...body.meta, checksum: txBuilderChecksum(body as unknown as TxBuilderBatch) } }
    const before = files()
    await refused(
      ['safe', 'import', tempFile('other-chain.json', { ...batch, chainId: '651940' }), '--yes'],
      'PROPOSAL_WRONG_CHAIN',
    )
    const tampered = structuredClone(batch)
    tampered.transactions[0].contractInputsValues = { keeper: addr(A), allowed: 'true' }
    await refused(['safe', 'import', tempFile('tampered.json', tampered), '--yes'], 'IMPORT_CHECKSUM_MISMATCH')
    expect(files()).toEqual(before)

    const r = await ok<SafeImportResult>(['safe', 'import', tempFile('batch.json', batch), '--yes'])
    expect(r).toMatchObject({ format: 'tx-builder', mode: 'proposed', nonce: String(await nonce()) })
    const written = JSON.parse(readFileSync(r.file, 'utf8'))
    expect(written.description).toBe('add keeper: from the Safe app')
    expect(written.decoded.calls.map((c: { decoded: { method: string } }) => c.decoded?.method)).toEqual([
      'setKeeper(address,bool)',
      'changeThreshold(uint256)',
    ])
    expect(written.decoded.calls[0].decoded.args).toEqual([keeper, 'true'])
    for (const k of [A, B, C]) await ok<SafeSignResult>(['safe', 'sign', r.file, '--yes'], as(k))
    await ok<SafeExecuteResult>(['safe', 'execute', r.file, '--yes'], as(OUTSIDER))
    const isKeeper = parseAbi(['function isKeeper(address) view returns (bool)'])
    expect(
      await client.readContract({ address: stabilizer, abi: isKeeper, functionName: 'isKeeper', args: [keeper] }),
    ).toBe(true)
    expect(await threshold()).toBe(2n)
  })

  it('imports a protocol-kit transaction with its own nonce and signature, and refuses a forged one', async () => {
    const { openSafeKit } = await import('../../src/safe/kit.js')
    const rpcUrl = `http://127.0.0.1:${net.ports['138']}`
    const n = await nonce()
    const kit = await openSafeKit({ rpcUrl, chainId: 138, safe, signer: B })
    const created = await kit.createTransaction({
      transactions: [{ to: safe, value: '0', data: changeThreshold(1n) }],
      options: { nonce: Number(n) },
    })
    const signed = await kit.signTransaction(created)
    const signatures = [...signed.signatures.values()].map((s) => ({
      signer: s.signer,
      data: s.data,
      isContractSignature: s.isContractSignature,
    }))
    const json = { data: signed.data, signatures }
    const hash = await kit.getTransactionHash(signed)

    const before = files()
    const forged = { ...json, signatures: [{ ...signatures[0], signer: addr(C) }] }
    await refused(['safe', 'import', tempFile('forged.json', forged), '--yes'], 'PROPOSAL_BAD_SIGNATURE')
    const refund = { ...json, data: { ...json.data, gasPrice: '1', refundReceiver: zeroAddress } }
    await refused(['safe', 'import', tempFile('refund.json', refund), '--yes'], 'IMPORT_UNSUPPORTED')
    expect(files()).toEqual(before)

    const r = await ok<SafeImportResult>(['safe', 'import', tempFile('kit.json', json), '--yes'])
    expect(r).toMatchObject({
      format: 'protocol-kit',
      safeTxHash: hash.toLowerCase(),
      nonce: String(n),
      signatures: [addr(B)],
    })
    await ok<SafeSignResult>(['safe', 'sign', r.file, '--yes'], as(C))
    await ok<SafeExecuteResult>(['safe', 'execute', r.file, '--yes'], as(OUTSIDER))
    expect(await threshold()).toBe(1n)
  })

  it('never prints a key', () => {
    const all = outputs.join('\n').toLowerCase()
    for (const k of KEYS) expect(all).not.toContain(k.slice(2).toLowerCase())
  })
})
