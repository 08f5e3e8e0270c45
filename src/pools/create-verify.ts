import { type Address, zeroAddress } from 'viem'
import { stabilizerAbi, vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import { readContracts } from '../chain/read.js'
import type { CreatePlan } from './create.js'

/**
 * Read a new pool back: it must hold the intended tokens, i, k, fee and TWAP flag, the seed reserves, open at the
 * planned mid, be registered with the Stabilizer (when planned), and `init` must refuse a second call (a pool that
 * can be initialised again is an open door). Returns the mismatches (empty when all is right).
 */
export async function verifyPool(
  client: VaultClient,
  plan: CreatePlan,
  stabilizer: Address | undefined,
): Promise<{ problems: string[]; midPrice?: bigint }> {
  const pool = plan.pool
  const at = { address: pool, abi: vaultPMMPoolAbi } as const
  const [base, quote, i, k, fee, twap, reserves, mid, registered] = await readContracts(client, [
    { ...at, functionName: '_BASE_TOKEN_' },
    { ...at, functionName: '_QUOTE_TOKEN_' },
    { ...at, functionName: '_I_' },
    { ...at, functionName: '_K_' },
    { ...at, functionName: '_LP_FEE_RATE_' },
    { ...at, functionName: '_IS_OPEN_TWAP_' },
    { ...at, functionName: 'getVaultReserve' },
    { ...at, functionName: 'getMidPrice' },
    { address: stabilizer ?? zeroAddress, abi: stabilizerAbi, functionName: 'isPool', args: [pool] },
  ])
  const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : Array.isArray(v) ? v.join(',') : v)
  const want: [string, unknown, { status: string; result?: unknown }][] = [
    ['base token', plan.base.address, base],
    ['quote token', plan.quote.address, quote],
    ['i', plan.seed.i, i],
    ['k', plan.k, k],
    ['lpFeeRate', plan.lpFeeRate, fee],
    ['isOpenTWAP', plan.isOpenTWAP, twap],
    ['reserves', [plan.seed.baseAmount, plan.seed.quoteAmount], reserves],
    ['mid price', plan.seed.mid, mid],
  ]
  if (plan.isOpenTWAP && stabilizer) want.push(['registered with the Stabilizer', true, registered])
  const problems = want.flatMap(([name, v, got]) =>
    got.status === 'success' && norm(got.result) === norm(v)
      ? []
      : [`${name}: expected ${String(v)}, pool has ${got.status === 'success' ? String(got.result) : 'no answer'}`],
  )
  try {
    await client.simulateContract({
      address: pool,
      abi: vaultPMMPoolAbi,
      functionName: 'init',
      args: [
        zeroAddress,
        plan.base.address,
        plan.quote.address,
        plan.lpFeeRate,
        zeroAddress,
        plan.seed.i,
        plan.k,
        true,
      ],
      account: '0x000000000000000000000000000000000000dEaD',
    })
    problems.push('init can be called again: the pool is not initialised (open door)')
  } catch {
    // reverted as it must
  }
  return { problems, midPrice: mid.status === 'success' ? (mid.result as bigint) : undefined }
}
