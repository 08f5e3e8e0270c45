import { Flags } from '@oclif/core'
import type { ErrorCode } from '../../core/error-catalog.js'
import { VaultError } from '../../core/errors.js'
import { parseDecimal } from '../../core/pmm/convert.js'
import type { StabilizerParams } from '../../stabilizer/check.js'

/** The per-pool Appendix A parameters: flag → parameter. */
const POOL_FLAG_TO_PARAM = {
  'threshold-bps': 'thresholdBps',
  'sustain-blocks': 'sustainBlocks',
  'twap-window': 'twapWindow',
  'min-blocks': 'minBlocks',
  'per-block-cap': 'perBlockCap',
  'k-per-bps': 'kPerBps',
  'max-slippage-bps': 'maxSlippageBps',
} as const

/** The chain-wide ones: the per-pool set and the oracle age (the gas price cap is in gwei, below). */
const FLAG_TO_PARAM = {
  ...POOL_FLAG_TO_PARAM,
  'max-oracle-age': 'maxOracleAge',
} as const satisfies Record<string, keyof StabilizerParams>

/** Whole-number flags → bigints by parameter name; anything else is `code`, naming its flag. */
function wholeFlags<N extends string>(
  flags: Record<string, unknown>,
  map: Record<string, N>,
  code: ErrorCode,
  withField: boolean,
): Partial<Record<N, bigint>> {
  const out: Partial<Record<N, bigint>> = {}
  for (const [flag, name] of Object.entries(map) as [string, N][]) {
    const v = flags[flag]
    if (v === undefined) continue
    if (typeof v !== 'string' || !/^\d+$/.test(v.replaceAll('_', '')))
      throw new VaultError(code, `--${flag} must be a whole number, got "${v}"`, withField ? { field: name } : {})
    out[name] = BigInt(v.replaceAll('_', ''))
  }
  return out
}

/** `set-params` flag values → contract params (whole numbers; gas price from gwei). Exit 3 on anything else. */
export function parseParamFlags(flags: Record<string, unknown>): Partial<StabilizerParams> {
  const out: Partial<StabilizerParams> = wholeFlags(flags, FLAG_TO_PARAM, 'NUMBER_INVALID', false)
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

/** Whole numbers only; anything else names its flag. */
export function parsePoolParamFlags(flags: Record<string, unknown>) {
  return wholeFlags(flags, POOL_FLAG_TO_PARAM, 'PARAMS_INVALID', true)
}
