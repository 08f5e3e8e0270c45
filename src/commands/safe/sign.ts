import { Args } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { delegateCallFlags, safeFlags, signerFlags } from '../../cli/flags/groups.js'

import type { Proposal } from '../../safe/proposal.js'
import type { PushResult } from '../../safe/push.js'
import type { SignResult } from '../../safe/sign.js'

/** JSON of `vault safe sign`: the file signed, the signatures it now holds, and the push to the service. */
export interface SafeSignResult {
  file: string
  safeTxHash: Proposal['safeTxHash']
  owner: SignResult['signature']['owner']
  signatures: number
  threshold: bigint
  warnings: string[]
  pushed?: PushResult
}

export default class SafeSign extends VaultCommand<SafeSignResult> {
  static override summary = "Check a proposal and add an owner's EIP-712 signature to its file."
  static override description =
    `Reads the file (or a safeTxHash from the proposals folder or the Transaction Service), recomputes its hash, compares it with the Safe's own getTransactionHash on chain and with protocol-kit's (a second, independent implementation), checks chain, Safe and nonce, shows every field and the decoded call (a DELEGATECALL inside a MultiSend batch is flagged; a top-level DELEGATECALL to anything but MultiSend is refused, PROPOSAL_DELEGATECALL, unless --allow-delegatecall), asks for confirmation (--yes to skip), then signs with the owner key (--private-key, VAULT_PRIVATE_KEY or --keystore) and writes the signature into the file. With --tx-service (or profile safe.txServiceUrl) the signature is pushed there too: the service is asked before the key signs (a wrong URL is exit 3, a service that does not answer exit 4, nothing signed or written), and the description is shortened to the service's 200-character origin (the file keeps all of it). If the push fails after signing, the signature stays in the file (TX_SERVICE_PUSH_FAILED, exit 4) and \`vault safe push <file>\` publishes it later.
Refused with exit 3: a non-owner, a second signature by the same owner, an edited file, the wrong chain or Safe, a used nonce, a hash protocol-kit disagrees with (PROPOSAL_KIT_MISMATCH).
JSON: {file, safeTxHash, owner, signatures, threshold, pushed?}`
  static override examples = [
    'VAULT_PRIVATE_KEY=0x… <%= config.bin %> safe sign ~/.config/vault/proposals/138-0xSafe…-n3-0x1234abcd.json',
    '<%= config.bin %> safe sign 0x<safeTxHash> --tx-service https://safe-tx.example.org/api --keystore owner.json',
  ]
  static override args = { proposal: Args.string({ description: 'Proposal file or safeTxHash', required: true }) }
  static override flags = { ...chainFlags, ...safeFlags, ...signerFlags, ...delegateCallFlags }

  async run(): Promise<SafeSignResult> {
    const { args, flags } = await this.parse(SafeSign)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags)
    const { safeSession } = await import('../../safe/target.js')
    const { openProposal, saveProposal } = await import('../../safe/open.js')
    const s = safeSession(ctx, flags)
    const opened = await openProposal(s, args.proposal)
    const p = opened.proposal
    // protocol-kit loads while the key is read and the chain is asked; awaited before anything is signed
    const { checkKitHash, checkOnChainHash } = await import('../../safe/hash-check.js')
    const kitChecked = checkKitHash(opened.client, p)
    kitChecked.catch(() => {})
    const { resolveSigner } = await import('../../tx/signer.js')
    const key = (await resolveSigner(flags, { json, required: true })) as `0x${string}`
    const { privateKeyToAccount } = await import('../../tx/key-account.js')
    const { checkCanSign, signProposal } = await import('../../safe/sign.js')
    const { proposalWarnings } = await import('../../safe/delegatecall.js')
    await checkOnChainHash(opened.client, p)
    await kitChecked
    // everything is shown and confirmed before the key signs anything
    const account = privateKeyToAccount(key)
    const allowDelegateCall = flags['allow-delegatecall']
    await checkCanSign(opened.client, { proposal: p, owner: account.address, allowDelegateCall })
    // what the service would refuse is refused here, before the key signs or the file is written
    const service = s.txServiceUrl ? { txServiceUrl: s.txServiceUrl, chainId: opened.chainId } : undefined
    const push = service && (await import('../../safe/push.js'))
    if (service && push) await push.checkServiceTakes(service, p)
    const { renderProposal, renderSigned } = await import('../../cli/render/safe.js')
    const { decodedCall } = await import('../../safe/known-abis.js')
    const warnings = proposalWarnings(p)
    this.note(renderProposal(p, { decoded: decodedCall(p), warnings, file: opened.file }))
    const { confirmAction } = await import('../../cli/prompt.js')
    await confirmAction(`Sign this transaction as ${account.address}?`, { yes: flags.yes, json })
    const signed = await signProposal(opened.client, { proposal: p, account, allowDelegateCall })
    const file = await saveProposal(opened, signed.proposal)
    let pushed: PushResult | undefined
    if (service && push) {
      const owner = signed.signature.owner
      const info = {
        file,
        txServiceUrl: service.txServiceUrl,
        owner,
        safeTxHash: p.safeTxHash,
        signatures: signed.signatures,
      }
      pushed = await push.pushProposal(service, signed.proposal).catch((e: unknown) => {
        throw push.pushFailedError(e, info)
      })
    }
    const res = {
      file,
      safeTxHash: p.safeTxHash,
      owner: signed.signature.owner,
      signatures: signed.signatures,
      threshold: signed.threshold,
      warnings,
      pushed,
    }
    this.out(
      renderSigned({ ...res, pushed: pushed && `pushed to ${s.txServiceUrl}${pushed.proposed ? ' (new)' : ''}` }),
    )
    return res
  }
}
