import { spawn } from 'node:child_process'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodeFunctionData, parseAbi } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { blockTempDir, signedBy, testProposal } from '../../test/helpers/proposals.js'
import { VaultError } from '../core/errors.js'
import { type Proposal, parseProposal, proposalToJson } from './proposal.js'
import { writeProposal } from './store.js'

const SAFE = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const
const TARGET = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' as const
const KEYS = [
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
] as const
const root = fileURLToPath(new URL('../..', import.meta.url))

const proposal = (nonce = 3n) =>
  testProposal({
    safe: SAFE,
    to: TARGET,
    data: encodeFunctionData({ abi: parseAbi(['function f(uint256)']), args: [1n] }),
    description: 'f',
    nonce,
  })
const signedByKey = (p: Proposal, key: `0x${string}`) => signedBy(p, privateKeyToAccount(key))

/** A separate process writing `p` to `file` with the built writer (as a second `vault safe sign` would). */
function writeInChild(file: string, p: Proposal): Promise<number> {
  const script = `
    const { parseProposal } = await import(${JSON.stringify(join(root, 'dist/safe/proposal.js'))})
    const { writeProposal } = await import(${JSON.stringify(join(root, 'dist/safe/store.js'))})
    await writeProposal(process.env.FILE, parseProposal(JSON.parse(process.env.P)))`
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, FILE: file, P: JSON.stringify(proposalToJson(p)) },
      stdio: 'inherit',
    })
    child.on('error', reject)
    child.on('close', (code) => resolve(code ?? -1))
  })
}

describe('proposal store: locked writes', () => {
  const dir = blockTempDir('vault-store-')

  it('three owners signing one file at once from three processes: every signature is kept', async () => {
    const base = proposal()
    const file = join(dir(), 'p.json')
    await writeProposal(file, base)
    const signed = await Promise.all(KEYS.map((k) => signedByKey(base, k)))
    const codes = await Promise.all(signed.map((p) => writeInChild(file, p)))
    expect(codes).toEqual([0, 0, 0])
    const onDisk = parseProposal(JSON.parse(await readFile(file, 'utf8')))
    expect(onDisk.signatures.map((s) => s.owner).sort()).toEqual(KEYS.map((k) => privateKeyToAccount(k).address).sort())
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('keeps only genuine signatures from disk, and never replaces a file that holds another transaction', async () => {
    const base = proposal()
    const file = join(dir(), 'q.json')
    const a = await signedByKey(base, KEYS[0])
    const forged = { ...a.signatures[0], owner: privateKeyToAccount(KEYS[1]).address }
    await writeFile(file, JSON.stringify(proposalToJson({ ...base, signatures: [forged] })))
    await writeProposal(file, await signedByKey(base, KEYS[2]))
    const kept = parseProposal(JSON.parse(await readFile(file, 'utf8')))
    expect(kept.signatures.map((s) => s.owner)).toEqual([privateKeyToAccount(KEYS[2]).address])

    const other = proposal(4n)
    const err = await writeProposal(file, other).catch((e) => e)
    expect(err).toBeInstanceOf(VaultError)
    expect(err.code).toBe('PROPOSAL_CHANGED')
    expect(parseProposal(JSON.parse(await readFile(file, 'utf8'))).safeTxHash).toBe(base.safeTxHash)
  })

  it('an unwritable folder is PROPOSAL_WRITE_FAILED, not a crash', async () => {
    const err = await writeProposal(join(dir(), 'missing', 'x.json'), proposal()).catch((e) => e)
    expect(err).toBeInstanceOf(VaultError)
    expect(err.code).toBe('PROPOSAL_WRITE_FAILED')
  })
})
