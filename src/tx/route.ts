import type { Context } from '../config/context.js'
import { VaultError } from '../core/errors.js'
import type { Route, TxOptions } from './call.js'
import { resolveAccount, type SignerFlags } from './signer.js'

export interface TxFlagValues {
  'gas-price'?: bigint
  'priority-gas-price'?: bigint
  nonce?: bigint
  legacy?: boolean
  confirmations?: number
}

export interface RouteFlagValues extends SignerFlags, TxFlagValues {
  safe?: boolean
  'safe-address'?: string
  'proposals-dir'?: string
  'tx-service'?: string
}

/** `--safe` → a Safe proposal route; otherwise a key route. */
export async function resolveRoute(flags: RouteFlagValues, ctx: Context, json: boolean): Promise<Route> {
  if (flags.safe || flags['safe-address']) {
    const given = (['gas-price', 'priority-gas-price', 'nonce', 'legacy', 'confirmations'] as const).filter(
      (f) => flags[f] !== undefined && flags[f] !== false,
    )
    if (given.length)
      throw new VaultError('TX_OPTIONS_INVALID', `--${given[0]} is for a sent transaction, not a Safe proposal`, {
        details: 'The owner who executes the proposal chooses its gas and nonce (`vault safe execute`).',
        field: given[0].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
      })
    const { safeRoute, safeSession } = await import('../safe/target.js')
    return safeRoute(safeSession(ctx, flags))
  }
  const tx = txOptions(flags)
  return { kind: 'key', account: await resolveAccount(flags, { json }), tx }
}

/** The sending options, checked against each other (before any key is read or device asked). */
export function txOptions(flags: TxFlagValues): TxOptions {
  const tx: TxOptions = {
    gasPrice: flags['gas-price'],
    priorityGasPrice: flags['priority-gas-price'],
    nonce: flags.nonce,
    legacy: flags.legacy,
    confirmations: flags.confirmations,
  }
  if (tx.nonce !== undefined && tx.nonce >= 2n ** 64n - 1n)
    throw new VaultError('PARAM_OUT_OF_RANGE', 'A nonce must be below 2^64 − 1', { field: 'nonce' })
  if (tx.confirmations !== undefined && tx.confirmations < 1)
    throw new VaultError('PARAM_OUT_OF_RANGE', '--confirmations counts blocks from 1 (the including block)', {
      field: 'confirmations',
    })
  if (tx.legacy && tx.priorityGasPrice !== undefined)
    throw new VaultError('TX_OPTIONS_INVALID', '--priority-gas-price is for EIP-1559 transactions, not --legacy', {
      field: 'priorityGasPrice',
    })
  if (tx.gasPrice !== undefined && tx.priorityGasPrice !== undefined && tx.priorityGasPrice > tx.gasPrice)
    throw new VaultError('TX_OPTIONS_INVALID', '--priority-gas-price is above --gas-price (the max fee per gas)', {
      field: 'priorityGasPrice',
    })
  return tx
}
