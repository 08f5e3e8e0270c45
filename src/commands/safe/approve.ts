import { Args } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { delegateCallFlags, safeFlags, signerFlags, txFlags } from '../../cli/flags/groups.js'

import type { approveHash } from '../../safe/sign.js'

/** JSON of `vault safe approve`: the approveHash transaction. */
export type SafeApproveResult = Awaited<ReturnType<typeof approveHash>>

export default class SafeApprove extends VaultCommand<SafeApproveResult> {
  static override summary = "Approve a proposal's safeTxHash on chain (approveHash) as an owner."
  static override description =
    `The on-chain alternative to \`vault safe sign\`: the owner sends approveHash(safeTxHash) to the Safe, and \`vault safe execute\` counts the approval. Same checks as sign (a top-level DELEGATECALL to anything but MultiSend is refused unless --allow-delegatecall; hash against the Safe's getTransactionHash, chain, Safe, nonce, owner), then a confirmation (--yes to skip) before the transaction is sent.
Exit codes: 0 approved (or already approved) · 3 refused · 4 chain unreachable · 5 transaction reverted.
JSON: {owner, safeTxHash, transactionHash, alreadyApproved}`
  static override examples = [
    'VAULT_PRIVATE_KEY=0x… <%= config.bin %> safe approve proposals/138-0xSafe…-n3-0x1234abcd.json --yes',
  ]
  static override args = { proposal: Args.string({ description: 'Proposal file or safeTxHash', required: true }) }
  static override flags = { ...chainFlags, ...safeFlags, ...signerFlags, ...delegateCallFlags, ...txFlags }

  async run(): Promise<SafeApproveResult> {
    const { args, flags } = await this.parse(SafeApprove)
    const json = this.jsonEnabled()
    const ctx = await this.context(flags)
    const { safeSession } = await import('../../safe/target.js')
    const { openProposal } = await import('../../safe/open.js')
    const opened = await openProposal(safeSession(ctx, flags), args.proposal)
    const { txOptions } = await import('../../tx/route.js')
    const tx = txOptions(flags)
    const { resolveAccount } = await import('../../tx/signer.js')
    const account = await resolveAccount(flags, { json })
    const wallet = opened.client.wallet(account)
    const p = opened.proposal
    const { checkOnChainHash } = await import('../../safe/hash-check.js')
    await checkOnChainHash(opened.client, p)
    const { approveHash, checkCanSign } = await import('../../safe/sign.js')
    const allowDelegateCall = flags['allow-delegatecall']
    await checkCanSign(opened.client, { proposal: p, owner: wallet.account.address, approve: true, allowDelegateCall })
    const { proposalWarnings } = await import('../../safe/delegatecall.js')
    const { decodedCall } = await import('../../safe/known-abis.js')
    const { renderApproved, renderProposal } = await import('../../cli/render/safe.js')
    this.note(renderProposal(p, { decoded: decodedCall(p), warnings: proposalWarnings(p), file: opened.file }))
    const { confirmAction } = await import('../../cli/prompt.js')
    await confirmAction(`Send approveHash(${p.safeTxHash}) from ${wallet.account.address}?`, { yes: flags.yes, json })
    const res = await approveHash(opened.client, { wallet, proposal: p, allowDelegateCall, tx })
    this.out(renderApproved(res))
    return res
  }
}
