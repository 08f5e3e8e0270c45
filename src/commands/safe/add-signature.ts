import { Args, Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { safeFlags } from '../../cli/flags/groups.js'

import type { AddSignatureResult } from '../../safe/add-signature.js'
import type { Proposal } from '../../safe/proposal.js'

/** JSON of `vault safe add-signature`: the file written and the signatures it now holds. */
export interface SafeAddSignatureResult {
  file: string
  safeTxHash: Proposal['safeTxHash']
  owner: AddSignatureResult['signature']['owner']
  type: AddSignatureResult['signature']['type']
  signatures: number
  threshold: bigint
}

export default class SafeAddSignature extends VaultCommand<SafeAddSignatureResult> {
  static override summary = 'Add a signature made by another tool (web app, protocol-kit, cast, hardware wallet).'
  static override description =
    `Checks the signature as the Safe will before it is written into the proposal file: made over the proposal's safeTxHash by --signer, and --signer a current owner. The kind comes from v: 27/28 EIP-712, 31/32 eth_sign, 1 an approveHash (must be on chain), 0 a contract (EIP-1271) signature in its standalone form (r = owner, s = 65, v = 0, length, data), which the owner contract must accept. The file is written under its lock; nothing is sent.
Exit codes: 0 added · 3 not an owner, does not verify, already signed, used nonce, bad file · 4 chain unreachable.
JSON: {file, safeTxHash, owner, type, signatures, threshold}`
  static override examples = [
    '<%= config.bin %> safe add-signature proposals/138-0xSafe…-n3-0x1234abcd.json --signer 0xOwner… --signature 0x<65 bytes>',
    '<%= config.bin %> safe add-signature 0x<safeTxHash> --signer 0xOwnerSafe… --signature 0x<contract signature> --json',
  ]
  static override args = { proposal: Args.string({ description: 'Proposal file or safeTxHash', required: true }) }
  static override flags = {
    ...chainFlags,
    ...safeFlags,
    signer: Flags.string({ description: 'The owner who made the signature.', required: true }),
    signature: Flags.string({ description: 'The signature, 0x hex.', required: true }),
  }

  async run(): Promise<SafeAddSignatureResult> {
    const { args, flags } = await this.parse(SafeAddSignature)
    const { VaultError } = await import('../../core/errors.js')
    if (!/^0x[0-9a-fA-F]{40}$/.test(flags.signer))
      throw new VaultError('ADDRESS_INVALID', '--signer is not an address', { field: 'signer' })
    const ctx = await this.context(flags)
    const { safeSession } = await import('../../safe/target.js')
    const { openProposal, saveProposal } = await import('../../safe/open.js')
    const opened = await openProposal(safeSession(ctx, flags), args.proposal)
    const { checkOnChainHash } = await import('../../safe/hash-check.js')
    await checkOnChainHash(opened.client, opened.proposal)
    const { addSignature } = await import('../../safe/add-signature.js')
    const added = await addSignature(opened.client, {
      proposal: opened.proposal,
      signer: flags.signer as `0x${string}`,
      signature: flags.signature as `0x${string}`,
    })
    const file = await saveProposal(opened, added.proposal)
    const res = {
      file,
      safeTxHash: added.proposal.safeTxHash,
      owner: added.signature.owner,
      type: added.signature.type,
      signatures: added.signatures,
      threshold: added.threshold,
    }
    this.out(`Added the ${res.type} signature of ${res.owner} to ${file} (${res.signatures} of ${res.threshold})`)
    return res
  }
}
