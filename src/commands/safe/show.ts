import { Args } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { safeFlags } from '../../cli/flags/groups.js'
import type { kitHashCheck } from '../../safe/hash-check.js'
import type { decodedCall } from '../../safe/known-abis.js'
import type { proposalToJson } from '../../safe/proposal.js'
import type { proposalStatus } from '../../safe/status.js'

/** JSON of `vault safe show`: the proposal, its decoded call, its status on chain and protocol-kit's hash. */
export type SafeShowResult = Awaited<ReturnType<typeof proposalStatus>> & {
  file: string
  proposal: ReturnType<typeof proposalToJson>
  decoded: ReturnType<typeof decodedCall>
  kit: Awaited<ReturnType<typeof kitHashCheck>>
  warnings: string[]
}

export default class SafeShow extends VaultCommand<SafeShowResult> {
  static override summary = 'One proposal in full: fields, decoded call, signatures, approvals and what is missing.'
  static override description =
    `The proposal is a file path or a safeTxHash (looked up in the proposals folder, then the Transaction Service). It is verified like \`vault safe sign\` does (exit 3 when edited, for another chain or another Safe).
JSON: {file, proposal: {…file fields}, decoded, status, owners, threshold, safeNonce, signedBy, approvedOnChain, notSignedBy, missing, ignored, kit: {safeTxHash, matches} (protocol-kit's hash of the same fields), warnings}`
  static override examples = [
    '<%= config.bin %> safe show proposals/138-0xSafe…-n3-0x1234abcd.json',
    '<%= config.bin %> safe show 0x<safeTxHash> --json',
  ]
  static override args = { proposal: Args.string({ description: 'Proposal file or safeTxHash', required: true }) }
  static override flags = { ...chainFlags, ...safeFlags }

  async run(): Promise<SafeShowResult> {
    const { args, flags } = await this.parse(SafeShow)
    const ctx = await this.context(flags)
    const { safeSession } = await import('../../safe/target.js')
    const { openWithServiceSignatures } = await import('../../safe/open.js')
    const { proposal: p, ...opened } = await openWithServiceSignatures(safeSession(ctx, flags), args.proposal)
    const { kitHashCheck } = await import('../../safe/hash-check.js')
    const kitChecked = kitHashCheck(opened.client, p)
    kitChecked.catch(() => {})
    const { proposalStatus } = await import('../../safe/status.js')
    const st = await proposalStatus(opened.client, p)
    const kit = await kitChecked
    const { proposalToJson } = await import('../../safe/proposal.js')
    const { proposalWarnings } = await import('../../safe/delegatecall.js')
    const { decodedCall } = await import('../../safe/known-abis.js')
    const decoded = decodedCall(p)
    const warnings = proposalWarnings(p)
    const { renderProposal } = await import('../../cli/render/safe.js')
    const signed = [...st.signedBy, ...st.approvedOnChain.map((a) => `${a} (on chain)`)]
    const status = [
      `status: ${st.status}; Safe nonce ${st.safeNonce}, threshold ${st.threshold} of ${st.owners.length}`,
      `signed: ${signed.join(', ') || 'nobody'}; missing ${st.missing}`,
      `not signed: ${st.notSignedBy.join(', ') || '-'}`,
      ...st.ignored.map((i) => `ignored ${i.owner}: ${i.reason}`),
      kit.matches ? 'protocol-kit: same safeTxHash' : `!! protocol-kit computes ${kit.safeTxHash}: do not sign`,
    ]
    this.out(renderProposal(p, { decoded, warnings, file: opened.file, status }))
    return { file: opened.file, proposal: proposalToJson(p), decoded, ...st, kit, warnings }
  }
}
