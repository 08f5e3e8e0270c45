import type { Address } from 'viem'
import type { Context } from '../config/context.js'
import { defaultProposalsDir, type Route } from '../tx/call.js'
import { parseSafeAddress, requireSafe } from './guard.js'

/** Where a command finds the Safe, its proposal files and (optionally) a Transaction Service. */
export interface SafeSession {
  ctx: Context
  /** The Safe the profile or `--safe-address` names (proposals for another Safe are refused). */
  safe?: Address
  proposalsDir: string
  txServiceUrl?: string
}

export interface SafeSessionFlags {
  'safe-address'?: string
  'proposals-dir'?: string
  'tx-service'?: string
}

/** The one resolution of the Safe, its proposals folder and service: flags first, then the profile. */
export function safeSession(ctx: Context, flags: SafeSessionFlags): SafeSession {
  return {
    ctx,
    safe: parseSafeAddress(flags['safe-address'] ?? ctx.profile.safe.address),
    proposalsDir: flags['proposals-dir'] ?? ctx.profile.safe.proposalsDir ?? defaultProposalsDir(),
    txServiceUrl: flags['tx-service'] ?? ctx.profile.safe.txServiceUrl,
  }
}

/** The write spine's Safe route for the session (refused when no Safe is configured). */
export function safeRoute(s: SafeSession): Extract<Route, { kind: 'safe' }> {
  return { kind: 'safe', safe: requireSafe(s.safe), proposalsDir: s.proposalsDir, txServiceUrl: s.txServiceUrl }
}
