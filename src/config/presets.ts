import type { OracleSettings, Profile, ReservePolicy, StabilizerSettings } from './schema.js'

/**
 * The one source of the Stabilizer's default parameters: every preset starts from it and the localnet deploys it
 * (θ 10 bps, N 3, W 5, MIN_BLOCKS 3, ≤ 10,000 tokens per block, 250 tokens per bp of deviation, slippage 2%,
 * gas ≤ 100 gwei, oracle prices at most an hour old, a mesh leg rebalanced when more than 10 bps off the oracle
 * cross rate). Amounts are base units of the pool's base token (6 decimals). The Stabilizer keeps the first seven
 * per pool and maxGasPrice, maxOracleAge and meshThresholdBps chain-wide (its Limits).
 */
export const DEFAULT_STABILIZER: Readonly<StabilizerSettings> = {
  thresholdBps: 10,
  sustainBlocks: 3,
  twapWindow: 5,
  minBlocks: 3,
  perBlockCap: '10000000000',
  kPerBps: '250000000',
  maxSlippageBps: 200,
  maxGasPriceGwei: 100,
  maxOracleAge: 3600,
  meshThresholdBps: 10,
}

/** A pool's params with the chain-wide gas and oracle limits, in the contract's units (gas price gwei → wei). */
export function stabilizerParamsOf(s: StabilizerSettings) {
  return {
    thresholdBps: BigInt(s.thresholdBps),
    sustainBlocks: BigInt(s.sustainBlocks),
    twapWindow: BigInt(s.twapWindow),
    minBlocks: BigInt(s.minBlocks),
    perBlockCap: BigInt(s.perBlockCap),
    kPerBps: BigInt(s.kPerBps),
    maxSlippageBps: BigInt(s.maxSlippageBps),
    maxGasPrice: BigInt(Math.round(s.maxGasPriceGwei * 1e9)),
    maxOracleAge: BigInt(s.maxOracleAge),
  }
}

/** The Stabilizer's chain-wide Limits struct for a profile's stabilizer settings. */
export function stabilizerLimitsOf(s: StabilizerSettings) {
  return {
    maxGasPrice: BigInt(Math.round(s.maxGasPriceGwei * 1e9)),
    maxOracleAge: BigInt(s.maxOracleAge),
    meshThresholdBps: BigInt(s.meshThresholdBps),
  }
}

/**
 * Default capital bucket policy (bps). An assumption of ours, not the spec's: §13 names buckets A–E and gives no
 * shares. A 30% public PMM depth · B 30% private stabilization (the mesh pools are as deep as the public ones, plus
 * the stabilizer's inventory) · C 10% flash-loan liquidity · D 15% cross-chain buffer · E 15% long-term reserves.
 */
export const DEFAULT_RESERVE_POLICY: Readonly<ReservePolicy> = { A: 3000, B: 3000, C: 1000, D: 1500, E: 1500 }

export const DEFAULT_ORACLE: Readonly<OracleSettings> = { maxMoveBps: 1000, syncToleranceBps: 5 }

const base = (): Omit<Profile, 'chains'> => ({
  safe: {},
  rpc: { timeoutMs: 10_000, retries: 2, retryDelayMs: 250 },
  stabilizer: { ...DEFAULT_STABILIZER },
  bridge: { latencyMin: 5, arbThresholdBps: 10 },
  reserve: { safety: 3, policy: { ...DEFAULT_RESERVE_POLICY }, toleranceBps: 1000 },
  oracle: { ...DEFAULT_ORACLE },
})

const empty = { contracts: {}, tokens: {}, pools: {}, privatePools: {} }

/** Production: chain 138 public RPC and the addresses in FACTS.md; Alltra's RPC comes from config or env. */
export function mainnetPreset(): Profile {
  return {
    ...base(),
    chains: {
      '138': {
        ...empty,
        rpcUrls: ['https://rpc-http-pub.d-bis.org', 'https://rpc.d-bis.org', 'https://rpc2.d-bis.org'],
        contracts: {
          integration: '0x5BDc62f1ae7D630c37A8B363a1d49845356Ee72d',
          provider: '0x8EF6657D2a86c569F6ffc337EE6b4260Bd2e59d0',
          multicall3: '0xcA11bde05977b3631167028862bE2a173976CA11',
        },
        tokens: {
          cUSDT: '0x93E66202A11B1772E55407B32B44e5Cd8eda7f22',
          cUSDC: '0xf22258f57794CC8E06237084b353Ab30fFfa640b',
          cEURT: '0xdf4b71c61E5912712C1Bdd451416B9aC26949d72',
          cXAUC: '0x290E52a8819A4fbD0714E517225429aA2B70EC6b',
          cXAUT: '0x94e408E26c6FD8F4ee00b54dF19082FDA07dC96E',
        },
      },
      '651940': { ...empty, rpcUrls: [] },
    },
  }
}

export const LOCAL_PORTS = { '138': 8545, '651940': 8546 } as const

/** Two local anvil chains; `vault localnet up` fills in the addresses. */
export function localPreset(): Profile {
  return {
    ...base(),
    rpc: { timeoutMs: 3_000, retries: 1, retryDelayMs: 100 },
    chains: {
      '138': { ...empty, rpcUrls: [`http://127.0.0.1:${LOCAL_PORTS['138']}`] },
      '651940': { ...empty, rpcUrls: [`http://127.0.0.1:${LOCAL_PORTS['651940']}`] },
    },
    localnet: { ports: { ...LOCAL_PORTS } },
  }
}

export const PRESETS: Record<string, () => Profile> = { mainnet: mainnetPreset, local: localPreset }
export const DEFAULT_PROFILE = 'local'
