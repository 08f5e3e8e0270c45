import { type Address, erc20Abi } from 'viem'
import { bridgeReserveAbi, vaultPMMPoolAbi } from '../chain/abi/generated.js'
import type { ChainClients, VaultClient } from '../chain/client.js'
import { readContracts, resultOf } from '../chain/read.js'
import { requireContract } from '../config/context.js'
import { CHAIN_IDS, type ChainId, type Deployment } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import {
  type BridgeBuffer,
  bridgeBuffer,
  CROSS_CHAIN_SPREAD_TARGET_BPS,
  crossChainSpread,
  type SpreadVerdict,
} from '../core/models/bridge.js'
import { formatDecimal, toRational } from '../core/models/rational.js'
import { type BridgeOutflows, minuteIso, peaksByToken, readBridgeOutflows } from './outflow.js'

/**
 * `vault bridge check` (spec §9): per chain and token, BridgeReserve ≥ PeakBridgeOutflow × Latency, and the
 * cross-chain spread of every public pool pair both chains have (§16: < 15 bps).
 *
 * Direction: a BridgeOut on chain X locks tokens there and is paid out of chain Y's reserve by bridgeIn. So Y's
 * buffer is sized by the peak per-minute BridgeOut flow on X bound for Y (tokens matched by symbol), times the
 * latency L before liquidity can be moved back.
 */

export interface TokenBuffer extends Omit<BridgeBuffer, 'latencyMin' | 'display'> {
  chainId: ChainId
  token: string
  address: Address
  decimals: number
  /** The chain whose BridgeOut events drain this reserve, and its peak minute. */
  outflowFrom: ChainId
  peakMinute: string | null
  events: number
}

export interface PairSpread extends Partial<SpreadVerdict> {
  pair: string
  /** Mid prices as whole-unit prices in 1e18 (decimals removed), per chain. */
  ok: boolean
  error?: string
}

export interface BridgeCheckReport {
  ok: boolean
  latencyMin: string
  lookback: bigint
  spreadThresholdBps: bigint
  chains: { chainId: ChainId; bridgeReserve: Address; fromBlock: bigint; toBlock: bigint; bridgeOutEvents: number }[]
  buffers: TokenBuffer[]
  spreads: PairSpread[]
}

interface ChainRead {
  chainId: ChainId
  deployment: Deployment
  tokens: { symbol: string; address: Address; decimals: number; reserve: bigint }[]
  mids: Map<string, bigint | undefined>
  flows: BridgeOutflows
}

async function readChain(client: VaultClient, { lookback }: { lookback: bigint }): Promise<ChainRead> {
  const { deployment } = client
  const bridge = requireContract(client, 'bridgeReserve', 'bridge reserve')
  const tokens = Object.entries(deployment.tokens)
  const pools = Object.entries(deployment.pools)
  const [perToken, mids, flows] = await Promise.all([
    Promise.all(
      tokens.map(([, address]) =>
        readContracts(client, [
          { address, abi: erc20Abi, functionName: 'decimals' },
          { address: bridge, abi: bridgeReserveAbi, functionName: 'reserveOf', args: [address] },
        ]),
      ),
    ),
    readContracts(
      client,
      pools.map(([, address]) => ({ address, abi: vaultPMMPoolAbi, functionName: 'getMidPrice' as const })),
    ),
    readBridgeOutflows(client, bridge, { lookback }),
  ])
  return {
    chainId: client.chainId,
    deployment,
    tokens: tokens.map(([symbol, address], n) => ({
      symbol,
      address,
      decimals: resultOf(perToken[n][0]) ?? 18,
      reserve: resultOf(perToken[n][1]) ?? 0n,
    })),
    mids: new Map(pools.map(([name], n) => [name, resultOf(mids[n])])),
    flows,
  }
}

/** Mid price (pool units) → price of one whole base token in whole quote tokens, 1e18. */
function wholePrice(mid: bigint, pair: string, c: ChainRead): bigint | undefined {
  const [b, q] = pair.split('/')
  const base = c.tokens.find((t) => t.symbol === b)
  const quote = c.tokens.find((t) => t.symbol === q)
  if (!base || !quote) return undefined
  const shift = base.decimals - quote.decimals
  return shift >= 0 ? mid * 10n ** BigInt(shift) : mid / 10n ** BigInt(-shift)
}

export async function bridgeCheck(
  deps: ChainClients,
  opts: { lookback: bigint; latencyMin: string; spreadThresholdBps?: bigint },
): Promise<BridgeCheckReport> {
  const threshold = opts.spreadThresholdBps ?? CROSS_CHAIN_SPREAD_TARGET_BPS
  const latency = toRational(opts.latencyMin, 'Bridge latency')
  if (latency.num <= 0n)
    throw new VaultError('PARAM_OUT_OF_RANGE', 'Bridge latency must be longer than zero minutes', {
      details: `Got ${opts.latencyMin}.`,
    })
  if (threshold <= 0n)
    throw new VaultError('PARAM_OUT_OF_RANGE', 'Spread threshold must be greater than zero bps', {
      details: `Got ${threshold}.`,
    })
  const [a, b] = await Promise.all(CHAIN_IDS.map(async (id) => readChain(await deps.client(id), opts)))
  const buffers: TokenBuffer[] = []
  for (const [here, there] of [
    [a, b],
    [b, a],
  ]) {
    const peaks = peaksByToken(there.flows.events, { dstChainId: here.chainId })
    for (const t of here.tokens) {
      const src = there.deployment.tokens[t.symbol]
      const p = src ? peaks.get(src.toLowerCase()) : undefined
      const {
        latencyMin: _l,
        display: _d,
        ...buf
      } = bridgeBuffer({
        token: t.symbol,
        reserve: t.reserve,
        peakOutflowPerMin: p?.peak ?? 0n,
        latencyMin: opts.latencyMin,
      })
      buffers.push({
        ...buf,
        token: t.symbol,
        chainId: here.chainId,
        address: t.address,
        decimals: t.decimals,
        outflowFrom: there.chainId,
        peakMinute: minuteIso(p?.minuteStart ?? null),
        events: p?.events ?? 0,
      })
    }
  }
  const spreads: PairSpread[] = []
  for (const pair of Object.keys(a.deployment.pools).filter((p) => p in b.deployment.pools)) {
    const [ma, mb] = [a.mids.get(pair), b.mids.get(pair)]
    const [pa, pb] = [ma ? wholePrice(ma, pair, a) : undefined, mb ? wholePrice(mb, pair, b) : undefined]
    if (!pa || !pb) {
      const missing = [!pa && a.chainId, !pb && b.chainId].filter(Boolean).join(' and ')
      spreads.push({ pair, ok: false, error: `no mid price on ${missing}` })
      continue
    }
    spreads.push({ pair, ...crossChainSpread(pa, pb, threshold) })
  }
  return {
    ok: buffers.every((x) => x.ok) && spreads.every((s) => s.ok),
    latencyMin: formatDecimal(latency),
    lookback: opts.lookback,
    spreadThresholdBps: threshold,
    chains: [a, b].map((c) => ({
      chainId: c.chainId,
      bridgeReserve: c.flows.bridgeReserve,
      fromBlock: c.flows.fromBlock,
      toBlock: c.flows.toBlock,
      bridgeOutEvents: c.flows.events.length,
    })),
    buffers,
    spreads,
  }
}
