import { formatEther, formatGwei } from 'viem'
import type { ExecuteResult } from '../../safe/execute.js'
import type { PendingEntry, PendingSummary } from '../../safe/pending.js'
import type { DecodedCall, Proposal } from '../../safe/proposal.js'
import { c } from '../color.js'
import { renderPairs } from '../table.js'

const OPERATION = ['CALL', 'DELEGATECALL'] as const

function decodedLines(d: DecodedCall | null, indent = '  '): string[] {
  if (!d) return [`${indent}(call data not decoded: unknown function)`]
  const lines = [`${indent}${d.method}`]
  for (const [n, a] of d.args.entries()) if (!d.calls) lines.push(`${indent}  [${n}] ${a}`)
  for (const [n, inner] of (d.calls ?? []).entries()) {
    lines.push(`${indent}  #${n + 1} ${OPERATION[inner.operation]} ${inner.to} value ${inner.value}`)
    lines.push(...decodedLines(inner.decoded, `${indent}     `))
  }
  return lines
}

/** Every field of a proposal, its decoded call, its signatures and the warnings a signer must see. */
export function renderProposal(
  p: Proposal,
  extra: { decoded: DecodedCall | null; warnings: string[]; file?: string; status?: string[] },
): string {
  const pairs: [string, string][] = [
    ['safeTxHash', p.safeTxHash],
    ...(extra.file ? [['file', extra.file] as [string, string]] : []),
    ['chain', String(p.chainId)],
    ['safe', p.safe],
    ['nonce', String(p.nonce)],
    ['to', p.to],
    ['value', `${p.value} wei`],
    ['operation', `${p.operation} (${OPERATION[p.operation]})`],
    ['data', p.data.length > 138 ? `${p.data.slice(0, 138)}… (${(p.data.length - 2) / 2} bytes)` : p.data],
    ['safeTxGas', String(p.safeTxGas)],
    ['baseGas', String(p.baseGas)],
    ['gasPrice', String(p.gasPrice)],
    ['gasToken', p.gasToken],
    ['refundReceiver', p.refundReceiver],
    ['description', p.description || '(none)'],
    ['created', p.createdAt],
  ]
  const sigs = p.signatures.length ? p.signatures.map((s) => `  ${s.owner} (${s.type})`) : ['  (none yet)']
  return [
    renderPairs(pairs),
    'call:',
    ...decodedLines(extra.decoded),
    'signatures in the file:',
    ...sigs,
    ...(extra.status ?? []),
    ...extra.warnings.map((w) => c.red.bold(`!! ${w}`)),
  ].join('\n')
}

export function renderSigned(r: {
  owner: string
  file: string
  signatures: number
  threshold: bigint
  pushed?: string
}) {
  const lines = [c.green(`✔ Signed by ${r.owner} (${r.signatures} of ${r.threshold} in the file)`), `  file ${r.file}`]
  if (r.pushed) lines.push(`  ${r.pushed}`)
  lines.push(
    BigInt(r.signatures) >= r.threshold
      ? `Next: anyone runs \`vault safe execute ${r.file}\`.`
      : `Next: another owner runs \`vault safe sign ${r.file}\` (or \`vault safe approve\`).`,
  )
  return lines.join('\n')
}

export function renderApproved(r: {
  owner: string
  safeTxHash: string
  transactionHash: string | null
  alreadyApproved: boolean
}) {
  return r.alreadyApproved
    ? c.dim(`· ${r.owner} had already approved ${r.safeTxHash} on chain`)
    : c.green(`✔ ${r.owner} approved ${r.safeTxHash} on chain (tx ${r.transactionHash})`)
}

export function renderExecuted(r: ExecuteResult): string {
  return [
    c.green(`✔ Executed Safe ${r.safe} nonce ${r.nonce} in block ${r.blockNumber}`),
    `  tx ${r.transactionHash}`,
    `  gas ${r.gasUsed} at ${formatGwei(r.effectiveGasPrice)} gwei ≈ ${formatEther(r.gasUsed * r.effectiveGasPrice)} ETH`,
    `  signers ${r.signers.join(', ')}`,
    'events:',
    ...r.events.map(
      (e) =>
        `  ${e.name} @ ${e.address} ${Object.entries(e.args)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
    ),
    ...r.warnings.map((w) => c.yellow(`  ! ${w}`)),
  ].join('\n')
}

const statusText: Record<PendingEntry['status'], string> = {
  ready: 'ready to execute',
  'awaiting-signatures': 'awaiting signatures',
  queued: 'signed; waits for earlier nonces',
  'nonce-used': 'nonce already used (stale)',
  invalid: 'INVALID FILE',
}

export function renderPending(s: PendingSummary): string {
  const head = `Safe ${s.safe} on chain ${s.chainId}: nonce ${s.safeNonce}, threshold ${s.threshold} of ${s.owners.length}`
  if (s.proposals.length === 0) return `${head}\nNo queued proposals.`
  const blocks = s.proposals.map((p) => {
    const signed = [...p.signedBy, ...p.approvedOnChain.map((a) => `${a} (on chain)`)]
    return [
      `${p.nonce ?? '?'}  ${p.safeTxHash ?? ''}  ${statusText[p.status]}`,
      `   ${p.method ?? p.to ?? ''}${p.description ? ` — ${p.description}` : ''}`,
      `   signed: ${signed.join(', ') || 'nobody'}; missing ${p.missing}`,
      `   ${p.file}`,
      ...p.warnings.map((w) => c.yellow(`   ! ${w}`)),
      ...(p.error ? [c.red(`   ✖ ${p.error.message}`)] : []),
    ].join('\n')
  })
  return [head, ...blocks].join('\n')
}
