import { type Address, getAddress, type Hex } from 'viem'
import { VaultError } from '../core/errors.js'
import { type Proposal, type ProposalSignature, verifyProposal } from './proposal.js'
import { type SafeTxField, safeTxToJson } from './safe-tx.js'
import { isNotFound, type ServiceTransaction, serviceClient, serviceError, type TxServiceConfig } from './tx-service.js'

/**
 * Publishing signatures on a Safe Transaction Service: the checks that run before an owner's key signs, the push
 * itself, and what a push that fails after the signature was saved says.
 */

type Service = Awaited<ReturnType<typeof serviceClient>>

/** The service's record of a safeTxHash, or undefined when it does not know it. */
async function lookUp(api: Service, safeTxHash: Hex): Promise<ServiceTransaction | undefined> {
  try {
    return (await api.getTransaction(safeTxHash)) as unknown as ServiceTransaction
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw serviceError('looking up the proposal', e)
  }
}

/**
 * Signatures the service takes from us: ECDSA (EIP-712 / eth_sign) and contract (EIP-1271) ones. An approval
 * (APPROVED_HASH) is the chain's: the service records it when it indexes the owner's `approveHash`.
 */
function serviceSignatureType(s: ProposalSignature): boolean {
  return s.type !== 'approvedHash'
}

/** The service stores `origin` in a 200-character field (longer is HTTP 422). */
export const ORIGIN_MAX = 200

/**
 * The `origin` vault sends: `{"name":"vault","description":…}` with the description shortened (ending in "…") so
 * the whole string stays within the service's 200 characters. The proposal file keeps the whole description.
 */
export function serviceOrigin(description: string): string {
  const wrap = (d: string) => JSON.stringify({ name: 'vault', description: d })
  if (!description) return JSON.stringify({ name: 'vault' })
  if (wrap(description).length <= ORIGIN_MAX) return wrap(description)
  const chars = [...description]
  let n = Math.min(chars.length, ORIGIN_MAX)
  while (n > 0 && wrap(`${chars.slice(0, n).join('')}…`).length > ORIGIN_MAX) n--
  return wrap(`${chars.slice(0, n).join('')}…`)
}

export interface PushResult {
  safeTxHash: Hex
  proposed: boolean
  confirmed: Address[]
  alreadyThere: Address[]
}

/**
 * Publish a signed proposal on the service: propose it with its first signature if the service does not know it,
 * then add every other signature as a confirmation. Idempotent.
 */
export async function pushProposal(config: TxServiceConfig, proposal: Proposal): Promise<PushResult> {
  await verifyProposal(proposal, { chainId: config.chainId })
  const sigs = proposal.signatures.filter(serviceSignatureType)
  if (sigs.length === 0) {
    throw new VaultError('PROPOSAL_UNSIGNED', 'The service needs at least one owner signature to accept a proposal', {
      hints: ['Sign it first with `vault safe sign`.'],
    })
  }
  const origin = serviceOrigin(proposal.description)
  const api = await serviceClient(config)
  const known = await lookUp(api, proposal.safeTxHash)
  let proposed = false
  if (!known) {
    const [first] = sigs
    try {
      await api.proposeTransaction({
        safeAddress: proposal.safe,
        safeTransactionData: {
          ...(safeTxToJson(proposal) as Record<Exclude<SafeTxField, 'operation'>, string> & { operation: number }),
          nonce: Number(proposal.nonce),
        },
        safeTxHash: proposal.safeTxHash,
        senderAddress: first.owner,
        senderSignature: first.signature,
        origin,
      })
    } catch (e) {
      throw serviceError('proposing the transaction', e)
    }
    proposed = true
  }
  const present = new Set((known?.confirmations ?? []).map((c) => getAddress(c.owner)))
  if (proposed) present.add(sigs[0].owner)
  const confirmed: Address[] = []
  const alreadyThere: Address[] = []
  for (const s of sigs) {
    if (present.has(s.owner)) {
      alreadyThere.push(s.owner)
      continue
    }
    try {
      await api.confirmTransaction(proposal.safeTxHash, s.signature)
    } catch (e) {
      throw serviceError(`adding the confirmation of ${s.owner}`, e)
    }
    confirmed.push(s.owner)
  }
  return { safeTxHash: proposal.safeTxHash, proposed, confirmed, alreadyThere }
}

/**
 * Everything the service would refuse that can be checked before the key signs or the file is written: a URL that
 * is not a service API (TX_SERVICE_URL_INVALID, exit 3), a service that does not answer (TX_SERVICE_ERROR, exit 4),
 * an `origin` over its 200 characters (the description is shortened to fit, `serviceOrigin`; the file keeps all
 * of it). The owner, the nonce and the hash are checked by the caller first (guard.ts `guardSigner`,
 * hash-check.ts `checkOnChainHash`): the service refuses a non-owner, a used nonce and a hash the Safe does not
 * compute, and so does vault, before anything is signed.
 */
export async function checkServiceTakes(
  config: TxServiceConfig,
  proposal: Proposal,
): Promise<{ known: boolean; origin: string }> {
  const api = await serviceClient(config)
  return { known: (await lookUp(api, proposal.safeTxHash)) !== undefined, origin: serviceOrigin(proposal.description) }
}

/**
 * The refusal when a push fails after the signature was saved (TX_SERVICE_PUSH_FAILED, exit 4): says which file
 * holds the signature and how to push it again; the cause's text stays in the details.
 */
export function pushFailedError(
  cause: unknown,
  info: { file: string; txServiceUrl: string; owner: Address; safeTxHash: Hex; signatures: number },
): VaultError {
  const why = cause instanceof VaultError ? [cause.message, cause.details].filter(Boolean).join(': ') : String(cause)
  return new VaultError(
    'TX_SERVICE_PUSH_FAILED',
    `Signed: the signature of ${info.owner} is saved in ${info.file}, but the Transaction Service did not take it`,
    {
      details: why,
      hints: [
        `Nothing needs signing again: push the file when the service is back with \`vault safe push ${info.file} --tx-service ${info.txServiceUrl}\`.`,
      ],
      data: { ...info, written: info.file, pushed: false },
      cause,
    },
  )
}
