import { chainFlags, VaultCommand } from '../../cli/command.js'
import { safeFlags } from '../../cli/flags/groups.js'

import type { pendingAll } from '../../safe/status.js'

/** JSON of `vault safe pending`: every proposal of the Safe with its status. */
export type SafePendingResult = Awaited<ReturnType<typeof pendingAll>>

export default class SafePending extends VaultCommand<SafePendingResult> {
  static override summary = "The Safe's queued proposals: who signed, who approved on chain, what is missing."
  static override description =
    `Reads every proposal file for the Safe and chain in the proposals folder (and, with --tx-service or profile safe.txServiceUrl, the service's unexecuted transactions). Each is verified; edited files show as invalid.
Status: ready (next nonce, threshold met) · awaiting-signatures · queued (signed, waits for an earlier nonce) · nonce-used (stale) · invalid.
JSON: {chainId, safe, safeNonce, threshold, owners, proposals: [{file, status, nonce, safeTxHash, description, to, method, signedBy, approvedOnChain, missing, warnings, error?}]}`
  static override examples = ['<%= config.bin %> safe pending', '<%= config.bin %> safe pending --chain 651940 --json']
  static override flags = { ...chainFlags, ...safeFlags }

  async run(): Promise<SafePendingResult> {
    const { flags } = await this.parse(SafePending)
    const ctx = await this.context(flags)
    const { safeSession } = await import('../../safe/target.js')
    const { pendingAll } = await import('../../safe/status.js')
    const summary = await pendingAll(safeSession(ctx, flags), ctx.chainId)
    const { renderPending } = await import('../../cli/render/safe.js')
    this.out(renderPending(summary))
    return summary
  }
}
