// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {PoolVault} from "./PoolVault.sol";
import {VaultPMMMath} from "../lib/VaultPMMMath.sol";
import {IVaultERC20, IDODOCallee} from "../lib/Interfaces.sol";

/// @notice Pricing and trading: the PMM state (a public pool's read from the reserves, quote target zero and base
/// target solved; a private pool's stored targets and R, updated when a trade changes R), the quotes, the two swaps
/// and the flash loan. Fees come out of the output: the LP fee stays in the pool, the
/// maintainer fee is paid out to the maintainer.
abstract contract PoolTrader is PoolVault {
    event DODOSwap(
        address fromToken, address toToken, uint256 fromAmount, uint256 toAmount, address trader, address receiver
    );
    event DODOFlashLoan(address borrower, address assetTo, uint256 baseAmount, uint256 quoteAmount);

    // ---------- trades ----------

    function sellBase(address to) external preventReentrant onlyAllowed returns (uint256 receiveQuoteAmount) {
        uint256 baseBalance = IVaultERC20(_BASE_TOKEN_).balanceOf(address(this));
        uint256 baseInput = baseBalance - uint256(_BASE_RESERVE_);
        uint256 mtFee;
        VaultPMMMath.PMMState memory state;
        VaultPMMMath.RState newR;
        (receiveQuoteAmount, mtFee, newR, state) = _querySellBase(tx.origin, baseInput);
        _transferQuoteOut(to, receiveQuoteAmount);
        _transferQuoteOut(_MAINTAINER_, mtFee);
        _updateBaseTarget(newR, state.B0);
        _setReserve(baseBalance, IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this)));
        emit DODOSwap(_BASE_TOKEN_, _QUOTE_TOKEN_, baseInput, receiveQuoteAmount, msg.sender, to);
    }

    function sellQuote(address to) external preventReentrant onlyAllowed returns (uint256 receiveBaseAmount) {
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        uint256 quoteInput = quoteBalance - uint256(_QUOTE_RESERVE_);
        uint256 mtFee;
        VaultPMMMath.PMMState memory state;
        VaultPMMMath.RState newR;
        (receiveBaseAmount, mtFee, newR, state) = _querySellQuote(tx.origin, quoteInput);
        _transferBaseOut(to, receiveBaseAmount);
        _transferBaseOut(_MAINTAINER_, mtFee);
        _updateQuoteTarget(newR, state.Q0);
        _setReserve(IVaultERC20(_BASE_TOKEN_).balanceOf(address(this)), quoteBalance);
        emit DODOSwap(_QUOTE_TOKEN_, _BASE_TOKEN_, quoteInput, receiveBaseAmount, msg.sender, to);
    }

    /// @notice Sends the amounts to `assetTo`, calls it back when `data` is not empty, then requires the balances
    /// to be restored: a shortfall on one side must be paid for by what came in on the other, priced as a sale.
    function flashLoan(uint256 baseAmount, uint256 quoteAmount, address assetTo, bytes calldata data)
        external
        preventReentrant
        onlyAllowed
    {
        _transferBaseOut(assetTo, baseAmount);
        _transferQuoteOut(assetTo, quoteAmount);
        if (data.length > 0) IDODOCallee(assetTo).DVMFlashLoanCall(msg.sender, baseAmount, quoteAmount, data);

        uint256 baseBalance = IVaultERC20(_BASE_TOKEN_).balanceOf(address(this));
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        require(baseBalance >= _BASE_RESERVE_ || quoteBalance >= _QUOTE_RESERVE_, "FLASH_LOAN_FAILED");

        if (baseBalance < _BASE_RESERVE_) {
            uint256 quoteInput = quoteBalance - uint256(_QUOTE_RESERVE_);
            (uint256 receiveBaseAmount, uint256 mtFee, VaultPMMMath.RState newR, VaultPMMMath.PMMState memory state) =
                _querySellQuote(tx.origin, quoteInput);
            require(uint256(_BASE_RESERVE_) - baseBalance <= receiveBaseAmount, "FLASH_LOAN_FAILED");
            _transferBaseOut(_MAINTAINER_, mtFee);
            _updateQuoteTarget(newR, state.Q0);
            emit DODOSwap(_QUOTE_TOKEN_, _BASE_TOKEN_, quoteInput, receiveBaseAmount, msg.sender, assetTo);
        }
        if (quoteBalance < _QUOTE_RESERVE_) {
            uint256 baseInput = baseBalance - uint256(_BASE_RESERVE_);
            (uint256 receiveQuoteAmount, uint256 mtFee, VaultPMMMath.RState newR, VaultPMMMath.PMMState memory state) =
                _querySellBase(tx.origin, baseInput);
            require(uint256(_QUOTE_RESERVE_) - quoteBalance <= receiveQuoteAmount, "FLASH_LOAN_FAILED");
            _transferQuoteOut(_MAINTAINER_, mtFee);
            _updateBaseTarget(newR, state.B0);
            emit DODOSwap(_BASE_TOKEN_, _QUOTE_TOKEN_, baseInput, receiveQuoteAmount, msg.sender, assetTo);
        }
        _sync();
        emit DODOFlashLoan(msg.sender, assetTo, baseAmount, quoteAmount);
    }

    // ---------- quotes ----------

    function querySellBase(address trader, uint256 payBaseAmount)
        public
        view
        returns (uint256 receiveQuoteAmount, uint256 mtFee)
    {
        (receiveQuoteAmount, mtFee,,) = _querySellBase(trader, payBaseAmount);
    }

    function querySellQuote(address trader, uint256 payQuoteAmount)
        public
        view
        returns (uint256 receiveBaseAmount, uint256 mtFee)
    {
        (receiveBaseAmount, mtFee,,) = _querySellQuote(trader, payQuoteAmount);
    }

    /// @dev The quote, the R state the trade leads to and the (target-adjusted) state it was priced on.
    function _querySellBase(address trader, uint256 payBaseAmount)
        internal
        view
        returns (
            uint256 receiveQuoteAmount,
            uint256 mtFee,
            VaultPMMMath.RState newR,
            VaultPMMMath.PMMState memory state
        )
    {
        state = getPMMState();
        (receiveQuoteAmount, newR) = VaultPMMMath.sellBaseToken(state, payBaseAmount);
        uint256 mtFeeRate = _mtFeeRate(trader);
        mtFee = VaultPMMMath.mulFloor(receiveQuoteAmount, mtFeeRate);
        receiveQuoteAmount = receiveQuoteAmount - VaultPMMMath.mulFloor(receiveQuoteAmount, _LP_FEE_RATE_) - mtFee;
    }

    function _querySellQuote(address trader, uint256 payQuoteAmount)
        internal
        view
        returns (
            uint256 receiveBaseAmount,
            uint256 mtFee,
            VaultPMMMath.RState newR,
            VaultPMMMath.PMMState memory state
        )
    {
        state = getPMMState();
        (receiveBaseAmount, newR) = VaultPMMMath.sellQuoteToken(state, payQuoteAmount);
        uint256 mtFeeRate = _mtFeeRate(trader);
        mtFee = VaultPMMMath.mulFloor(receiveBaseAmount, mtFeeRate);
        receiveBaseAmount = receiveBaseAmount - VaultPMMMath.mulFloor(receiveBaseAmount, _LP_FEE_RATE_) - mtFee;
    }

    // ---------- private pool targets ----------

    /// @dev A private pool whose R changes on a base sale stores the new R and the base target it was priced on.
    function _updateBaseTarget(VaultPMMMath.RState newR, uint256 baseTarget) internal {
        if (!_PRIVATE_ || _RState_ == uint32(newR)) return;
        require(baseTarget <= type(uint112).max, "OVERFLOW");
        _BASE_TARGET_ = uint112(baseTarget);
        _RState_ = uint32(newR);
    }

    /// @dev A private pool whose R changes on a quote sale stores the new R and the quote target it was priced on.
    function _updateQuoteTarget(VaultPMMMath.RState newR, uint256 quoteTarget) internal {
        if (!_PRIVATE_ || _RState_ == uint32(newR)) return;
        require(quoteTarget <= type(uint112).max, "OVERFLOW");
        _QUOTE_TARGET_ = uint112(quoteTarget);
        _RState_ = uint32(newR);
    }

    // ---------- PMM state ----------

    /// @notice The pricing state. Public pools (vending machine): the targets re-solved from the reserves on every
    /// read (Q0 = 0, R above one). Private pools (private pool): the stored targets and R, the short side's target
    /// re-solved from the reserves.
    function getPMMState() public view returns (VaultPMMMath.PMMState memory state) {
        state.i = _I_;
        state.K = _K_;
        state.B = _BASE_RESERVE_;
        state.Q = _QUOTE_RESERVE_;
        if (_PRIVATE_) {
            state.B0 = _BASE_TARGET_;
            state.Q0 = _QUOTE_TARGET_;
            state.R = VaultPMMMath.RState(_RState_);
        } else {
            state.B0 = 0;
            state.Q0 = 0;
            state.R = VaultPMMMath.RState.ABOVE_ONE;
        }
        VaultPMMMath.adjustedTarget(state);
    }

    function getPMMStateForCall()
        external
        view
        returns (uint256 i, uint256 K, uint256 B, uint256 Q, uint256 B0, uint256 Q0, uint256 R)
    {
        VaultPMMMath.PMMState memory state = getPMMState();
        i = state.i;
        K = state.K;
        B = state.B;
        Q = state.Q;
        B0 = state.B0;
        Q0 = state.Q0;
        R = uint256(state.R);
    }

    function getMidPrice() public view override returns (uint256 midPrice) {
        return VaultPMMMath.midPrice(getPMMState());
    }
}
