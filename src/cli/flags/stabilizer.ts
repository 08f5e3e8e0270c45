import { Flags } from '@oclif/core'
import { VaultError } from '../../core/errors.js'
import { parseDecimal } from '../../core/pmm/convert.js'
import type { StabilizerParams } from '../../stabilizer/check.js'

const FLAG_TO_PARAM = {
  'threshold-bps': 'thresholdBps',
  'sustain-blocks': 'sustainBlocks',
  'twap-window': 'twapWindow',
  'min-blocks': 'minBlocks',
  'per-block-cap': 'perBlockCap',
  'k-per-bps': 'kPerBps',
  'max-slippage-bps': 'maxSlippageBps',
  'max-oracle-age': 'maxOracleAge',
} as const satisfies Record<string, keyof StabilizerParams>

/** `set-params` flag values → contract params (whole numbers; gas price from gwei). Exit 3 on anything else. */
export function parseParamFlags(flags: Record<string, unknown>): Partial<StabilizerParams> {
  const out: Partial<StabilizerParams> = {}
  for (const [flag, name] of Object.entries(FLAG_TO_PARAM)) {
    const v = flags[flag]
    if (v === undefined) continue
    if (typeof v !== 'string' || !/^\d+$/.test(v.replaceAll('_', '')))
      throw new VaultError('NUMBER_INVALID', `--${flag} must be a whole number, got "${v}"`)
    out[name] = BigInt(v.replaceAll('_', ''))
  }
  const gwei = flags['max-gas-price-gwei']
  if (gwei !== undefined) {
    if (typeof gwei !== 'string' || !/^\d+(\.\d{1,9})?$/.test(gwei))
      throw new VaultError('NUMBER_INVALID', `--max-gas-price-gwei must be a number, got "${gwei}"`)
    out.maxGasPrice = parseDecimal(gwei, 9, 'maxGasPriceGwei')
  }
  return out
}

const poolParam = (description: string) => Flags.string({ description, helpGroup: 'PARAMETERS' })

/** The per-pool Appendix A parameters as flags (add-pool; set-params --pool). */
export const poolParamFlags = {
  'threshold-bps': poolParam('Deviation band θ in bps.'),
  'sustain-blocks': poolParam('N: blocks the deviation must hold.'),
  'twap-window': poolParam('W: TWAP window in blocks.'),
  'min-blocks': poolParam('MIN_BLOCKS between executions.'),
  'per-block-cap': poolParam('Per-block volume cap (base-token units).'),
  'k-per-bps': poolParam('Trade size per bp of deviation (base-token units).'),
  'max-slippage-bps': poolParam('Slippage cap in bps.'),
}

const POOL_FLAG_TO_PARAM = {
  'threshold-bps': 'thresholdBps',
  'sustain-blocks': 'sustainBlocks',
  'twap-window': 'twapWindow',
  'min-blocks': 'minBlocks',
  'per-block-cap': 'perBlockCap',
  'k-per-bps': 'kPerBps',
  'max-slippage-bps': 'maxSlippageBps',
} as const

/** Whole numbers only; anything else names its flag. */
export function parsePoolParamFlags(
  flags: Record<string, unknown>,
): Partial<Record<(typeof POOL_FLAG_TO_PARAM)[keyof typeof POOL_FLAG_TO_PARAM], bigint>> {
  const out: Partial<Record<(typeof POOL_FLAG_TO_PARAM)[keyof typeof POOL_FLAG_TO_PARAM], bigint>> = {}
  for (const [flag, name] of Object.entries(POOL_FLAG_TO_PARAM)) {
    const v = flags[flag]
    if (v === undefined) continue
    if (typeof v !== 'string' || !/^\d+$/.test(v.replaceAll('_', '')))
      throw new VaultError('PARAMS_INVALID', `--${flag} must be a whole number, got "${v}"`, { field: name })
    out[name] = BigInt(v.replaceAll('_', ''))
  }
  return out
}
