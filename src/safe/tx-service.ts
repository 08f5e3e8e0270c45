import { type Address, getAddress, type Hex, zeroAddress } from 'viem'
import { VaultError } from '../core/errors.js'
import { PROPOSAL_VERSION, type Proposal, type ProposalSignature, verifyProposal } from './proposal.js'
import { computeSafeTxHash, type Operation, type SafeTxField, safeTxFromJson, safeTxOf } from './safe-tx.js'
import { contractSignature, contractSignatureData, kindFromV, SERVICE_SIGNATURE_TYPES, vOf } from './signatures.js'

/** A self-hosted Safe Transaction Service (no official one exists for chains 138 and 651940). */
export interface TxServiceConfig {
  /** Base URL ending in `/api`, e.g. `https://safe-tx.example.org/api`. */
  txServiceUrl: string
  chainId: number
}

interface ServiceConfirmation {
  owner: string
  signature: string
  signatureType?: string
}

export interface ServiceTransaction {
  safe: string
  to: string
  value: string
  data?: string | null
  operation: number
  safeTxGas: string | number
  baseGas: string | number
  gasPrice: string
  gasToken: string
  refundReceiver?: string | null
  nonce: string | number
  safeTxHash: string
  submissionDate?: string
  origin?: string | null
  isExecuted?: boolean
  confirmations?: ServiceConfirmation[]
}

export async function serviceClient({ txServiceUrl, chainId }: TxServiceConfig) {
  if (!/\/api\/?$/.test(txServiceUrl)) {
    throw new VaultError('TX_SERVICE_URL_INVALID', 'The Safe Transaction Service URL must end in /api', {
      details: txServiceUrl,
    })
  }
  // Heavy (pulls protocol-kit): loaded only when a service is used. Typed as CommonJS, loaded as ESM.
  const mod = await import('@safe-global/api-kit')
  const SafeApiKit = ((mod.default as unknown as { default?: unknown }).default ??
    mod.default) as typeof mod.default.default
  const api = new SafeApiKit({ chainId: BigInt(chainId), txServiceUrl: txServiceUrl.replace(/\/$/, '') })
  return withTimeouts(api, serviceTimeoutMs())
}

/** Every Transaction Service request gives up after this long (VAULT_TX_SERVICE_TIMEOUT_MS, default 30 s). */
export function serviceTimeoutMs(): number {
  const n = Number(process.env.VAULT_TX_SERVICE_TIMEOUT_MS)
  return Number.isSafeInteger(n) && n > 0 ? n : 30_000
}

/**
 * The client with every method call raced against a timeout: api-kit's requests take no signal, so a service
 * that accepts the connection and never answers would otherwise hang the command forever.
 */
function withTimeouts<T extends object>(api: T, ms: number): T {
  return new Proxy(api, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver)
      if (typeof v !== 'function') return v
      return (...args: unknown[]) => {
        const out = v.apply(target, args)
        if (!(out instanceof Promise)) return out
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
          timer.unref()
        })
        return Promise.race([out, timeout]).finally(() => clearTimeout(timer))
      }
    },
  })
}

export function serviceError(action: string, e: unknown): VaultError {
  const status = (e as { statusCode?: number }).statusCode
  // fetch's own failure says "fetch failed"; why (refused, reset, a name that does not resolve) is its cause
  const cause = (e as { cause?: { code?: string; message?: string } }).cause
  const why = cause?.code ?? cause?.message
  return new VaultError('TX_SERVICE_ERROR', `Safe Transaction Service: ${action} failed`, {
    details: `${status ? `HTTP ${status}: ` : ''}${e instanceof Error ? e.message : String(e)}${why ? ` (${why})` : ''}`,
    cause: e,
  })
}

export const isNotFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404

/** Kind of a service confirmation: its `signatureType` when given, else the signature's v byte. */
function confirmationSignature(c: ServiceConfirmation): ProposalSignature {
  const owner = getAddress(c.owner)
  const raw = c.signature.toLowerCase() as Hex
  const type = (c.signatureType && SERVICE_SIGNATURE_TYPES[c.signatureType]) || kindFromV(vOf(raw))
  if (type === 'contract') {
    const data = contractSignatureData(raw)
    return { owner, type, signature: data === null ? raw : contractSignature(owner, data) }
  }
  return { owner, type, signature: raw }
}

/** Turn a service record into a proposal, verified like a file (hash recomputed, signatures recovered). */
export async function proposalFromService(config: TxServiceConfig, tx: ServiceTransaction): Promise<Proposal> {
  const raw = tx as unknown as Record<SafeTxField, string | number | null | undefined>
  const fields = safeTxFromJson({
    address: (f) => getAddress(String(raw[f] ?? zeroAddress)),
    uint: (f) => BigInt(raw[f] ?? 0),
    bytes: (f) => (String(raw[f] ?? '0x') || '0x').toLowerCase() as Hex,
    operation: () => tx.operation as Operation,
  })
  const safe = getAddress(tx.safe)
  let description = ''
  try {
    const origin = JSON.parse(tx.origin ?? '') as { description?: unknown }
    if (typeof origin.description === 'string') description = origin.description
  } catch {
    // origin is free text
  }
  const proposal: Proposal = {
    version: PROPOSAL_VERSION,
    chainId: config.chainId,
    safe,
    ...fields,
    safeTxHash: tx.safeTxHash.toLowerCase() as Hex,
    description,
    decoded: null,
    signatures: (tx.confirmations ?? []).map(confirmationSignature),
    createdAt: tx.submissionDate ?? new Date().toISOString(),
  }
  if (computeSafeTxHash(config.chainId, safe, safeTxOf(proposal)) !== proposal.safeTxHash) {
    throw new VaultError(
      'PROPOSAL_HASH_MISMATCH',
      'The service returned a transaction whose fields do not match its hash',
    )
  }
  await verifyProposal(proposal, { chainId: config.chainId, safe })
  return proposal
}

/** Fetch one proposal (with its confirmations) from the service. */
export async function fetchProposal(config: TxServiceConfig, safeTxHash: Hex): Promise<Proposal> {
  const api = await serviceClient(config)
  let tx: ServiceTransaction
  try {
    tx = (await api.getTransaction(safeTxHash)) as unknown as ServiceTransaction
  } catch (e) {
    if (isNotFound(e)) {
      throw new VaultError('PROPOSAL_NOT_FOUND', `The service does not know Safe transaction ${safeTxHash}`)
    }
    throw serviceError('fetching the proposal', e)
  }
  return proposalFromService(config, tx)
}

/** Unexecuted proposals for a Safe with nonce ≥ `fromNonce`, as verified proposals. */
export async function fetchPending(config: TxServiceConfig, safe: Address, fromNonce: bigint): Promise<Proposal[]> {
  const api = await serviceClient(config)
  let list: { results: ServiceTransaction[] }
  try {
    list = (await api.getMultisigTransactions(getAddress(safe), {
      executed: false,
      nonce__gte: fromNonce.toString(),
      ordering: 'nonce',
    })) as unknown as { results: ServiceTransaction[] }
  } catch (e) {
    throw serviceError('listing pending transactions', e)
  }
  return Promise.all(list.results.filter((t) => !t.isExecuted).map((t) => proposalFromService(config, t)))
}

/** Nonces of the service's queued (unexecuted) transactions for a Safe from `fromNonce` on: no verification, as a
 * proposal of ours only needs to avoid them. */
export async function fetchQueuedNonces(config: TxServiceConfig, safe: Address, fromNonce: bigint): Promise<bigint[]> {
  const api = await serviceClient(config)
  try {
    const list = (await api.getMultisigTransactions(getAddress(safe), {
      executed: false,
      nonce__gte: fromNonce.toString(),
      ordering: 'nonce',
    })) as unknown as { results: ServiceTransaction[] }
    return list.results.filter((t) => !t.isExecuted).map((t) => BigInt(t.nonce))
  } catch (e) {
    throw serviceError('listing queued transactions', e)
  }
}
