// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultSafeTransfer} from "./lib/VaultSafeTransfer.sol";
import {IVaultPMMPool} from "./lib/Interfaces.sol";
import {StabilizerAdmin} from "./stabilizer/StabilizerAdmin.sol";
import {StabilizerRule} from "./stabilizer/StabilizerRule.sol";
import {StabilizerStorage} from "./stabilizer/StabilizerStorage.sol";

/// @title Stabilizer
/// @notice One per chain. Watches every registered public pool against the oracle peg and, when a pool's
/// deviation is sustained (spec Appendix A, per pool: see StabilizerRule), trades its own inventory into that pool,
/// then restores the inventory through the private XAU-anchored mesh and resets each leg it traded through to the
/// oracle cross rate (the Stabilizer is the legs' admin; they are DODO private pools). `rebalanceMesh` resets a leg
/// that drifted for any other reason (an oracle move).
contract Stabilizer is StabilizerAdmin, StabilizerRule {
    using VaultSafeTransfer for address;

    constructor(address initialOwner, address oracle_, Limits memory limits_)
        StabilizerStorage(initialOwner, oracle_)
    {
        _setLimits(limits_);
    }

    /// @notice Sells `tradeSize` of `tokenIn` from this contract's inventory into `pool`, in the direction that
    /// brings its price back to the peg, then routes the proceeds back to `tokenIn` through the private mesh.
    function executePrivateSwap(address pool, uint256 tradeSize, address tokenIn, address tokenOut)
        external
        onlyKeeper
        whenNotPaused
        onlyRegistered(pool)
    {
        (int256 deviation, bool sellBase) = _validate(pool, tradeSize, tokenIn, tokenOut);
        uint256 amountOut = _swap(pool, tradeSize, tokenIn, sellBase);
        _routeMesh(tokenOut, tokenIn, amountOut);
        emit PrivateSwapExecuted(pool, tokenIn, tokenOut, block.number, tradeSize, amountOut, deviation);
    }

    /// @dev Every Appendix A rule, in order; records the execution block and the block's volume.
    function _validate(address pool, uint256 tradeSize, address tokenIn, address tokenOut)
        internal
        returns (int256 deviation, bool sellBase)
    {
        Params memory p = _params[pool];
        PoolState storage s = _state[pool];
        uint256 maxGas = _limits.maxGasPrice;
        if (tx.gasprice > maxGas) revert GasPriceTooHigh(tx.gasprice, maxGas);
        uint256 last = s.lastExecutionBlock;
        if (last != 0 && last + p.minBlocks > block.number) revert BlockDelay(last, last + p.minBlocks);
        address base = IVaultPMMPool(pool)._BASE_TOKEN_();
        address quote = IVaultPMMPool(pool)._QUOTE_TOKEN_();
        uint256 peg = _freshPeg(base, quote);
        {
            bool sustained;
            (deviation,, sustained) = _check(pool, peg);
            if (_abs(deviation) <= p.thresholdBps) revert NoRebalanceNeeded(deviation);
            if (!sustained) revert NotSustained(deviation);
        }
        sellBase = deviation > 0;
        if (sellBase ? (tokenIn != base || tokenOut != quote) : (tokenIn != quote || tokenOut != base)) {
            revert WrongDirection(tokenIn, tokenOut);
        }
        if (tradeSize == 0) revert ZeroTrade();
        uint256 maxTrade = _maxTrade(pool, deviation, peg);
        if (tradeSize > maxTrade) revert TradeTooLarge(tradeSize, maxTrade);
        uint256 used = (s.volumeBlock == block.number ? s.volumeInBlock : 0) + _inBase(tradeSize, sellBase, peg);
        if (used > p.perBlockCap) revert PerBlockCapExceeded(used, p.perBlockCap);
        s.lastExecutionBlock = block.number;
        s.volumeBlock = block.number;
        s.volumeInBlock = used;
    }

    /// @dev Sells into the public pool; the output must be at least the pre-trade mid price's, less maxSlippageBps.
    function _swap(address pool, uint256 tradeSize, address tokenIn, bool sellBase)
        internal
        returns (uint256 amountOut)
    {
        uint256 mid = IVaultPMMPool(pool).getMidPrice();
        uint256 expected = sellBase ? (tradeSize * mid) / 1e18 : (tradeSize * 1e18) / mid;
        uint256 minOut = (expected * (10_000 - _params[pool].maxSlippageBps)) / 10_000;
        tokenIn.safeTransfer(pool, tradeSize);
        amountOut = sellBase ? IVaultPMMPool(pool).sellBase(address(this)) : IVaultPMMPool(pool).sellQuote(address(this));
        if (amountOut < minOut) revert SlippageExceeded(amountOut, minOut);
    }

    // ---------- mesh ----------

    /// @notice Re-bases a mesh leg that drifted from the oracle cross rate for any other reason (an oracle move):
    /// i = the cross rate, targets = the reserves, R = ONE, so the leg's mid equals the cross rate. Refuses a leg
    /// within `meshThresholdBps` of it (MeshInBand), a stale oracle, a gas price above the cap, and while paused.
    function rebalanceMesh(address leg) external onlyKeeper whenNotPaused {
        uint256 maxGas = _limits.maxGasPrice;
        if (tx.gasprice > maxGas) revert GasPriceTooHigh(tx.gasprice, maxGas);
        if (!_isMeshLeg(leg)) revert NotMeshLeg(leg);
        (uint256 rate, uint256 midBefore, int256 gap) = _legGap(leg, true);
        if (_abs(gap) <= _limits.meshThresholdBps) revert MeshInBand(leg, gap);
        _resetLeg(leg, rate, midBefore, gap);
    }

    /// @notice A mesh leg's gap to the oracle cross rate (no staleness check): (gap in bps, mid, cross rate).
    function meshGap(address leg) external view returns (int256 gapBps, uint256 midPrice, uint256 crossRate) {
        if (!_isMeshLeg(leg)) revert NotMeshLeg(leg);
        (crossRate, midPrice, gapBps) = _legGap(leg, false);
    }

    /// @notice The Safe takes a leg's admin role back (or gives it to a successor Stabilizer).
    function setLegAdmin(address leg, address newAdmin) external onlyOwner {
        IVaultPMMPool(leg).setAdmin(newAdmin);
        emit LegAdminUpdated(leg, newAdmin);
    }

    function _isMeshLeg(address leg) internal view returns (bool) {
        if (leg == address(0) || leg.code.length == 0) return false;
        return privatePoolFor[IVaultPMMPool(leg)._BASE_TOKEN_()] == leg
            || privatePoolFor[IVaultPMMPool(leg)._QUOTE_TOKEN_()] == leg;
    }

    /// @dev The leg's cross rate (quote per base from the oracle, as a pool's peg), its mid and their gap in bps.
    function _legGap(address leg, bool fresh) internal view returns (uint256 rate, uint256 mid, int256 gap) {
        address base = IVaultPMMPool(leg)._BASE_TOKEN_();
        address quote = IVaultPMMPool(leg)._QUOTE_TOKEN_();
        if (fresh) rate = _freshPeg(base, quote);
        else (rate,,) = _peg(base, quote);
        mid = IVaultPMMPool(leg).getMidPrice();
        gap = deviationBps(mid, rate);
    }

    /// @dev The DPP reset of a leg to the cross rate; the leg's mid is `rate` afterwards.
    function _resetLeg(address leg, uint256 rate, uint256 midBefore, int256 gap) internal {
        IVaultPMMPool(leg).reset(rate);
        emit MeshRebalanced(leg, midBefore, rate, gap);
    }

    /// @dev A leg a correction just traded through goes back on the cross rate in the same transaction.
    function _resetAfterTrade(address leg) internal {
        (uint256 rate, uint256 midBefore, int256 gap) = _legGap(leg, true);
        _resetLeg(leg, rate, midBefore, gap);
    }

    /// @dev Brings `amount` of tokenFrom back to tokenTo through the private legs: tokenFrom -> anchor in
    /// tokenFrom's leg, then anchor -> tokenTo in tokenTo's leg; one leg when either token is the anchor itself.
    /// Each leg traded is reset to the oracle cross rate right after. Skipped when no such path exists (a token
    /// outside the mesh).
    function _routeMesh(address tokenFrom, address tokenTo, uint256 amount) internal {
        if (amount == 0) return;
        address legFrom = privatePoolFor[tokenFrom];
        address legTo = privatePoolFor[tokenTo];
        if (legFrom != address(0) && _other(legFrom, tokenFrom) == tokenTo) {
            uint256 back = _sellInto(legFrom, tokenFrom, amount);
            _resetAfterTrade(legFrom);
            emit MeshRouted(tokenFrom, tokenTo, amount, back, back);
        } else if (legTo != address(0) && _other(legTo, tokenTo) == tokenFrom) {
            uint256 back = _sellInto(legTo, tokenFrom, amount);
            _resetAfterTrade(legTo);
            emit MeshRouted(tokenFrom, tokenTo, amount, amount, back);
        } else if (legFrom != address(0) && legTo != address(0)) {
            address anchor = _other(legFrom, tokenFrom);
            if (_other(legTo, tokenTo) != anchor) revert MeshMismatch(legTo, anchor);
            uint256 anchorAmount = _sellInto(legFrom, tokenFrom, amount);
            uint256 back = _sellInto(legTo, anchor, anchorAmount);
            _resetAfterTrade(legFrom);
            _resetAfterTrade(legTo);
            emit MeshRouted(tokenFrom, tokenTo, amount, anchorAmount, back);
        }
    }

    /// @dev The token of `leg` that is not `token` (reverts MeshMismatch when `token` is not in it).
    function _other(address leg, address token) internal view returns (address) {
        address base = IVaultPMMPool(leg)._BASE_TOKEN_();
        address quote = IVaultPMMPool(leg)._QUOTE_TOKEN_();
        if (token == base) return quote;
        if (token == quote) return base;
        revert MeshMismatch(leg, token);
    }

    function _sellInto(address leg, address token, uint256 amount) internal returns (uint256 out) {
        bool isBase = token == IVaultPMMPool(leg)._BASE_TOKEN_();
        token.safeTransfer(leg, amount);
        out = isBase ? IVaultPMMPool(leg).sellBase(address(this)) : IVaultPMMPool(leg).sellQuote(address(this));
    }
}
