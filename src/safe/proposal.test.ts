import { readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import {
  type Abi,
  type Address,
  encodeFunctionData,
  keccak256,
  parseAbi,
  size,
  stringToHex,
  toEventSelector,
  toFunctionSelector,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { formatAbiItem } from 'viem/utils'
import { describe, expect, it } from 'vitest'
import { blockTempDir, signedBy, testProposal } from '../../test/helpers/proposals.js'
import { VaultError } from '../core/errors.js'
import { multiSendAbi, safeAbi, safeProxyFactoryAbi } from './abi.js'
import { nextNonce } from './build.js'
import { proposalWarnings } from './delegatecall.js'
import { SAFE_141 } from './deploy.js'
import { decodeMultiSend, describeCall, encodeMultiSend, unpackMultiSend } from './multisend.js'
import { type Proposal, proposalToJson, readProposal } from './proposal.js'
import { safeTxOf, safeTxTypedData } from './safe-tx.js'
import { approvedHashSignature } from './sign.js'
import { writeProposal } from './store.js'
import { isValidTxBuilderChecksum, type TxBuilderBatch, txBuilderChecksum } from './tx-builder.js'

const owner = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const stranger = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a')
const SAFE: Address = '0x1111111111111111111111111111111111111111'
const TARGET: Address = '0x2222222222222222222222222222222222222222'
const erc20 = parseAbi(['function transfer(address to, uint256 amount) returns (bool)'])

async function refusal(p: Promise<unknown>): Promise<VaultError> {
  try {
    await p
  } catch (e) {
    if (e instanceof VaultError) return e
    throw e
  }
  throw new Error('expected a VaultError')
}

function makeProposal(): Proposal {
  const data = encodeFunctionData({ abi: erc20, functionName: 'transfer', args: [TARGET, 5_000_000n] })
  return testProposal({ safe: SAFE, to: TARGET, data, description: 'pay', decoded: describeCall(data, [erc20]) })
}

describe('Safe ABI fragments', () => {
  it('match the Safe v1.4.1 artifacts', () => {
    const require = createRequire(import.meta.url)
    const base = '@safe-global/safe-contracts/build/artifacts/contracts/'
    const id = (x: Abi[number]) =>
      x.type === 'function'
        ? toFunctionSelector(formatAbiItem(x))
        : x.type === 'event'
          ? toEventSelector(formatAbiItem(x)) + x.inputs.map((i) => (i.indexed ? 'i' : '-')).join('')
          : ''
    for (const [mine, file] of [
      [safeAbi, 'SafeL2.sol/SafeL2.json'],
      [safeProxyFactoryAbi, 'proxies/SafeProxyFactory.sol/SafeProxyFactory.json'],
      [multiSendAbi, 'libraries/MultiSend.sol/MultiSend.json'],
    ] as const) {
      const real = (require(`${base}${file}`) as { abi: Abi }).abi
      for (const item of mine as Abi) {
        const match = real.find((r) => r.type === item.type && 'name' in r && 'name' in item && r.name === item.name)
        expect(match && id(match), `${file} ${'name' in item ? item.name : ''}`).toBe(id(item))
      }
    }
  })
})

describe('MultiSend encoding', () => {
  const calls = [
    { to: TARGET, value: 7n, data: '0xdeadbeef' as const },
    { to: SAFE, data: '0x' as const },
  ]
  it('packs operation, to, value, length and data per call and round-trips', () => {
    const batch = encodeMultiSend(calls)
    expect(batch).toMatchObject({ to: SAFE_141.MultiSendCallOnly, operation: 1, value: 0n })
    const inner = decodeMultiSend(batch.data)
    expect(inner).toEqual([
      { operation: 0, to: TARGET, value: 7n, data: '0xdeadbeef' },
      { operation: 0, to: SAFE, value: 0n, data: '0x' },
    ])
    // 85-byte header per call plus its data; a truncated batch is refused.
    const packed = encodeMultiSend([calls[0]]).data
    expect(() => decodeMultiSend(packed.slice(0, -2 - 64) as `0x${string}`)).toThrow(VaultError)
    expect(() => unpackMultiSend(`0x${'00'.repeat(84)}`)).toThrow('truncated')
  })
  it('refuses DELEGATECALL inside MultiSendCallOnly but allows it in MultiSend', () => {
    expect(() => encodeMultiSend([{ to: TARGET, operation: 1 }])).toThrow(VaultError)
    expect(encodeMultiSend([{ to: TARGET, operation: 1 }], { callOnly: false }).to).toBe(SAFE_141.MultiSend)
    expect(() => encodeMultiSend([])).toThrow(VaultError)
  })
  it('describes nested calls with the given ABIs', () => {
    const transfer = encodeFunctionData({ abi: erc20, functionName: 'transfer', args: [SAFE, 1n] })
    const d = describeCall(encodeMultiSend([{ to: TARGET, data: transfer }]).data, [erc20])
    expect(d?.method).toBe('multiSend(bytes)')
    expect(d?.calls?.[0].decoded).toEqual({ method: 'transfer(address,uint256)', args: [SAFE, '1'] })
    expect(describeCall('0x12345678')).toBeNull()
    expect(describeCall('0x')).toBeNull()
  })
})

describe('nonces and warnings', () => {
  it('picks the nonce after the highest unused queued one', () => {
    expect(nextNonce(4n)).toBe(4n)
    expect(nextNonce(4n, [1n, 2n])).toBe(4n)
    expect(nextNonce(4n, [4n, 5n])).toBe(6n)
    expect(nextNonce(4n, [7n])).toBe(8n)
  })
  it('warns on DELEGATECALL outside MultiSend', () => {
    expect(proposalWarnings({ to: TARGET, operation: 1 })).toHaveLength(1)
    expect(proposalWarnings({ to: SAFE_141.MultiSend, operation: 1 })).toEqual([])
    expect(proposalWarnings({ to: TARGET, operation: 0 })).toEqual([])
  })
  it('builds the pre-validated signature r = owner, s = 0, v = 1', () => {
    const sig = approvedHashSignature(owner.address)
    expect(size(sig)).toBe(65)
    expect(sig.slice(26, 66)).toBe(owner.address.slice(2).toLowerCase())
    expect(sig.slice(66, 130)).toBe('0'.repeat(64))
    expect(sig.slice(130)).toBe('01')
  })
})

describe('proposal files', () => {
  const dir = blockTempDir('vault-proposal-')

  it('round-trips through a file with bigints as decimal strings and no temp files left', async () => {
    const p = makeProposal()
    const signed = await signedBy(p, owner)
    const file = join(dir(), 'a.json')
    await writeProposal(file, signed)
    const json = JSON.parse(await readFile(file, 'utf8'))
    expect(json).toEqual(proposalToJson(signed))
    expect(json.nonce).toBe('3')
    expect(await readProposal(file, { chainId: 138, safe: SAFE })).toEqual(signed)
    expect(await readdir(dir())).toEqual(['a.json'])
  })

  it('refuses each kind of bad file with its own code', async () => {
    const p = makeProposal()
    const file = join(dir(), 'b.json')
    const write = (o: unknown) => writeFile(file, JSON.stringify(o))
    const base = proposalToJson(p)
    const cases: [unknown, string][] = [
      [{ ...base, version: 2 }, 'PROPOSAL_SCHEMA'],
      [{ ...base, value: '-1' }, 'PROPOSAL_SCHEMA'],
      [{ ...base, to: '0x1234' }, 'PROPOSAL_SCHEMA'],
      [{ ...base, value: '1' }, 'PROPOSAL_HASH_MISMATCH'],
      [{ ...base, nonce: '4' }, 'PROPOSAL_HASH_MISMATCH'],
      [{ ...base, decoded: { method: 'transfer(address,uint256)', args: [TARGET, '6000000'] } }, 'PROPOSAL_SCHEMA'],
    ]
    for (const [content, code] of cases) {
      await write(content)
      expect((await refusal(readProposal(file))).code, JSON.stringify(content).slice(0, 80)).toBe(code)
    }
    await writeFile(file, '{not json')
    expect((await refusal(readProposal(file))).code).toBe('PROPOSAL_SCHEMA')
    expect((await refusal(readProposal(join(dir(), 'missing.json')))).code).toBe('PROPOSAL_NOT_FOUND')

    const bySomeoneElse = await stranger.signTypedData(safeTxTypedData(138, SAFE, safeTxOf(p)))
    await write({ ...base, signatures: [{ owner: owner.address, signature: bySomeoneElse, type: 'eip712' }] })
    const bad = await refusal(readProposal(file))
    expect(bad.code).toBe('PROPOSAL_BAD_SIGNATURE')
    expect(bad.details).toContain(stranger.address)
    // A signature over the same fields for another chain does not verify either.
    const otherChain = await owner.signTypedData(safeTxTypedData(651940, SAFE, safeTxOf(p)))
    await write({ ...base, signatures: [{ owner: owner.address, signature: otherChain, type: 'eip712' }] })
    expect((await refusal(readProposal(file))).code).toBe('PROPOSAL_BAD_SIGNATURE')

    await write(base)
    expect((await refusal(readProposal(file, { chainId: 651940 }))).code).toBe('PROPOSAL_WRONG_CHAIN')
    expect((await refusal(readProposal(file, { safe: TARGET }))).code).toBe('PROPOSAL_WRONG_SAFE')
  })
})

describe('Transaction Builder checksum', () => {
  it('hashes the sorted-key serialization with meta.name null', () => {
    const batch: TxBuilderBatch = {
      version: '1.0',
      chainId: '138',
      createdAt: 1,
      meta: { name: 'x', createdFromSafeAddress: SAFE },
      transactions: [{ to: TARGET, value: '0', data: null, contractMethod: null, contractInputsValues: null }],
    }
    const serialized =
      '{["chainId","createdAt","meta","transactions","version"]"138",1,' +
      `{["createdFromSafeAddress","name"]"${SAFE}",null,},` +
      `[{["contractInputsValues","contractMethod","data","to","value"]null,null,null,"${TARGET}","0",}],"1.0",}`
    expect(txBuilderChecksum(batch)).toBe(keccak256(stringToHex(serialized)))
    const withSum = { ...batch, meta: { ...batch.meta, checksum: txBuilderChecksum(batch) } }
    expect(isValidTxBuilderChecksum(withSum)).toBe(true)
    expect(isValidTxBuilderChecksum({ ...withSum, createdAt: 2 })).toBe(false)
  })
})
