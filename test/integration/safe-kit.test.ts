import { type Address, createPublicClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVaultClient } from '../../src/chain/client.js'
import type { SafeShowResult } from '../../src/commands/safe/show.js'
import type { StabilizerParamsResult } from '../../src/commands/stabilizer/params.js'
import type { StabilizerParamsUpdate } from '../../src/commands/stabilizer/set-params.js'
import { isVaultError, type VaultError } from '../../src/core/errors.js'
import { LOCAL_KEYS, LOCAL_SAFE_THRESHOLD } from '../../src/localnet/up.js'
import { safeAbi } from '../../src/safe/abi.js'
import { checkKitHash, kitHashCheck } from '../../src/safe/hash-check.js'
import { kitOwnersAndThreshold, kitSafeTxHash, kitTransaction, openSafeKit } from '../../src/safe/kit.js'
import { readProposal } from '../../src/safe/proposal.js'
import { computeSafeTxHash, safeTxOf } from '../../src/safe/safe-tx.js'
import { type Anvil, startAnvil } from '../helpers/anvil.js'
import { proposalOf } from '../helpers/cli.js'
import { cliRunner } from '../helpers/cli-runner.js'
import { sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

const [A, B, C] = LOCAL_KEYS.owners
const as = (key: Hex) => ({ VAULT_PRIVATE_KEY: key })
const addr = (k: Hex) => privateKeyToAccount(k).address

describe('protocol-kit reads and executes what vault writes', () => {
  let net: TestLocalnet
  let bare: Anvil
  let rpcUrl: string
  let safe: Address
  let file: string

  const { ok } = cliRunner(() => net)

  beforeAll(async () => {
    ;[net, bare] = await Promise.all([sharedLocalnet(), startAnvil(138)])
    const profile = await net.profile()
    safe = profile.safe.address
    rpcUrl = `http://127.0.0.1:${net.ports['138']}`
  })
  afterAll(async () => {
    await Promise.all([net?.stop(), bare?.stop()])
  })

  it('a proposal written by `stabilizer set-params --safe` has the same safeTxHash in protocol-kit', async () => {
    const out = await ok<StabilizerParamsUpdate>(
      ['stabilizer', 'set-params', '--threshold-bps', '20', '--safe', '--yes'],
      as(A),
    )
    file = proposalOf(out).file
    const p = await readProposal(file)
    expect(p.decoded?.method).toMatch(/^setParams\(/)

    const kit = await openSafeKit({ rpcUrl, chainId: 138, safe })
    expect(await kitSafeTxHash(kit, p)).toBe(p.safeTxHash)
    // the kit really hashes the fields: another nonce gives another hash, the one vault computes for it
    const next = { ...p, nonce: p.nonce + 1n }
    const nextHash = await kitSafeTxHash(kit, next)
    expect(nextHash).not.toBe(p.safeTxHash)
    expect(nextHash).toBe(computeSafeTxHash(138, safe, safeTxOf(next)))

    const { owners, threshold } = await kitOwnersAndThreshold(kit)
    expect(new Set(owners)).toEqual(new Set([A, B, C].map(addr)))
    expect(threshold).toBe(LOCAL_SAFE_THRESHOLD)
  })

  it('after two owners sign with `vault safe sign`, protocol-kit executes it with the file signatures', async () => {
    const shown = await ok<SafeShowResult>(['safe', 'show', file])
    expect(shown.kit).toEqual({ safeTxHash: shown.proposal.safeTxHash, matches: true })
    await ok(['safe', 'sign', file, '--yes'], as(B))
    await ok(['safe', 'sign', file, '--yes'], as(C))
    const p = await readProposal(file)
    expect(p.signatures.map((s) => s.owner).sort()).toEqual([addr(B), addr(C)].sort())

    // the deployer is not an owner: only the file's signatures can authorize the transaction
    const kit = await openSafeKit({ rpcUrl, chainId: 138, safe, signer: LOCAL_KEYS.deployer })
    const unsigned = await kitTransaction(kit, p)
    await expect(kit.executeTransaction(unsigned)).rejects.toThrow(/signatures missing/i)
    const tx = await kitTransaction(kit, p, { withSignatures: true })
    expect(tx.signatures.size).toBe(2)
    const res = await kit.executeTransaction(tx)
    const client = createPublicClient({ transport: http(rpcUrl) })
    const receipt = await client.waitForTransactionReceipt({ hash: res.hash as Hex })
    expect(receipt.status).toBe('success')
    expect(await client.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' })).toBe(p.nonce + 1n)

    const params = await ok<StabilizerParamsResult>(['stabilizer', 'params'])
    expect(String(params.params.thresholdBps)).toBe('20')
  })

  it('a hash protocol-kit disagrees with is refused before signing (PROPOSAL_KIT_MISMATCH, exit 3)', async () => {
    const out = await ok<StabilizerParamsUpdate>(
      ['stabilizer', 'set-params', '--threshold-bps', '30', '--safe', '--yes'],
      as(A),
    )
    const p = await readProposal(proposalOf(out).file)
    const client = createVaultClient({
      chainId: 138,
      rpcUrls: [rpcUrl],
      timeoutMs: 10_000,
      retries: 0,
      retryDelayMs: 100,
    })
    expect(await checkKitHash(client, p)).toBe(p.safeTxHash)
    // a file stating the hash of other fields (here: the next nonce) is what the kit check exists to catch
    const forged = { ...p, safeTxHash: computeSafeTxHash(138, safe, safeTxOf({ ...p, nonce: p.nonce + 1n })) }
    expect(await kitHashCheck(client, forged)).toEqual({ safeTxHash: p.safeTxHash, matches: false })
    const err = await checkKitHash(client, forged).then(
      () => undefined,
      (e: unknown) => e as VaultError,
    )
    expect(err?.code).toBe('PROPOSAL_KIT_MISMATCH')
    expect(err?.exitClass).toBe('usage')
    expect(err?.details).toContain(p.safeTxHash)
  })

  it('a chain without the Safe contracts gives SAFE_NOT_DEPLOYED with the deploy hint', async () => {
    const err = await openSafeKit({ rpcUrl: bare.url, chainId: 138, safe }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isVaultError(err)).toBe(true)
    const e = err as VaultError
    expect(e.code).toBe('SAFE_NOT_DEPLOYED')
    expect(e.exitClass).toBe('chain')
    expect(e.hints.join(' ')).toContain('vault safe deploy')
    expect(e.details).toMatch(/not deployed/)

    // a URL for another chain is refused before protocol-kit hashes with the wrong chain id
    const wrong = await openSafeKit({ rpcUrl, chainId: 651940, safe }).catch((x: VaultError) => x)
    expect((wrong as VaultError).code).toBe('CHAIN_MISMATCH')
  })
})
