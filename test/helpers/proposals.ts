import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address, Hex, LocalAccount } from 'viem'
import { afterAll, beforeAll } from 'vitest'
import { PROPOSAL_VERSION, type Proposal } from '../../src/safe/proposal.js'
import { computeSafeTxHash, DEFAULT_SAFE_TX_FIELDS, safeTxOf, safeTxTypedData } from '../../src/safe/safe-tx.js'

/** An unsigned proposal of one call (no value) from `safe` on chain 138, nonce 3 unless given, its hash computed. */
export function testProposal(p: {
  safe: Address
  to: Address
  data: Hex
  description: string
  nonce?: bigint
  decoded?: Proposal['decoded']
}): Proposal {
  const tx = {
    to: p.to,
    value: 0n,
    data: p.data,
    operation: 0 as const,
    nonce: p.nonce ?? 3n,
    ...DEFAULT_SAFE_TX_FIELDS,
  }
  return {
    version: PROPOSAL_VERSION,
    chainId: 138,
    safe: p.safe,
    ...tx,
    safeTxHash: computeSafeTxHash(138, p.safe, tx),
    description: p.description,
    decoded: p.decoded ?? null,
    signatures: [],
    createdAt: '2026-01-01T00:00:00.000Z',
  }
}

/** `p` carrying one EIP-712 signature, by `owner`. */
export async function signedBy(p: Proposal, owner: LocalAccount): Promise<Proposal> {
  const signature = await owner.signTypedData(safeTxTypedData(p.chainId, p.safe, safeTxOf(p)))
  return { ...p, signatures: [{ owner: owner.address, signature, type: 'eip712' }] }
}

/** A temporary folder for the tests of the enclosing describe block: made before them, removed after. */
export function blockTempDir(prefix: string): () => string {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  return () => dir
}
