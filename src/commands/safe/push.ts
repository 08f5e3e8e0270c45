import { Args } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { safeFlags } from '../../cli/flags/groups.js'
import type { PushResult } from '../../safe/push.js'

/** JSON of `vault safe push`: which file went to which service, and what the service got from it. */
export type SafePushResult = PushResult & { file: string; txServiceUrl: string }

export default class SafePush extends VaultCommand<SafePushResult> {
  static override summary = "Publish a proposal's signatures on the Safe Transaction Service."
  static override description =
    `For a proposal signed while the service was down or refused it (\`vault safe sign\` then exits 4, TX_SERVICE_PUSH_FAILED, with the signature saved in the file): the file is verified (hash recomputed and compared with the Safe's getTransactionHash, signatures recovered), then proposed to the service with its first owner signature if the service does not know it, and every other signature added as a confirmation. Idempotent; nothing is signed and nothing is sent on chain.
Exit codes: 0 pushed · 3 no --tx-service, no signature, a bad file · 4 chain or service unreachable, or the service refused.
JSON: {file, safeTxHash, txServiceUrl, proposed, confirmed, alreadyThere}`
  static override examples = [
    '<%= config.bin %> safe push proposals/138-0xSafe…-n3-0x1234abcd.json --tx-service https://safe-tx.example.org/api',
  ]
  static override args = { proposal: Args.string({ description: 'Proposal file or safeTxHash', required: true }) }
  static override flags = { ...chainFlags, ...safeFlags }

  async run(): Promise<SafePushResult> {
    const { args, flags } = await this.parse(SafePush)
    const ctx = await this.context(flags)
    const { safeSession } = await import('../../safe/target.js')
    const s = safeSession(ctx, flags)
    if (!s.txServiceUrl) {
      const { VaultError } = await import('../../core/errors.js')
      throw new VaultError('FLAG_MISSING', 'No Transaction Service', {
        details: 'Pass --tx-service <url> or `vault config set safe.txServiceUrl <url>`.',
        field: 'txService',
      })
    }
    const { openProposal } = await import('../../safe/open.js')
    const opened = await openProposal(s, args.proposal)
    const { checkOnChainHash } = await import('../../safe/hash-check.js')
    await checkOnChainHash(opened.client, opened.proposal)
    const { pushProposal } = await import('../../safe/push.js')
    const pushed = await pushProposal({ txServiceUrl: s.txServiceUrl, chainId: opened.chainId }, opened.proposal)
    const res = { file: opened.file, txServiceUrl: s.txServiceUrl, ...pushed }
    const added = [...(pushed.proposed ? ['proposed'] : []), ...pushed.confirmed.map((o) => `confirmed by ${o}`)]
    this.out(
      `Pushed ${pushed.safeTxHash} to ${s.txServiceUrl}: ${added.join(', ') || 'nothing new'}` +
        (pushed.alreadyThere.length ? ` (already there: ${pushed.alreadyThere.join(', ')})` : ''),
    )
    return res
  }
}
