import { type Address, encodeFunctionData } from 'viem'
import { vaultOracleAbi } from '../chain/abi/generated.js'
import type { VaultClient } from '../chain/client.js'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import type { Action, Route } from '../tx/call.js'
import { type Performed, perform } from '../tx/perform.js'
import { type OracleChain, readOracle } from './read.js'

/** One price change: the token, its current price (if any) and the new one (USD 1e18 per whole token). */
export interface PriceChange {
  token: string
  address: Address
  from?: bigint
  to: bigint
  /** |to − from| / from in bps (absent when there was no price). */
  moveBps?: bigint
}

/** JSON of `vault oracle set` and `vault oracle sync`. */
export interface OracleWriteResult {
  chainId: ChainId
  oracle: Address
  changes: PriceChange[]
  /** Tokens left alone by `sync` (within tolerance), with their gap in bps. */
  unchanged?: { token: string; gapBps: bigint }[]
  proposal?: Performed['proposal']
  sent?: { txHash: `0x${string}`; from: Address; gasUsed: bigint }[]
}

/** A price the contract must never get: USD 1e18 per token, > 0 and below 10^36 (a sanity ceiling). */
export const MAX_SANE_PRICE = 10n ** 36n

export const moveBps = (from: bigint, to: bigint) => ((to > from ? to - from : from - to) * 10_000n) / from

/**
 * Check the new prices before anything is sent: a zero price is ORACLE_PRICE_ZERO, an absurd one
 * ORACLE_PRICE_INSANE, a move of more than `maxMoveBps` from the current price ORACLE_PRICE_JUMP (unless allowed).
 */
export function checkChanges(
  current: OracleChain,
  wanted: { token: string; price: bigint }[],
  opts: { maxMoveBps: number; allowLargeMove?: boolean },
): PriceChange[] {
  if (wanted.length === 0)
    throw new VaultError('FLAG_MISSING', 'No prices given', {
      field: 'price',
      hints: ['Give each price as SYMBOL=USD.'],
    })
  return wanted.map(({ token, price }) => {
    const row = current.prices.find((p) => p.token.toLowerCase() === token.toLowerCase())
    if (!row) {
      throw new VaultError('TOKEN_UNKNOWN', `Unknown token "${token}" on chain ${current.chainId}`, {
        hints: [`Known: ${current.prices.map((p) => p.token).join(', ')}`],
      })
    }
    if (price === 0n) {
      throw new VaultError('ORACLE_PRICE_ZERO', `A zero price for ${row.token} is refused`, {
        details: 'The Stabilizer would divide by it.',
      })
    }
    if (price >= MAX_SANE_PRICE) {
      throw new VaultError('ORACLE_PRICE_INSANE', `The price for ${row.token} is beyond any sane USD value`, {
        details: `Got ${price} (1e18 units).`,
      })
    }
    const move = row.price ? moveBps(row.price, price) : undefined
    if (move !== undefined && move > BigInt(opts.maxMoveBps) && !opts.allowLargeMove) {
      throw new VaultError(
        'ORACLE_PRICE_JUMP',
        `${row.token}: a move of ${move} bps exceeds the sanity bound of ${opts.maxMoveBps} bps`,
        {
          hints: ['Check the price; pass --allow-large-move if it is right, or change oracle.maxMoveBps.'],
          data: { token: row.token, from: row.price, to: price, moveBps: move },
        },
      )
    }
    return { token: row.token, address: row.address, from: row.price, to: price, moveBps: move }
  })
}

/** setPrice for one change, setPrices for several: one transaction (or one Safe proposal). */
export function priceAction(chainId: ChainId, oracle: Address, changes: PriceChange[]): Action {
  const text = changes.map((c) => `${c.token} ${c.from ?? 'unset'} → ${c.to}`).join(', ')
  const data =
    changes.length === 1
      ? encodeFunctionData({ abi: vaultOracleAbi, functionName: 'setPrice', args: [changes[0].address, changes[0].to] })
      : encodeFunctionData({
          abi: vaultOracleAbi,
          functionName: 'setPrices',
          args: [changes.map((c) => c.address), changes.map((c) => c.to)],
        })
  return { chainId, to: oracle, data, description: `Oracle prices (USD 1e18): ${text}`, abis: [vaultOracleAbi] }
}

export interface OracleWriteOptions {
  route: Route
  confirm: (summary: string) => Promise<void>
  maxOracleAge: bigint
  maxMoveBps: number
  allowLargeMove?: boolean
}

/** `vault oracle set`: validate, simulate, confirm, then send or propose. */
export async function setPrices(
  client: VaultClient,
  { prices: wanted, ...opts }: OracleWriteOptions & { prices: { token: string; price: bigint }[] },
): Promise<OracleWriteResult> {
  const current = await readOracle(client, opts)
  const changes = checkChanges(current, wanted, opts)
  return write(client, { current, changes, ...opts })
}

/** Validated changes of one chain's oracle through the spine: one setPrice(s) call, sent or proposed. */
export async function write(
  client: VaultClient,
  {
    current,
    changes,
    unchanged,
    ...opts
  }: OracleWriteOptions & {
    current: OracleChain
    changes: PriceChange[]
    /** Tokens left alone (sync: within tolerance), reported as such. */
    unchanged?: OracleWriteResult['unchanged']
  },
): Promise<OracleWriteResult> {
  const base = { chainId: current.chainId, oracle: current.oracle, changes, ...(unchanged ? { unchanged } : {}) }
  if (changes.length === 0) return base
  const done = await perform(client, {
    actions: [priceAction(current.chainId, current.oracle, changes)],
    route: opts.route,
    confirm: opts.confirm,
  })
  return {
    ...base,
    proposal: done.proposal,
    sent: done.sent?.map((s) => ({ txHash: s.txHash, from: s.from, gasUsed: s.gasUsed })),
  }
}

/**
 * `vault oracle sync`: Alltra's prices set to chain 138's for every token both chains know (by symbol) whose prices
 * differ by more than `toleranceBps`. Nothing to do is a result with no changes (nothing sent).
 */
export async function syncPrices({
  from,
  to,
  ...opts
}: OracleWriteOptions & { from: VaultClient; to: VaultClient; toleranceBps: number }): Promise<
  OracleWriteResult & { source: ChainId }
> {
  const [src, dst] = await Promise.all([readOracle(from, opts), readOracle(to, opts)])
  const wanted: { token: string; price: bigint }[] = []
  const unchanged: { token: string; gapBps: bigint }[] = []
  for (const s of src.prices) {
    const d = dst.prices.find((p) => p.token === s.token)
    if (!d || s.price === undefined) continue
    const gap = d.price === undefined ? undefined : moveBps(s.price, d.price)
    if (gap !== undefined && gap <= BigInt(opts.toleranceBps)) unchanged.push({ token: s.token, gapBps: gap })
    else wanted.push({ token: s.token, price: s.price })
  }
  const changes = wanted.length ? checkChanges(dst, wanted, opts) : []
  return { source: src.chainId, ...(await write(to, { current: dst, changes, unchanged, ...opts })) }
}
