// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {IVaultERC20, IVaultOracle, IVaultPMMPool} from "../lib/Interfaces.sol";
import {StabilizerStorage} from "./StabilizerStorage.sol";

/// @title StabilizerRule
/// @notice Spec Appendix A per registered pool, and the read-only views over the registry.
///
/// Definitions (shared with the off-chain deviation library `src/core/deviation/window.ts`, to the unit):
///  - peg = price(base) * 1e18 / price(quote), then * 10^quoteDecimals / 10^baseDecimals when decimals differ;
///  - deviationBps(p, peg) = (p - peg) * 10000 / peg, truncated toward zero;
///  - p(b) = the pool's mid price at the end of block b (`pool.observe(b)`), only completed blocks;
///  - at block h: TWAP = sum(p(b), b in [h-W, h-1]) / W; sustained = for all b in [h-N, h-1],
///    |deviationBps(p(b))| > θ with one sign; shouldRebalance = |deviationBps(TWAP)| > θ && sustained;
///  - sizes are counted in base-token units: a quote-side trade is worth tradeSize * 1e18 / peg base units (rounded
///    up); maxTradeSize = min(kPerBps * |deviationBps(TWAP)|, perBlockCap) base units, given in the units of the
///    token the rule sells (base above the peg, quote below it: then * peg / 1e18, rounded down).
abstract contract StabilizerRule is StabilizerStorage {
    // ---------- registry views ----------

    /// @notice Every registered pool (the order changes when one is removed).
    function pools() external view returns (address[] memory) {
        return _pools;
    }

    function poolCount() external view returns (uint256) {
        return _pools.length;
    }

    function params(address pool) external view onlyRegistered(pool) returns (Params memory) {
        return _params[pool];
    }

    function limits() external view returns (Limits memory) {
        return _limits;
    }

    /// @notice The pool's last execution block and the volume traded in `volumeBlock`.
    function poolState(address pool) external view onlyRegistered(pool) returns (PoolState memory) {
        return _state[pool];
    }

    /// @notice Volume already traded into the pool in the current block (what the per-block cap counts).
    function volumeInBlock(address pool) external view onlyRegistered(pool) returns (uint256) {
        PoolState memory s = _state[pool];
        return s.volumeBlock == block.number ? s.volumeInBlock : 0;
    }

    /// @notice Tokens with a private XAU leg, and their legs.
    function meshTokens() external view returns (address[] memory tokens, address[] memory legs) {
        tokens = _meshTokens;
        legs = new address[](tokens.length);
        for (uint256 n = 0; n < tokens.length; n++) legs[n] = privatePoolFor[tokens[n]];
    }

    // ---------- the rule ----------

    /// @notice The oracle peg of a pool (quote per base, 1e18, decimals-adjusted) and both prices' timestamps.
    function pegPrice(address pool)
        public
        view
        onlyRegistered(pool)
        returns (uint256 peg, uint256 baseUpdatedAt, uint256 quoteUpdatedAt)
    {
        return _peg(IVaultPMMPool(pool)._BASE_TOKEN_(), IVaultPMMPool(pool)._QUOTE_TOKEN_());
    }

    function deviationBps(uint256 price, uint256 peg) public pure returns (int256) {
        return ((int256(price) - int256(peg)) * 10_000) / int256(peg);
    }

    /// @notice (TWAP deviation in bps, shouldRebalance) for `pool` at the current block, per the definitions above.
    function checkDeviation(address pool) external view returns (int256 deviation, bool shouldRebalance) {
        (uint256 peg,,) = pegPrice(pool);
        (deviation, shouldRebalance,) = _check(pool, peg);
    }

    /// @notice The largest tradeSize `executePrivateSwap(pool, …)` accepts now, in the units of the token to sell.
    function maxTradeSize(address pool) external view returns (uint256) {
        (uint256 peg,,) = pegPrice(pool);
        (int256 deviation,,) = _check(pool, peg);
        return _maxTrade(pool, deviation, peg);
    }

    // ---------- internals ----------

    function _peg(address base, address quote)
        internal
        view
        returns (uint256 peg, uint256 baseUpdatedAt, uint256 quoteUpdatedAt)
    {
        uint256 basePrice;
        uint256 quotePrice;
        (basePrice, baseUpdatedAt) = IVaultOracle(oracle).getPrice(base);
        (quotePrice, quoteUpdatedAt) = IVaultOracle(oracle).getPrice(quote);
        peg = (basePrice * 1e18) / quotePrice;
        uint8 bd = IVaultERC20(base).decimals();
        uint8 qd = IVaultERC20(quote).decimals();
        if (bd != qd) peg = (peg * 10 ** qd) / 10 ** bd;
    }

    /// @dev The peg, refusing an oracle price older than `maxOracleAge`.
    function _freshPeg(address base, address quote) internal view returns (uint256 peg) {
        uint256 baseUpdatedAt;
        uint256 quoteUpdatedAt;
        (peg, baseUpdatedAt, quoteUpdatedAt) = _peg(base, quote);
        uint256 maxAge = _limits.maxOracleAge;
        if (block.timestamp > baseUpdatedAt + maxAge) revert StaleOracle(base, baseUpdatedAt);
        if (block.timestamp > quoteUpdatedAt + maxAge) revert StaleOracle(quote, quoteUpdatedAt);
    }

    function _check(address pool, uint256 peg)
        internal
        view
        returns (int256 twapDeviation, bool shouldRebalance, bool sustained)
    {
        Params storage p = _params[pool];
        uint256 w = p.twapWindow;
        uint256 n = p.sustainBlocks;
        uint256 threshold = p.thresholdBps;
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
        sustained = _sustained(prices, span - n, peg, threshold);
        shouldRebalance = _abs(twapDeviation) > threshold && sustained;
    }

    /// @dev Every prices[j], j ≥ from, deviates beyond the threshold, all with one sign.
    function _sustained(uint256[] memory prices, uint256 from, uint256 peg, uint256 threshold)
        internal
        pure
        returns (bool)
    {
        int256 sign;
        for (uint256 j = from; j < prices.length; j++) {
            int256 d = deviationBps(prices[j], peg);
            if (_abs(d) <= threshold) return false;
            int256 s = d > 0 ? int256(1) : int256(-1);
            if (sign == 0) sign = s;
            else if (s != sign) return false;
        }
        return true;
    }

    /// @dev min(k × |deviation|, cap) in base units, converted to quote units when the rule sells quote.
    function _maxTrade(address pool, int256 deviation, uint256 peg) internal view returns (uint256) {
        Params storage p = _params[pool];
        uint256 bySize = p.kPerBps * _abs(deviation);
        uint256 inBase = bySize < p.perBlockCap ? bySize : p.perBlockCap;
        return deviation > 0 ? inBase : (inBase * peg) / 1e18;
    }

    /// @dev A trade's size in base units (a quote amount valued at the peg, rounded up).
    function _inBase(uint256 tradeSize, bool sellBase, uint256 peg) internal pure returns (uint256) {
        return sellBase ? tradeSize : (tradeSize * 1e18 + peg - 1) / peg;
    }

    function _abs(int256 x) internal pure returns (uint256) {
        return x >= 0 ? uint256(x) : uint256(-x);
    }
}
