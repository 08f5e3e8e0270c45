import { concat, getAddress, type Hex, keccak256, pad, size, slice, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { computeSafeTxHash, DEFAULT_SAFE_TX_FIELDS, type SafeTx } from './safe-tx.js'
import {
  approvedHashSignature,
  contractSignature,
  contractSignatureData,
  kindFromV,
  ownerInR,
  packSignatures,
  safeTxPreimage,
} from './signatures.js'

const LOW = getAddress('0x1000000000000000000000000000000000000001')
const MID = getAddress('0x5000000000000000000000000000000000000005')
const HIGH = getAddress('0xf00000000000000000000000000000000000000f')
const ecdsa = (fill: string, v: number) => `0x${fill.repeat(128)}${v.toString(16)}` as Hex

describe('Safe signature encodings', () => {
  it('names the kind by v as the Safe and the Transaction Service do', () => {
    expect([0, 1, 27, 28, 31, 32].map(kindFromV)).toEqual([
      'contract',
      'approvedHash',
      'eip712',
      'eip712',
      'ethSign',
      'ethSign',
    ])
  })

  it('a contract signature stands alone with s = 65 and gives its data back', () => {
    const data = '0xabcdef' as Hex
    const sig = contractSignature(MID, data)
    expect(size(sig)).toBe(65 + 32 + 3)
    expect(ownerInR(sig)).toBe(MID)
    expect(BigInt(slice(sig, 32, 64))).toBe(65n)
    expect(slice(sig, 64, 65)).toBe('0x00')
    expect(contractSignatureData(sig)).toBe(data)
    expect(contractSignatureData(ecdsa('1', 27))).toBeNull()
    // a length that runs past the end is not a signature
    expect(contractSignatureData(concat([slice(sig, 0, 65), pad(toHex(99), { size: 32 }), data]))).toBeNull()
  })

  it('packs static parts sorted by owner, v = 1 approvals, and contract data after all static parts', () => {
    const dataA = '0x1122' as Hex
    const dataB = `0x${'33'.repeat(65)}` as Hex
    const packed = packSignatures([
      { owner: HIGH, kind: 'contract', signature: contractSignature(HIGH, dataB) },
      { owner: MID, kind: 'approvedHash', signature: approvedHashSignature(MID) },
      { owner: LOW, kind: 'contract', signature: contractSignature(LOW, dataA) },
    ])
    const statics = [0, 1, 2].map((i) => slice(packed, i * 65, i * 65 + 65))
    expect(statics.map(ownerInR)).toEqual([LOW, MID, HIGH])
    expect(statics[1]).toBe(approvedHashSignature(MID))
    // LOW's data starts right after the three static parts; HIGH's after LOW's length word and data
    expect(BigInt(slice(statics[0], 32, 64))).toBe(195n)
    expect(BigInt(slice(statics[2], 32, 64))).toBe(195n + 32n + 2n)
    expect(slice(packed, 195, 195 + 32)).toBe(pad(toHex(2), { size: 32 }))
    expect(slice(packed, 227, 229)).toBe(dataA)
    expect(slice(packed, 229 + 32)).toBe(dataB)
    expect(packSignatures([])).toBe('0x')
  })

  it('the preimage hashes to the safeTxHash', () => {
    const tx: SafeTx = { to: MID, value: 5n, data: '0x1234', operation: 0, nonce: 9n, ...DEFAULT_SAFE_TX_FIELDS }
    const preimage = safeTxPreimage(138, LOW, tx)
    expect(slice(preimage, 0, 2)).toBe('0x1901')
    expect(keccak256(preimage)).toBe(computeSafeTxHash(138, LOW, tx))
  })
})
