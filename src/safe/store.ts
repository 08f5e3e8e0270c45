import { randomBytes } from 'node:crypto'
import { readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { VaultError } from '../core/errors.js'
import { type Proposal, type ProposalSignature, parseProposal, proposalToJson, recoverSigner } from './proposal.js'
import { ownerInR } from './signatures.js'

/**
 * Write a proposal file under a lock, merging with what is on disk: the file is locked (proper-lockfile), re-read,
 * and signatures another owner wrote meanwhile are kept (two owners signing one file at once both count). A file
 * that now holds another transaction is not replaced (PROPOSAL_CHANGED). Written atomically (temporary file in the
 * same folder, then rename) with mode 0600.
 */
export async function writeProposal(path: string, p: Proposal): Promise<Proposal> {
  const { default: lockfile } = await import('proper-lockfile')
  let release: (() => Promise<void>) | undefined
  // Another process holding the lock is waited for (40 tries, 25 ms growing to 250 ms: ~8 s); any other failure (a
  // missing or read-only folder) is final at once, never retried.
  for (let attempt = 0; !release; attempt++) {
    try {
      release = await lockfile.lock(path, { realpath: false, stale: 10_000 })
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code !== 'ELOCKED') throw writeFailed(path, e)
      if (attempt >= 40)
        throw new VaultError('PROPOSAL_LOCKED', `Proposal file ${path} is locked by another process`, {
          details: code,
          hints: ['Another vault command is writing this file; try again in a moment.'],
        })
      await new Promise((r) => setTimeout(r, Math.min(250, 25 * 1.2 ** attempt)))
    }
  }
  try {
    const merged = await mergeWithDisk(await onDisk(path), p, path)
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await writeFile(tmp, `${JSON.stringify(proposalToJson(merged), null, 2)}\n`, { mode: 0o600 })
      await rename(tmp, path)
    } catch (e) {
      await unlink(tmp).catch(() => {})
      throw writeFailed(path, e)
    }
    return merged
  } finally {
    await release().catch(() => {})
  }
}

const writeFailed = (path: string, e: unknown) =>
  new VaultError('PROPOSAL_WRITE_FAILED', `Cannot write proposal file ${path}`, {
    details: (e as NodeJS.ErrnoException).code ?? (e as Error).message,
    hints: ['Check that the folder exists and is writable (--proposals-dir or profile safe.proposalsDir).'],
  })

async function onDisk(path: string): Promise<Proposal | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  try {
    return parseProposal(JSON.parse(text))
  } catch {
    return undefined // a damaged file is replaced by the good copy in hand
  }
}

/** Does this signature really come from the owner it names, over this transaction? */
async function genuine(p: Proposal, s: ProposalSignature): Promise<boolean> {
  if (s.type === 'eip712' || s.type === 'ethSign') return (await recoverSigner(p, s)) === s.owner
  // approved-hash and contract signatures carry the owner in r (validity is the chain's to judge)
  return ownerInR(s.signature) === s.owner
}

/** `p` plus the genuine signatures on disk it lacks (same transaction only). */
async function mergeWithDisk(disk: Proposal | undefined, p: Proposal, path: string): Promise<Proposal> {
  if (!disk) return p
  if (disk.safeTxHash.toLowerCase() !== p.safeTxHash.toLowerCase()) {
    throw new VaultError('PROPOSAL_CHANGED', `Proposal file ${path} now holds another transaction`, {
      details: `expected ${p.safeTxHash}, the file has ${disk.safeTxHash}`,
      hints: ['Nothing was written. Open the file again and check what it proposes.'],
    })
  }
  const have = new Set(p.signatures.map((s) => s.owner.toLowerCase()))
  const extra: ProposalSignature[] = []
  for (const s of disk.signatures) if (!have.has(s.owner.toLowerCase()) && (await genuine(p, s))) extra.push(s)
  if (!extra.length) return p
  return { ...p, signatures: [...p.signatures, ...extra] }
}
