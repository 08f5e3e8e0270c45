// One block of the simulator's flow sent into the localnet's public pools: the two external trades of each pool,
// genuine demand, flash drains (sold and sold back in one transaction by the flash borrower) and sustained
// drains, each sized as the simulator sizes them (quote side at the chain's oracle peg), from the market account.
import { type Address, encodeFunctionData, type Hex, keccak256, type LocalAccount } from 'viem'
import { flashBorrowerAbi, vaultRouterAbi } from '../chain/abi/generated.js'
import { pegPrice } from '../core/deviation/price.js'
import { type FlowGenerator, NONE } from '../core/sim/flow.js'
import type { SimParams } from '../core/sim/params.js'
import { PUBLIC_POOLS } from '../core/sim/system.js'
import { type StressChain, usdWad } from './setup.js'

export type FlowKind = 'trade' | 'demand' | 'flash' | 'drain'

/** A transaction of the flow, to find it again in its block's receipts. */
export interface SentFlow {
  step: number
  chain: number
  pool: number
  kind: FlowKind
  /** Signed base value traded (+ sells base, − sells quote), base units; 0 for a flash drain. */
  baseValue: number
}

const WAD = 10n ** 18n
const TRADE_GAS = 500_000n
const FLASH_GAS = 700_000n

/** The market account's sender on one chain: its own nonce, fees well above the base fee. */
export class MarketSender {
  private nonce = 0
  constructor(
    readonly c: StressChain,
    private readonly account: LocalAccount,
    private readonly fee: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
  ) {}

  async start() {
    this.nonce = await this.c.client.getTransactionCount({ address: this.account.address, blockTag: 'pending' })
  }

  async send(to: Address, data: Hex, gas: bigint): Promise<Hex> {
    const serializedTransaction = await this.account.signTransaction({
      chainId: this.c.chainId,
      type: 'eip1559',
      to,
      data,
      gas,
      nonce: this.nonce++,
      ...this.fee,
    })
    await this.c.client.sendRawTransaction({ serializedTransaction })
    return keccak256(serializedTransaction)
  }
}

/** The quote-per-base peg of each public pool at the chain's oracle prices (`usd`), 1e18 fixed. */
export function pegsAt(usd: ArrayLike<number>): bigint[] {
  return PUBLIC_POOLS.map(([b, q]) =>
    pegPrice({ baseUsd: usdWad(usd[b]), quoteUsd: usdWad(usd[q]), baseDecimals: 6, quoteDecimals: 6 }),
  )
}

/**
 * Sends chain c's flow of this step (the generator has stepped) and returns what was sent by hash. A sale of
 * `value` base value sells that much base, or its value in quote at the peg (the simulator's baseToQuote).
 */
export async function sendFlow(
  sender: MarketSender,
  {
    flow,
    params,
    chainIndex: c,
    step,
    pegs,
    to,
  }: {
    flow: FlowGenerator
    params: SimParams
    /** The chain's index in the simulator's order (0: 138, 1: Alltra). */
    chainIndex: number
    step: number
    pegs: bigint[]
    to: Address
  },
): Promise<Map<Hex, SentFlow>> {
  const out = new Map<Hex, SentFlow>()
  const ch = sender.c
  const drainSize = Number(params.drainSize)
  const demandSize = Number(params.demand.size)
  const units = (k: number, side: 0 | 1, baseValue: number) => {
    const base = BigInt(Math.round(baseValue))
    return side === 0 ? base : (base * pegs[k]) / WAD
  }
  const trade = async (k: number, side: 0 | 1, baseValue: number, kind: FlowKind) => {
    const amount = units(k, side, baseValue)
    if (amount <= 0n) return
    const data = encodeFunctionData({
      abi: vaultRouterAbi,
      functionName: side === 0 ? 'sellBase' : 'sellQuote',
      args: [ch.pools[k], amount, 0n, to],
    })
    const hash = await sender.send(ch.router, data, TRADE_GAS)
    out.set(hash, {
      step,
      chain: c,
      pool: k,
      kind,
      baseValue: side === 0 ? Math.round(baseValue) : -Math.round(baseValue),
    })
  }
  for (let k = 0; k < 4; k++) {
    const slot = c * 4 + k
    const baseFirst = flow.baseFirst[slot] === 1
    const [first, second] = baseFirst ? [flow.base[slot], flow.quote[slot]] : [flow.quote[slot], flow.base[slot]]
    await trade(k, baseFirst ? 0 : 1, first, 'trade')
    await trade(k, baseFirst ? 1 : 0, second, 'trade')
    if (flow.demandSide[slot] !== NONE) await trade(k, flow.demandSide[slot] as 0 | 1, demandSize, 'demand')
    if (flow.flash[slot] !== NONE) {
      const side = flow.flash[slot] as 0 | 1
      const data = encodeFunctionData({
        abi: flashBorrowerAbi,
        functionName: side === 0 ? 'tradeAndReverse' : 'tradeAndReverseQuote',
        args: [ch.pools[k], units(k, side, drainSize)],
      })
      const hash = await sender.send(ch.flashBorrower, data, FLASH_GAS)
      out.set(hash, { step, chain: c, pool: k, kind: 'flash', baseValue: 0 })
    }
    if (flow.drain[slot] !== NONE) await trade(k, flow.drain[slot] as 0 | 1, drainSize, 'drain')
  }
  return out
}
