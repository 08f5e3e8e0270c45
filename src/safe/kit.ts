import { type Address, getAddress, type Hex, http } from 'viem'
import { redactUrl } from '../config/schema.js'
import { isVaultError, VaultError } from '../core/errors.js'
import { contractNetworks, SAFE_141 } from './deploy.js'
import type { Proposal } from './proposal.js'

// protocol-kit: a second, independent implementation of the Safe transaction format next to vault's own, used to
// cross-check what operators sign. It is heavy, so it is only ever imported inside these functions.

type KitModule = typeof import('@safe-global/protocol-kit')
type SafeClass = KitModule['default']
export type SafeKit = InstanceType<SafeClass>
export type SafeKitTransaction = Awaited<ReturnType<SafeKit['createTransaction']>>

/** protocol-kit is typed as CommonJS but loaded as ESM: its default export is the Safe class either way. */
async function loadKit() {
  const mod = await import('@safe-global/protocol-kit')
  const Safe = ((mod.default as unknown as { default?: unknown }).default ?? mod.default) as SafeClass
  return { Safe, EthSafeSignature: mod.EthSafeSignature }
}

export interface OpenSafeKitOptions {
  /** HTTP(S) JSON-RPC URL of the chain. */
  rpcUrl: string
  chainId: number
  safe: Address
  /** Private key that signs or sends through the kit (only for execution). */
  signer?: Hex
}

/** Messages protocol-kit throws when the Safe contracts (or the Safe itself) are missing on the chain. */
const NOT_DEPLOYED = [
  /is not deployed/i,
  /Invalid [A-Za-z]+ contract address/i,
  /Invalid (Safe|SafeProxy) ?(Proxy)? ?address/i,
  /returned no data \("0x"\)/i,
]

function kitError(e: unknown, o: OpenSafeKitOptions): VaultError {
  if (isVaultError(e)) return e
  const message = e instanceof Error ? e.message : String(e)
  const first = message.split('\n')[0]
  if (NOT_DEPLOYED.some((re) => re.test(message))) {
    return new VaultError('SAFE_NOT_DEPLOYED', `The Safe contracts are not deployed on chain ${o.chainId}`, {
      details: `protocol-kit could not open Safe ${o.safe}: ${first}`,
      hints: [
        `Run \`vault safe deploy --chain ${o.chainId} --owners <a,b,c> --threshold <n>\` with the Safe's owners and threshold:`,
        'it puts the Safe v1.4.1 contracts and the Safe on this chain.',
      ],
      cause: e,
    })
  }
  return new VaultError('SAFE_KIT_FAILED', `protocol-kit could not open Safe ${o.safe} on chain ${o.chainId}`, {
    details: redactUrl(first),
    hints: ['Check that the RPC URL answers and points at the right chain.'],
    cause: e,
  })
}

/**
 * An EIP-1193 provider over the RPC URL that spares protocol-kit's sequential round trips at init: `eth_accounts` is
 * answered locally (vault's signers are always local keys), the chain id is asked once, and `prefetch` sends the
 * reads init makes as one batch, each answer served once to the identical request that follows.
 */
function kitProvider(rpcUrl: string) {
  const transport = http(rpcUrl, { batch: true, retryCount: 1 })({})
  const send = (method: string, params?: unknown) => transport.request({ method, params } as never) as Promise<unknown>
  const key = (method: string, params?: unknown) => JSON.stringify([method, params ?? []]).toLowerCase()
  const ready = new Map<string, Promise<unknown>>()
  return {
    request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
      if (method === 'eth_accounts') return Promise.resolve([])
      const k = key(method, params)
      const hit = ready.get(k)
      if (hit) {
        if (method !== 'eth_chainId') ready.delete(k)
        return hit
      }
      return send(method, params)
    },
    prefetch(calls: [string, unknown?][]) {
      for (const [method, params] of calls) {
        const answer = send(method, params)
        answer.catch(() => {})
        ready.set(key(method, params), answer)
      }
    },
    /** Drop prefetched answers nobody asked for, so they are never served late. */
    settle() {
      for (const k of ready.keys()) if (!k.startsWith('["eth_chainid"')) ready.delete(k)
    },
  }
}

/** A protocol-kit Safe for one of our chains, with the canonical v1.4.1 addresses as its `contractNetworks`. */
export async function openSafeKit(o: OpenSafeKitOptions): Promise<SafeKit> {
  if (!/^https?:\/\//.test(o.rpcUrl)) {
    throw new VaultError('SAFE_KIT_RPC', 'protocol-kit needs an HTTP(S) RPC URL', {
      details: `got ${redactUrl(o.rpcUrl)}`,
    })
  }
  const provider = kitProvider(o.rpcUrl)
  const safe = getAddress(o.safe)
  const code = (a: Address) => ['eth_getCode', [a, 'latest']] as [string, unknown]
  // what Safe.init asks, in this order: chain id, VERSION(), then the code of the Safe, MultiSend, MultiSendCallOnly
  provider.prefetch([
    ['eth_chainId'],
    ['eth_call', [{ data: '0xffa1ad74', to: safe }, 'latest']],
    code(safe),
    code(SAFE_141.MultiSend),
    code(SAFE_141.MultiSendCallOnly),
  ])
  const chainId = provider.request({ method: 'eth_chainId' })
  // let the batch go out before loading protocol-kit blocks the event loop
  await new Promise((resolve) => setTimeout(resolve, 1))
  try {
    const [{ Safe }, id] = await Promise.all([loadKit(), chainId])
    if (Number(id) !== o.chainId) {
      throw new VaultError(
        'CHAIN_MISMATCH',
        `Wrong chain: the RPC reports chain id ${Number(id)}, expected ${o.chainId}`,
        { details: `RPC ${redactUrl(o.rpcUrl)}`, data: { expected: o.chainId, actual: Number(id) } },
      )
    }
    const kit = await Safe.init({
      provider: provider as never,
      signer: o.signer,
      safeAddress: safe,
      contractNetworks: contractNetworks(o.chainId),
    })
    provider.settle()
    return kit
  } catch (e) {
    throw kitError(e, o)
  }
}

/** The proposal as a protocol-kit Safe transaction: same call, nonce and gas fields; the file's signatures attached. */
export async function kitTransaction(
  kit: SafeKit,
  p: Proposal,
  opts: { withSignatures?: boolean } = {},
): Promise<SafeKitTransaction> {
  if (p.nonce > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new VaultError('SAFE_KIT_NONCE', 'The proposal nonce is too large for protocol-kit', {
      details: `nonce ${p.nonce}`,
    })
  }
  const tx = await kit.createTransaction({
    transactions: [{ to: p.to, value: p.value.toString(), data: p.data, operation: p.operation }],
    options: {
      nonce: Number(p.nonce),
      safeTxGas: p.safeTxGas.toString(),
      baseGas: p.baseGas.toString(),
      gasPrice: p.gasPrice.toString(),
      gasToken: p.gasToken,
      refundReceiver: p.refundReceiver,
    },
  })
  if (opts.withSignatures) {
    const { EthSafeSignature } = await loadKit()
    for (const s of p.signatures) {
      // EIP-1271 contract signatures are packed by vault itself (signatures.ts); the kit gets the ECDSA ones.
      if (s.type !== 'contract') tx.addSignature(new EthSafeSignature(s.owner, s.signature))
    }
  }
  return tx
}

/** protocol-kit's safeTxHash for the proposal's fields (computed off chain from the Safe's version and chain id). */
export async function kitSafeTxHash(kit: SafeKit, p: Proposal): Promise<Hex> {
  const hash = await kit.getTransactionHash(await kitTransaction(kit, p))
  return hash.toLowerCase() as Hex
}

/** The Safe's owners and threshold as protocol-kit reads them. */
export async function kitOwnersAndThreshold(kit: SafeKit): Promise<{ owners: Address[]; threshold: number }> {
  const [owners, threshold] = await Promise.all([kit.getOwners(), kit.getThreshold()])
  return { owners: owners.map((o) => getAddress(o)), threshold }
}

/** Refuse (exit 3) when protocol-kit computes another safeTxHash for the file's fields than the file states. */
export function kitMismatchError(p: Proposal, kitHash: Hex): VaultError {
  return new VaultError('PROPOSAL_KIT_MISMATCH', 'protocol-kit computes a different hash for this proposal', {
    details: `file ${p.safeTxHash}, protocol-kit ${kitHash} for Safe ${p.safe} on chain ${p.chainId}`,
    hints: ['Do not sign it: the file and an independent implementation disagree; recreate the proposal.'],
  })
}
