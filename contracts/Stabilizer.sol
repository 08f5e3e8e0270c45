// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultOwnable} from "./lib/VaultOwnable.sol";
import {VaultSafeTransfer} from "./lib/VaultSafeTransfer.sol";
import {IVaultERC20, IVaultOracle, IVaultPMMPool} from "./lib/Interfaces.sol";

/// @title Stabilizer
/// @notice Watches one public pool against the oracle peg and trades its own inventory into the pool when the
/// deviation is sustained (spec Appendix A), then restores the inventory through the private XAU-anchored mesh.
///
/// Definitions (shared with the off-chain deviation library, to the unit):
///  - peg = price(base) * 1e18 / price(quote), then * 10^quoteDecimals / 10^baseDecimals when decimals differ;
///  - deviationBps(p, peg) = (p - peg) * 10000 / peg, truncated toward zero;
///  - p(b) = the pool's mid price at the end of block b (`pool.observe(b)`), only completed blocks;
///  - at block h: TWAP = sum(p(b), b in [h-W, h-1]) / W; sustained = for all b in [h-N, h-1],
///    |deviationBps(p(b))| > threshold with one sign; shouldRebalance = |deviationBps(TWAP)| > threshold && sustained.
contract Stabilizer is VaultOwnable {
    using VaultSafeTransfer for address;

    struct Params {
        uint256 thresholdBps;
        uint256 sustainBlocks;
        uint256 twapWindow;
        uint256 minBlocks;
        uint256 perBlockCap;
        uint256 kPerBps;
        uint256 maxSlippageBps;
        uint256 maxGasPrice;
        uint256 maxOracleAge;
    }

    uint256 public constant MAX_WINDOW = 1024;

    address public immutable oracle;
    address public pool;
    Params internal _params;
    mapping(address => bool) public isKeeper;
    /// @notice Each token's private pool against the anchor (cXAUC).
    mapping(address => address) public privatePoolFor;
    uint256 public lastExecutionBlock;
    uint256 public volumeBlock;
    uint256 public volumeInBlock;

    event ParamsUpdated(Params params);
    event PoolUpdated(address indexed pool);
    event KeeperUpdated(address indexed keeper, bool allowed);
    event MeshUpdated(address indexed token, address indexed privatePool);
    event PrivateSwapExecuted(
        uint256 indexed blockNumber,
        address indexed tokenIn,
        address indexed tokenOut,
        uint256 tradeSize,
        uint256 amountOut,
        int256 deviationBps
    );
    event MeshRouted(address indexed tokenFrom, address indexed tokenTo, uint256 amountIn, uint256 anchorAmount, uint256 amountBack);
    event Withdrawn(address indexed token, address indexed to, uint256 amount);

    error NotSustained(int256 deviationBps);
    error BlockDelay(uint256 lastExecutionBlock, uint256 nextAllowedBlock);
    error TradeTooLarge(uint256 tradeSize, uint256 maxTradeSize);
    error PerBlockCapExceeded(uint256 blockVolume, uint256 perBlockCap);
    error SlippageExceeded(uint256 amountOut, uint256 minAmountOut);
    error GasPriceTooHigh(uint256 gasPrice, uint256 maxGasPrice);
    error StaleOracle(address token, uint256 updatedAt);
    error NoRebalanceNeeded(int256 deviationBps);
    error WrongDirection(address tokenIn, address tokenOut);
    error InsufficientHistory(uint256 fromBlock);
    error InvalidParams();
    error PoolNotSet();
    error ZeroTrade();
    error LengthMismatch();
    error MeshMismatch(address pool, address token);

    constructor(address initialOwner, address oracle_, address pool_, Params memory params_)
        VaultOwnable(initialOwner)
    {
        if (oracle_ == address(0)) revert ZeroAddress();
        oracle = oracle_;
        pool = pool_;
        emit PoolUpdated(pool_);
        _setParams(params_);
    }

    modifier onlyKeeper() {
        if (msg.sender != owner && !isKeeper[msg.sender]) revert NotAuthorized(msg.sender);
        _;
    }

    // ---------- owner ----------

    function setParams(Params calldata params_) external onlyOwner {
        _setParams(params_);
    }

    function setPool(address pool_) external onlyOwner {
        pool = pool_;
        emit PoolUpdated(pool_);
    }

    function setKeeper(address keeper, bool allowed) external onlyOwner {
        isKeeper[keeper] = allowed;
        emit KeeperUpdated(keeper, allowed);
    }

    /// @notice Sets `privatePoolFor(tokens[n]) = privatePools[n]` (address(0) removes a token from the mesh).
    function setMesh(address[] calldata tokens, address[] calldata privatePools) external onlyOwner {
        if (tokens.length != privatePools.length) revert LengthMismatch();
        for (uint256 n = 0; n < tokens.length; n++) {
            privatePoolFor[tokens[n]] = privatePools[n];
            emit MeshUpdated(tokens[n], privatePools[n]);
        }
    }

    function withdraw(address token, address to, uint256 amount) external onlyOwner {
        token.safeTransfer(to, amount);
        emit Withdrawn(token, to, amount);
    }

    function _setParams(Params memory p) internal {
        if (
            p.twapWindow == 0 || p.twapWindow > MAX_WINDOW || p.sustainBlocks == 0 || p.sustainBlocks > MAX_WINDOW
                || p.maxSlippageBps > 10_000
        ) revert InvalidParams();
        _params = p;
        emit ParamsUpdated(p);
    }

    // ---------- views ----------

    function params() external view returns (Params memory) {
        return _params;
    }

    /// @notice The oracle peg of the pool (quote per base, 1e18, decimals-adjusted) and both prices' timestamps.
    function pegPrice() public view returns (uint256 peg, uint256 baseUpdatedAt, uint256 quoteUpdatedAt) {
        (address base, address quote) = _pair();
        uint256 basePrice;
        uint256 quotePrice;
        (basePrice, baseUpdatedAt) = IVaultOracle(oracle).getPrice(base);
        (quotePrice, quoteUpdatedAt) = IVaultOracle(oracle).getPrice(quote);
        peg = (basePrice * 1e18) / quotePrice;
        uint8 bd = IVaultERC20(base).decimals();
        uint8 qd = IVaultERC20(quote).decimals();
        if (bd != qd) peg = (peg * 10 ** qd) / 10 ** bd;
    }

    function deviationBps(uint256 price, uint256 peg) public pure returns (int256) {
        return ((int256(price) - int256(peg)) * 10_000) / int256(peg);
    }

    /// @notice (TWAP deviation in bps, shouldRebalance) at the current block, per the definitions above.
    function checkDeviation() external view returns (int256 deviation, bool shouldRebalance) {
        (uint256 peg,,) = pegPrice();
        (deviation, shouldRebalance,) = _check(peg);
    }

    /// @notice The largest tradeSize `executePrivateSwap` accepts now: min(kPerBps * |TWAP deviation|, perBlockCap).
    function maxTradeSize() external view returns (uint256) {
        (uint256 peg,,) = pegPrice();
        (int256 deviation,,) = _check(peg);
        return _maxTrade(deviation);
    }

    // ---------- execution ----------

    /// @notice Sells `tradeSize` of `tokenIn` from this contract's inventory into the pool, in the direction that
    /// brings the price back to the peg, then routes the proceeds back to `tokenIn` through the private mesh.
    function executePrivateSwap(uint256 tradeSize, address tokenIn, address tokenOut) external onlyKeeper {
        (int256 deviation, bool sellBase) = _validate(tradeSize, tokenIn, tokenOut);
        uint256 amountOut = _swap(tradeSize, tokenIn, sellBase);
        _routeMesh(tokenOut, tokenIn, amountOut);
        emit PrivateSwapExecuted(block.number, tokenIn, tokenOut, tradeSize, amountOut, deviation);
    }

    /// @dev Every Appendix A rule, in order; records the execution block and the block's volume.
    function _validate(uint256 tradeSize, address tokenIn, address tokenOut)
        internal
        returns (int256 deviation, bool sellBase)
    {
        Params memory p = _params;
        if (pool == address(0)) revert PoolNotSet();
        if (tx.gasprice > p.maxGasPrice) revert GasPriceTooHigh(tx.gasprice, p.maxGasPrice);
        if (lastExecutionBlock != 0 && lastExecutionBlock + p.minBlocks > block.number) {
            revert BlockDelay(lastExecutionBlock, lastExecutionBlock + p.minBlocks);
        }
        (address base, address quote) = _pair();
        {
            (uint256 peg, uint256 baseUpdatedAt, uint256 quoteUpdatedAt) = pegPrice();
            if (block.timestamp > baseUpdatedAt + p.maxOracleAge) revert StaleOracle(base, baseUpdatedAt);
            if (block.timestamp > quoteUpdatedAt + p.maxOracleAge) revert StaleOracle(quote, quoteUpdatedAt);
            bool sustained;
            (deviation,, sustained) = _check(peg);
            if (_abs(deviation) <= p.thresholdBps) revert NoRebalanceNeeded(deviation);
            if (!sustained) revert NotSustained(deviation);
        }
        sellBase = deviation > 0;
        if (sellBase ? (tokenIn != base || tokenOut != quote) : (tokenIn != quote || tokenOut != base)) {
            revert WrongDirection(tokenIn, tokenOut);
        }
        if (tradeSize == 0) revert ZeroTrade();
        uint256 maxTrade = _maxTrade(deviation);
        if (tradeSize > maxTrade) revert TradeTooLarge(tradeSize, maxTrade);
        uint256 used = (volumeBlock == block.number ? volumeInBlock : 0) + tradeSize;
        if (used > p.perBlockCap) revert PerBlockCapExceeded(used, p.perBlockCap);
        lastExecutionBlock = block.number;
        volumeBlock = block.number;
        volumeInBlock = used;
    }

    /// @dev Sells into the public pool; the output must be at least the pre-trade mid price's, less maxSlippageBps.
    function _swap(uint256 tradeSize, address tokenIn, bool sellBase) internal returns (uint256 amountOut) {
        address target = pool;
        uint256 mid = IVaultPMMPool(target).getMidPrice();
        uint256 expected = sellBase ? (tradeSize * mid) / 1e18 : (tradeSize * 1e18) / mid;
        uint256 minOut = (expected * (10_000 - _params.maxSlippageBps)) / 10_000;
        tokenIn.safeTransfer(target, tradeSize);
        amountOut =
            sellBase ? IVaultPMMPool(target).sellBase(address(this)) : IVaultPMMPool(target).sellQuote(address(this));
        if (amountOut < minOut) revert SlippageExceeded(amountOut, minOut);
    }

    // ---------- internals ----------

    function _pair() internal view returns (address base, address quote) {
        address target = pool;
        if (target == address(0)) revert PoolNotSet();
        base = IVaultPMMPool(target)._BASE_TOKEN_();
        quote = IVaultPMMPool(target)._QUOTE_TOKEN_();
    }

    function _check(uint256 peg) internal view returns (int256 twapDeviation, bool shouldRebalance, bool sustained) {
        uint256 w = _params.twapWindow;
        uint256 n = _params.sustainBlocks;
        uint256 threshold = _params.thresholdBps;
        uint256 span = w > n ? w : n;
        uint256 h = block.number;
        if (h < span) revert InsufficientHistory(0);
        uint256[] memory prices;
        try IVaultPMMPool(pool).observeRange(h - span, h - 1) returns (uint256[] memory got) {
            prices = got;
        } catch {
            revert InsufficientHistory(h - span);
        }
        // prices[j] = p(h - span + j); the last w entries make the TWAP, the last n the sustain check.
        uint256 sum;
        for (uint256 j = span - w; j < span; j++) sum += prices[j];
        twapDeviation = deviationBps(sum / w, peg);
        sustained = true;
        int256 sign;
        for (uint256 j = span - n; j < span; j++) {
            int256 d = deviationBps(prices[j], peg);
            if (_abs(d) <= threshold) {
                sustained = false;
                break;
            }
            int256 s = d > 0 ? int256(1) : int256(-1);
            if (sign == 0) {
                sign = s;
            } else if (s != sign) {
                sustained = false;
                break;
            }
        }
        shouldRebalance = _abs(twapDeviation) > threshold && sustained;
    }

    function _maxTrade(int256 deviation) internal view returns (uint256) {
        uint256 bySize = _params.kPerBps * _abs(deviation);
        return bySize < _params.perBlockCap ? bySize : _params.perBlockCap;
    }

    /// @dev tokenFrom -> anchor in tokenFrom's private pool, then anchor -> tokenTo in tokenTo's private pool.
    /// Skipped when either token has no private pool.
    function _routeMesh(address tokenFrom, address tokenTo, uint256 amount) internal {
        address poolFrom = privatePoolFor[tokenFrom];
        address poolTo = privatePoolFor[tokenTo];
        if (poolFrom == address(0) || poolTo == address(0) || amount == 0) return;
        (uint256 anchorAmount, address anchor) = _sellInto(poolFrom, tokenFrom, amount);
        (uint256 back,) = _sellInto(poolTo, anchor, anchorAmount);
        emit MeshRouted(tokenFrom, tokenTo, amount, anchorAmount, back);
    }

    function _sellInto(address target, address token, uint256 amount) internal returns (uint256 out, address other) {
        address base = IVaultPMMPool(target)._BASE_TOKEN_();
        address quote = IVaultPMMPool(target)._QUOTE_TOKEN_();
        token.safeTransfer(target, amount);
        if (token == base) {
            out = IVaultPMMPool(target).sellBase(address(this));
            other = quote;
        } else if (token == quote) {
            out = IVaultPMMPool(target).sellQuote(address(this));
            other = base;
        } else {
            revert MeshMismatch(target, token);
        }
    }

    function _abs(int256 x) internal pure returns (uint256) {
        return x >= 0 ? uint256(x) : uint256(-x);
    }
}
