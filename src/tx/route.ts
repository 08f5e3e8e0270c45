import type { Address } from 'viem'
import type { Context } from '../config/context.js'
import { VaultError } from '../core/errors.js'
import { defaultProposalsDir, type Route } from './call.js'
import { resolveSigner } from './signer.js'

export interface RouteFlagValues {
  'private-key'?: string
  keystore?: string
  safe?: boolean
  'safe-address'?: string
  'proposals-dir'?: string
  'tx-service'?: string
}

/** `--safe` → a Safe proposal route; otherwise a key route. */
export async function resolveRoute(flags: RouteFlagValues, ctx: Context, json: boolean): Promise<Route> {
  if (flags.safe || flags['safe-address']) {
    const safe = (flags['safe-address'] ?? ctx.profile.safe.address) as Address | undefined
    if (!safe || !/^0x[0-9a-fA-F]{40}$/.test(safe)) {
      throw new VaultError('SAFE_MISSING', 'No Safe address', {
        details: 'Pass --safe <address> or set one with `vault config set safe.address <address>`.',
      })
    }
    return {
      kind: 'safe',
      safe,
      proposalsDir: flags['proposals-dir'] ?? ctx.profile.safe.proposalsDir ?? defaultProposalsDir(),
      txServiceUrl: flags['tx-service'] ?? ctx.profile.safe.txServiceUrl,
    }
  }
  const key = await resolveSigner(flags, { json, required: true })
  return { kind: 'key', key: key! }
}
