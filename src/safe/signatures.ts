import {
  type Address,
  concat,
  getAddress,
  getTypesForEIP712Domain,
  type Hex,
  hashDomain,
  hashStruct,
  hexToNumber,
  keccak256,
  type PublicClient,
  pad,
  parseAbi,
  size,
  slice,
  toHex,
} from 'viem'
import { SAFE_TX_TYPES, type SafeTx, safeTxOf } from './safe-tx.js'

/**
 * Safe signature encodings (Safe ≥ 1.3 `checkNSignatures`). Each owner contributes a 65-byte static part
 * `r ‖ s ‖ v`:
 * - v 27/28: ECDSA over the EIP-712 safeTxHash; v 31/32: eth_sign (the hash with the message prefix, v + 4);
 * - v 1: pre-validated (`approveHash` on chain, or the executor itself): r = owner, s = 0;
 * - v 0: contract (EIP-1271, e.g. a Safe owning this Safe): r = owner, s = offset of a dynamic part
 *   `length(32) ‖ data` placed after all the static parts.
 * The static parts are concatenated sorted by owner address, the dynamic parts after them.
 */
export type SignatureKind = 'eip712' | 'approvedHash' | 'ethSign' | 'contract'

/** The kind a signature's v byte names (the Transaction Service decides the same way). */
export function kindFromV(v: number): SignatureKind {
  if (v === 0) return 'contract'
  if (v === 1) return 'approvedHash'
  if (v > 30) return 'ethSign'
  return 'eip712'
}

export const vOf = (signature: Hex): number => hexToNumber(slice(signature, 64, 65))

/** The Transaction Service's `signatureType` names. */
export const SERVICE_SIGNATURE_TYPES: Record<string, SignatureKind> = {
  EOA: 'eip712',
  ETH_SIGN: 'ethSign',
  APPROVED_HASH: 'approvedHash',
  CONTRACT_SIGNATURE: 'contract',
}

/** Owner packed in `r` (approved-hash and contract signatures), or null when r is not an address. */
export function ownerInR(signature: Hex): Address | null {
  if (size(signature) < 65) return null
  const r = signature.slice(2, 66)
  if (!/^0{24}/.test(r)) return null
  return getAddress(`0x${r.slice(24)}`)
}

/** Pre-validated signature: r = owner, s = 0, v = 1 (an on-chain approval, or the executor itself). */
export function approvedHashSignature(owner: Address): Hex {
  return concat([pad(getAddress(owner), { size: 32 }), pad('0x', { size: 32 }), '0x01']).toLowerCase() as Hex
}

/**
 * A contract signature on its own, as the Transaction Service stores it: `r = owner, s = 65, v = 0` then
 * `length ‖ data`. This is the form vault keeps in proposal files; `packSignatures` moves the offsets.
 */
export function contractSignature(owner: Address, data: Hex): Hex {
  return concat([
    pad(getAddress(owner), { size: 32 }),
    pad(toHex(65), { size: 32 }),
    '0x00',
    pad(toHex(size(data)), { size: 32 }),
    data,
  ]).toLowerCase() as Hex
}

/**
 * The EIP-1271 data of a standalone contract signature (`r ‖ s ‖ 0 ‖ length ‖ data`, any offset s ≥ 65 within the
 * bytes), or null when it is not one.
 */
export function contractSignatureData(signature: Hex): Hex | null {
  const total = size(signature)
  if (total < 65 + 32 || vOf(signature) !== 0 || !ownerInR(signature)) return null
  const offset = BigInt(slice(signature, 32, 64))
  if (offset < 65n || offset + 32n > BigInt(total)) return null
  const at = Number(offset)
  const length = BigInt(slice(signature, at, at + 32))
  if (BigInt(at + 32) + length > BigInt(total)) return null
  return length === 0n ? '0x' : (slice(signature, at + 32, at + 32 + Number(length)).toLowerCase() as Hex)
}

export interface PackedSignature {
  owner: Address
  kind: SignatureKind
  /** 65 bytes, or the standalone contract form (see `contractSignature`). */
  signature: Hex
}

/** The `signatures` argument of `execTransaction`: static parts sorted by owner, contract data after them. */
export function packSignatures(list: readonly PackedSignature[]): Hex {
  const sorted = [...list].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1))
  let offset = 65 * sorted.length
  const statics: Hex[] = []
  const dynamics: Hex[] = []
  for (const s of sorted) {
    if (s.kind !== 'contract') {
      statics.push(slice(s.signature, 0, 65))
      continue
    }
    const data = contractSignatureData(s.signature) ?? '0x'
    statics.push(concat([pad(getAddress(s.owner), { size: 32 }), pad(toHex(offset), { size: 32 }), '0x00']))
    const dynamic = concat([pad(toHex(size(data)), { size: 32 }), data])
    dynamics.push(dynamic)
    offset += size(dynamic)
  }
  return statics.length ? (concat([...statics, ...dynamics]).toLowerCase() as Hex) : '0x'
}

/** `encodeTransactionData`: the EIP-712 preimage `0x1901 ‖ domainSeparator ‖ structHash` whose keccak is the safeTxHash. */
export function safeTxPreimage(chainId: number, safe: Address, tx: SafeTx): Hex {
  const domain = { chainId, verifyingContract: safe }
  const domainHash = hashDomain({ domain, types: { EIP712Domain: getTypesForEIP712Domain({ domain }) } } as never)
  const structHash = hashStruct({ data: safeTxOf(tx), primaryType: 'SafeTx', types: SAFE_TX_TYPES })
  return concat(['0x1901', domainHash, structHash])
}

const EIP1271_HASH = parseAbi(['function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)'])
const EIP1271_LEGACY = parseAbi(['function isValidSignature(bytes data, bytes signature) view returns (bytes4)'])
const MAGIC = ['0x1626ba7e', '0x20c13b0b']

/**
 * Does the owner contract accept `data` as its signature of the safeTxHash? Asked as the Transaction Service asks:
 * `isValidSignature(bytes32 safeTxHash, data)` first, then the legacy `isValidSignature(bytes preimage, data)` that a
 * Safe v1.4.1 calls from `checkNSignatures`.
 */
export async function contractAccepts(
  client: PublicClient,
  {
    owner,
    safeTxHash,
    preimage,
    data,
  }: {
    owner: Address
    safeTxHash: Hex
    /** The SafeTx's EIP-712 preimage (its keccak256 is `safeTxHash`). */
    preimage: Hex
    /** The signature data the owner contract is asked to accept. */
    data: Hex
  },
): Promise<boolean> {
  if (keccak256(preimage) !== safeTxHash.toLowerCase()) return false
  const asks = [
    () =>
      client.readContract({
        address: owner,
        abi: EIP1271_HASH,
        functionName: 'isValidSignature',
        args: [safeTxHash, data],
      }),
    () =>
      client.readContract({
        address: owner,
        abi: EIP1271_LEGACY,
        functionName: 'isValidSignature',
        args: [preimage, data],
      }),
  ]
  for (const ask of asks) {
    try {
      const out = await ask()
      if (MAGIC.includes(String(out).toLowerCase())) return true
    } catch {
      // not this variant (or not a contract): try the next
    }
  }
  return false
}
