import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Abi, type Address, erc20Abi, getAddress, type Hex } from 'viem'
import { bridgeReserveAbi, stabilizerAbi, vaultOracleAbi, vaultPMMIntegrationAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import type { Context } from '../config/context.js'
import { type ChainId, DEFAULT_CHAIN } from '../config/schema.js'
import { isVaultError, VaultError } from '../core/errors.js'
import { defaultProposalsDir } from '../tx/call.js'
import { safeAbi } from './abi.js'
import { describeCall } from './multisend.js'
import { proposalFileName, scanProposals } from './pending.js'
import { type DecodedCall, type Proposal, verifyProposal } from './proposal.js'
import { hashArgs } from './safe-tx.js'
import { writeProposal } from './store.js'

/** ABIs of the system's contracts, to decode calls and events for signers. */
export const KNOWN_ABIS: readonly Abi[] = [
  stabilizerAbi,
  vaultPMMIntegrationAbi,
  vaultOracleAbi,
  bridgeReserveAbi,
  erc20Abi,
]

/** Where a command finds the Safe, its proposal files and (optionally) a Transaction Service. */
export interface SafeSession {
  ctx: Context
  /** The Safe the profile or `--safe-address` names (proposals for another Safe are refused). */
  safe?: Address
  proposalsDir: string
  txServiceUrl?: string
}

export interface SafeSessionFlags {
  'safe-address'?: string
  'proposals-dir'?: string
  'tx-service'?: string
}

export function safeSession(ctx: Context, flags: SafeSessionFlags): SafeSession {
  const safe = flags['safe-address'] ?? ctx.profile.safe.address
  if (safe !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(safe))
    throw new VaultError('ADDRESS_INVALID', `"${safe}" is not an address`)
  return {
    ctx,
    safe: safe ? getAddress(safe) : undefined,
    proposalsDir: flags['proposals-dir'] ?? ctx.profile.safe.proposalsDir ?? defaultProposalsDir(),
    txServiceUrl: flags['tx-service'] ?? ctx.profile.safe.txServiceUrl,
  }
}

export function requireSafe(s: SafeSession): Address {
  if (!s.safe) {
    throw new VaultError('SAFE_MISSING', 'No Safe address', {
      details: 'Pass --safe-address <address> or `vault config set safe.address <address>`.',
    })
  }
  return s.safe
}

export interface OpenedProposal {
  proposal: Proposal
  chainId: ChainId
  client: VaultClient
  /** The file it was read from (or written to, when it came from the service). */
  file: string
  source: 'file' | 'service'
}

const isHash = (ref: string) => /^0x[0-9a-fA-F]{64}$/.test(ref)

/**
 * A proposal by file path or safeTxHash (looked up in the proposals folder, then the Transaction Service), verified
 * for the selected chain (default: the file's own) and the session's Safe: hash recomputed, signatures recovered.
 */
export async function openProposal(s: SafeSession, ref: string): Promise<OpenedProposal> {
  const selected = s.ctx.selectedChain
  if (!isHash(ref) || existsSync(ref)) {
    const { readProposal } = await import('./proposal.js')
    const raw = await readProposal(ref)
    const chainId = (selected ?? raw.chainId) as ChainId
    await verifyProposal(raw, { chainId, safe: s.safe })
    return { proposal: raw, chainId, client: await s.ctx.client(chainId), file: ref, source: 'file' }
  }
  const chainId = selected ?? DEFAULT_CHAIN
  const safe = requireSafe(s)
  const hash = ref.toLowerCase()
  const local = (await scanProposals(s.proposalsDir, { chainId, safe })).find((f) => f.proposal?.safeTxHash === hash)
  if (local?.proposal)
    return { proposal: local.proposal, chainId, client: await s.ctx.client(chainId), file: local.file, source: 'file' }
  if (!s.txServiceUrl) {
    throw new VaultError('PROPOSAL_NOT_FOUND', `No proposal ${ref} in ${s.proposalsDir}`, {
      hints: [
        'Pass the proposal file path, --proposals-dir, or --tx-service <url> to fetch it from a Transaction Service.',
      ],
    })
  }
  const { fetchProposal } = await import('./tx-service.js')
  const proposal = await fetchProposal({ txServiceUrl: s.txServiceUrl, chainId }, hash as Hex)
  await verifyProposal(proposal, { chainId, safe })
  const decoded = describeCall(proposal.data, KNOWN_ABIS)
  const withDecoded = { ...proposal, decoded }
  const file = join(s.proposalsDir, proposalFileName(proposal))
  return { proposal: withDecoded, chainId, client: await s.ctx.client(chainId), file, source: 'service' }
}

/** The union of two copies' signatures (by owner, first copy wins), verified. */
export async function mergeSignatures(p: Proposal, other: Proposal): Promise<Proposal> {
  if (other.safeTxHash !== p.safeTxHash) return p
  const owners = new Set(p.signatures.map((x) => x.owner))
  const merged = { ...p, signatures: [...p.signatures, ...other.signatures.filter((x) => !owners.has(x.owner))] }
  await verifyProposal(merged, { chainId: p.chainId, safe: p.safe })
  return merged
}

/** Add the confirmations the Transaction Service holds (none when it does not know the proposal). */
export async function withServiceSignatures(s: SafeSession, p: Proposal): Promise<Proposal> {
  if (!s.txServiceUrl) return p
  const { fetchProposal } = await import('./tx-service.js')
  try {
    return await mergeSignatures(
      p,
      await fetchProposal({ txServiceUrl: s.txServiceUrl, chainId: p.chainId }, p.safeTxHash),
    )
  } catch (e) {
    if (isVaultError(e) && e.code === 'PROPOSAL_NOT_FOUND') return p
    throw e
  }
}

/** The Safe's own `getTransactionHash` for the proposal's fields must equal the file's safeTxHash. */
export async function checkOnChainHash(client: VaultClient, p: Proposal): Promise<Hex> {
  const onChain = await client.readContract({
    address: p.safe,
    abi: safeAbi,
    functionName: 'getTransactionHash',
    args: hashArgs(p),
  })
  if (onChain.toLowerCase() !== p.safeTxHash) {
    throw new VaultError('PROPOSAL_HASH_MISMATCH', 'The Safe computes a different hash for this proposal', {
      details: `file ${p.safeTxHash}, Safe ${p.safe} on chain ${p.chainId} says ${onChain}`,
      hints: ['Do not sign it: check the chain and Safe, or recreate the proposal.'],
    })
  }
  return onChain
}

/** protocol-kit's safeTxHash for the proposal's fields: a second implementation beside vault's and the Safe's own. */
export async function kitHashCheck(client: VaultClient, p: Proposal): Promise<{ safeTxHash: Hex; matches: boolean }> {
  const { kitSafeTxHash, openSafeKit } = await import('./kit.js')
  const kit = await openSafeKit({ rpcUrl: client.rpcUrls[0], chainId: client.chainId, safe: p.safe })
  const safeTxHash = await kitSafeTxHash(kit, p)
  return { safeTxHash, matches: safeTxHash === p.safeTxHash.toLowerCase() }
}

/** Refuse (exit 3, PROPOSAL_KIT_MISMATCH) when protocol-kit hashes the proposal's fields differently than the file. */
export async function checkKitHash(client: VaultClient, p: Proposal): Promise<Hex> {
  const res = await kitHashCheck(client, p)
  if (!res.matches) {
    const { kitMismatchError } = await import('./kit.js')
    throw kitMismatchError(p, res.safeTxHash)
  }
  return res.safeTxHash
}

/** The decoded call signers read: the file's own block, or a decode with the system's ABIs. */
export const decodedCall = (p: Proposal): DecodedCall | null => p.decoded ?? describeCall(p.data, KNOWN_ABIS)

/** Save a (re)signed proposal where it came from, or into the proposals folder when it came from the service. */
export async function saveProposal(opened: OpenedProposal, p: Proposal): Promise<string> {
  if (opened.source === 'service') {
    const { mkdir } = await import('node:fs/promises')
    await mkdir(join(opened.file, '..'), { recursive: true })
  }
  await writeProposal(opened.file, p)
  return opened.file
}

/** One call of a `safe propose`: raw data, or a function signature and its arguments. */
export interface CallSpec {
  to: string
  value?: string
  data?: string
  call?: string
  args?: unknown[]
}

export interface Param {
  type: string
  components?: readonly Param[]
}

/** A command-line/JSON value as the ABI type wants it: integers as bigint, tuples and arrays from JSON, recursively. */
export function coerceArg(p: Param, v: unknown): unknown {
  const arr = /^(.*)\[(\d*)\]$/.exec(p.type)
  if (arr || p.type === 'tuple') {
    const parsed = typeof v === 'string' ? JSON.parse(v) : v
    if (arr) {
      if (!Array.isArray(parsed)) throw new Error(`expected a JSON array for ${p.type}`)
      return parsed.map((x) => coerceArg({ type: arr[1], components: p.components }, x))
    }
    const comps = p.components ?? []
    const values = Array.isArray(parsed)
      ? parsed
      : comps.map((c) => (parsed as Record<string, unknown>)[(c as { name?: string }).name ?? ''])
    if (values.length !== comps.length) throw new Error(`expected ${comps.length} tuple fields`)
    return comps.map((c, i) => coerceArg(c, values[i]))
  }
  if (/^u?int\d*$/.test(p.type)) return BigInt(String(v))
  if (p.type === 'bool') {
    if (v !== true && v !== false && v !== 'true' && v !== 'false') throw new Error(`expected true or false, got ${v}`)
    return v === true || v === 'true'
  }
  return v
}

/** Calldata for `to`: `data` as given, or `call` ("fn(uint256,address)") encoded with `args`. Exit 3 on anything malformed. */
export async function encodeCallSpec(
  spec: CallSpec,
  n = 1,
): Promise<{ to: Address; value: bigint; data: Hex; method?: string }> {
  const { encodeFunctionData, isAddress, isHex, parseAbiItem } = await import('viem')
  const where = `call #${n}`
  if (!isAddress(spec.to, { strict: false }))
    throw new VaultError('ADDRESS_INVALID', `${where}: "${spec.to}" is not an address`)
  if (spec.value !== undefined && !/^\d+$/.test(spec.value))
    throw new VaultError('CALL_INVALID', `${where}: value must be wei as a whole number`)
  const value = BigInt(spec.value ?? '0')
  if ((spec.data === undefined) === (spec.call === undefined))
    throw new VaultError('CALL_INVALID', `${where}: give exactly one of --data or --call`)
  if (spec.data !== undefined) {
    if (!isHex(spec.data, { strict: true }) || spec.data.length % 2 !== 0)
      throw new VaultError('CALL_INVALID', `${where}: data must be even-length 0x hex`)
    return { to: getAddress(spec.to), value, data: spec.data.toLowerCase() as Hex }
  }
  try {
    const sig = spec.call as string
    const item = parseAbiItem(`function ${sig.replace(/^function\s+/, '')}`)
    if (item.type !== 'function') throw new Error('not a function')
    const args = spec.args ?? []
    if (args.length !== item.inputs.length)
      throw new Error(`${item.inputs.length} arguments expected, got ${args.length}`)
    const typed = item.inputs.map((input, i) => coerceArg(input as Param, args[i]))
    const data = encodeFunctionData({ abi: [item], args: typed } as never)
    return { to: getAddress(spec.to), value, data, method: item.name }
  } catch (e) {
    throw new VaultError('CALL_INVALID', `${where}: cannot encode ${spec.call}`, {
      details: (e as Error).message.split('\n')[0],
      hints: ['Example: --call "setKeeper(address,bool)" 0xAbc… true; tuples and arrays as JSON.'],
    })
  }
}

/** Read `--batch <file.json>`: an array of {to, value?, data? | call + args?}. */
export async function readBatchFile(path: string): Promise<CallSpec[]> {
  const { readFile } = await import('node:fs/promises')
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (e) {
    throw new VaultError('BATCH_INVALID', `Cannot read batch file ${path}`, { details: (e as Error).message })
  }
  const list = Array.isArray(json) ? json : (json as { transactions?: unknown })?.transactions
  if (!Array.isArray(list) || list.length === 0) {
    throw new VaultError(
      'BATCH_INVALID',
      'A batch file is a non-empty JSON array of {to, value?, data? | call, args?}',
      { details: path },
    )
  }
  return list.map((x, n) => {
    const o = x as Record<string, unknown>
    if (typeof o !== 'object' || o === null || typeof o.to !== 'string')
      throw new VaultError('BATCH_INVALID', `Batch entry #${n + 1} needs "to"`)
    return {
      to: o.to,
      value: o.value === undefined ? undefined : String(o.value),
      data: typeof o.data === 'string' ? o.data : undefined,
      call: typeof o.call === 'string' ? o.call : undefined,
      args: Array.isArray(o.args) ? o.args : undefined,
    }
  })
}

/** Encode, then the spine: simulate from the Safe (a revert is exit 5), confirm, write the proposal (a MultiSend when several). */
export async function proposeCalls(
  s: SafeSession,
  chainId: ChainId,
  specs: CallSpec[],
  opts: { description?: string; nonce?: bigint; confirm: (summary: string) => Promise<void> },
) {
  const { perform } = await import('../tx/perform.js')
  const safe = requireSafe(s)
  const client = await s.ctx.client(chainId)
  const encoded = await Promise.all(specs.map((spec, n) => encodeCallSpec(spec, n + 1)))
  const actions = encoded.map((e) => ({
    chainId,
    to: e.to,
    data: e.data,
    value: e.value,
    description: `${e.method ?? e.data.slice(0, 10)} on ${e.to}`,
    abis: KNOWN_ABIS,
  }))
  const route = { kind: 'safe' as const, safe, proposalsDir: s.proposalsDir, txServiceUrl: s.txServiceUrl }
  const done = await perform(client, actions, route, opts)
  return done.proposal!
}

/** Refuse before any prompt: a used nonce, or a signer who is not an owner (exit 3). Returns the Safe's state. */
export async function assertOwner(client: VaultClient, p: Proposal, signer: Address) {
  const { readSafeState } = await import('./state.js')
  const { nonceUsedError } = await import('./proposal.js')
  const state = await readSafeState(client, p.safe)
  if (p.nonce < state.nonce) throw nonceUsedError(p, state.nonce)
  if (!state.owners.includes(getAddress(signer))) {
    throw new VaultError('PROPOSAL_NOT_OWNER', `${getAddress(signer)} is not an owner of Safe ${p.safe}`, {
      details: `owners: ${state.owners.join(', ')}`,
      hints: ['Use the key of one of the Safe owners.'],
    })
  }
  return state
}

/** Who has signed (file/service) or approved (chain), what is missing, and whether it can execute now. */
export async function proposalStatus(client: VaultClient, p: Proposal) {
  const { collectSignatures } = await import('./sign.js')
  const collected = await collectSignatures(client, p)
  const have = collected.signatures.length
  const missing = Math.max(0, Number(collected.threshold) - have)
  const status =
    p.nonce < collected.safeNonce
      ? 'nonce-used'
      : missing > 0
        ? 'awaiting-signatures'
        : p.nonce === collected.safeNonce
          ? 'ready'
          : 'queued'
  return {
    status,
    owners: collected.owners,
    threshold: collected.threshold,
    safeNonce: collected.safeNonce,
    signedBy: collected.signatures.filter((x) => x.source === 'file').map((x) => x.owner),
    approvedOnChain: collected.signatures.filter((x) => x.source === 'chain').map((x) => x.owner),
    notSignedBy: collected.owners.filter((o) => !collected.signatures.some((x) => x.owner === o)),
    missing,
    ignored: collected.ignored,
  }
}

/** Queued proposals from the folder plus, with a Transaction Service, those only the service knows. */
export async function pendingAll(s: SafeSession, chainId: ChainId) {
  const { pendingProposals } = await import('./pending.js')
  const client = await s.ctx.client(chainId)
  const summary = await pendingProposals(client, { dir: s.proposalsDir, safe: requireSafe(s) })
  if (!s.txServiceUrl) return summary
  const { fetchPending } = await import('./tx-service.js')
  const { proposalWarnings } = await import('./proposal.js')
  const remote = await fetchPending({ txServiceUrl: s.txServiceUrl, chainId }, summary.safe, summary.safeNonce)
  const known = new Set(summary.proposals.map((x) => x.safeTxHash))
  for (const p of remote) {
    if (known.has(p.safeTxHash)) continue
    const st = await proposalStatus(client, p)
    summary.proposals.push({
      file: `${s.txServiceUrl} (service)`,
      status: st.status as never,
      nonce: p.nonce,
      safeTxHash: p.safeTxHash,
      description: p.description,
      to: p.to,
      method: decodedCall(p)?.method,
      signedBy: st.signedBy,
      approvedOnChain: st.approvedOnChain,
      missing: st.missing,
      warnings: proposalWarnings(p),
    })
  }
  summary.proposals.sort((a, b) =>
    (a.nonce ?? -1n) < (b.nonce ?? -1n) ? -1 : (a.nonce ?? -1n) > (b.nonce ?? -1n) ? 1 : 0,
  )
  return summary
}
