import { parseAbi } from 'viem'

/** DODOPMMIntegration-compatible factory and registry (production and our local copy share these). */
export const integrationAbi = parseAbi([
  'function owner() view returns (address)',
  'function admin() view returns (address)',
  'function createPool(address baseToken, address quoteToken, uint256 lpFeeRate, uint256 initialPrice, uint256 k, bool isOpenTWAP) returns (address pool)',
  'function createPoolAllowDuplicate(address baseToken, address quoteToken, uint256 lpFeeRate, uint256 initialPrice, uint256 k, bool isOpenTWAP) returns (address pool)',
  'function createCUSDTCUSDCPool(uint256 lpFeeRate, uint256 initialPrice, uint256 k, bool isOpenTWAP) returns (address pool)',
  'function createPrivatePool(address baseToken, address quoteToken, uint256 lpFeeRate, uint256 initialPrice, uint256 k, bool isOpenTWAP, address[] allowed) returns (address pool)',
  'function getPool(address baseToken, address quoteToken) view returns (address)',
  'function getPrivatePool(address baseToken, address quoteToken) view returns (address)',
  'function getAllPools() view returns (address[])',
  'function isPrivatePool(address pool) view returns (bool)',
  'function poolCount() view returns (uint256)',
  'event PoolCreated(address indexed pool, address indexed baseToken, address indexed quoteToken, uint256 lpFeeRate, uint256 i, uint256 k, bool isOpenTWAP, bool isPrivate)',
  'error PoolExists(address baseToken, address quoteToken, address pool)',
  'error NotAuthorized(address caller)',
  'error UnknownPool(address pool)',
  'error TokensNotSet()',
])

export const oracleAbi = parseAbi([
  'function getPrice(address token) view returns (uint256 price, uint256 updatedAt)',
  'function setPrice(address token, uint256 price)',
  'function owner() view returns (address)',
  'event PriceUpdated(address indexed token, uint256 price, uint256 updatedAt)',
])

export const feeModelAbi = parseAbi([
  'function getUserFeeRate(address user) view returns (uint256 lpFeeRate, uint256 mtFeeRate)',
])

export const bridgeReserveAbi = parseAbi([
  'function reserveOf(address token) view returns (uint256)',
  'function bridgeOut(address token, uint256 amount, address recipient) returns (uint256 outNonce)',
  'function bridgeIn(address token, address to, uint256 amount, uint256 srcNonce)',
  'function owner() view returns (address)',
  'event BridgeOut(address indexed token, address indexed from, address indexed to, uint256 amount, uint256 nonce, uint256 dstChainId)',
  'event BridgeIn(address indexed token, address indexed to, uint256 amount, uint256 srcNonce, uint256 srcChainId)',
])

export const stabilizerAbi = parseAbi([
  'struct Params { uint256 thresholdBps; uint256 sustainBlocks; uint256 twapWindow; uint256 minBlocks; uint256 perBlockCap; uint256 kPerBps; uint256 maxSlippageBps; uint256 maxGasPrice; uint256 maxOracleAge; }',
  'function params() view returns (Params)',
  'function setParams(Params params_)',
  'function pool() view returns (address)',
  'function oracle() view returns (address)',
  'function owner() view returns (address)',
  'function isKeeper(address) view returns (bool)',
  'function setKeeper(address keeper, bool allowed)',
  'event KeeperUpdated(address indexed keeper, bool allowed)',
  'function lastExecutionBlock() view returns (uint256)',
  'function pegPrice() view returns (uint256 peg, uint256 baseUpdatedAt, uint256 quoteUpdatedAt)',
  'function checkDeviation() view returns (int256 deviation, bool shouldRebalance)',
  'function maxTradeSize() view returns (uint256)',
  'function executePrivateSwap(uint256 tradeSize, address tokenIn, address tokenOut)',
  'event ParamsUpdated(Params params)',
  'event PrivateSwapExecuted(uint256 indexed blockNumber, address indexed tokenIn, address indexed tokenOut, uint256 tradeSize, uint256 amountOut, int256 deviationBps)',
  'error NotSustained(int256 deviationBps)',
  'error BlockDelay(uint256 lastExecutionBlock, uint256 nextAllowedBlock)',
  'error TradeTooLarge(uint256 tradeSize, uint256 maxTradeSize)',
  'error PerBlockCapExceeded(uint256 blockVolume, uint256 perBlockCap)',
  'error SlippageExceeded(uint256 amountOut, uint256 minAmountOut)',
  'error GasPriceTooHigh(uint256 gasPrice, uint256 maxGasPrice)',
  'error StaleOracle(address token, uint256 updatedAt)',
  'error NoRebalanceNeeded(int256 deviationBps)',
  'error WrongDirection(address tokenIn, address tokenOut)',
  'error InsufficientHistory(uint256 fromBlock)',
  'error InvalidParams()',
  'error NotAuthorized(address caller)',
])
