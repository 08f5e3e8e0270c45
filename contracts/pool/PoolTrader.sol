// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {PoolVault} from "./PoolVault.sol";
import {VaultPMMMath} from "../lib/VaultPMMMath.sol";
import {IVaultERC20, IDODOCallee} from "../lib/Interfaces.sol";

/// @notice Pricing and trading: the PMM state read from the reserves (quote target zero, base target solved), the
/// quotes, the two swaps and the flash loan. Fees come out of the output: the LP fee stays in the pool, the
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
        (receiveQuoteAmount, mtFee) = querySellBase(tx.origin, baseInput);
        _transferQuoteOut(to, receiveQuoteAmount);
        _transferQuoteOut(_MAINTAINER_, mtFee);
        _setReserve(baseBalance, IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this)));
        emit DODOSwap(_BASE_TOKEN_, _QUOTE_TOKEN_, baseInput, receiveQuoteAmount, msg.sender, to);
    }

    function sellQuote(address to) external preventReentrant onlyAllowed returns (uint256 receiveBaseAmount) {
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        uint256 quoteInput = quoteBalance - uint256(_QUOTE_RESERVE_);
        uint256 mtFee;
        (receiveBaseAmount, mtFee) = querySellQuote(tx.origin, quoteInput);
        _transferBaseOut(to, receiveBaseAmount);
        _transferBaseOut(_MAINTAINER_, mtFee);
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
            (uint256 receiveBaseAmount, uint256 mtFee) = querySellQuote(tx.origin, quoteInput);
            require(uint256(_BASE_RESERVE_) - baseBalance <= receiveBaseAmount, "FLASH_LOAN_FAILED");
            _transferBaseOut(_MAINTAINER_, mtFee);
            emit DODOSwap(_QUOTE_TOKEN_, _BASE_TOKEN_, quoteInput, receiveBaseAmount, msg.sender, assetTo);
        }
        if (quoteBalance < _QUOTE_RESERVE_) {
            uint256 baseInput = baseBalance - uint256(_BASE_RESERVE_);
            (uint256 receiveQuoteAmount, uint256 mtFee) = querySellBase(tx.origin, baseInput);
            require(uint256(_QUOTE_RESERVE_) - quoteBalance <= receiveQuoteAmount, "FLASH_LOAN_FAILED");
            _transferQuoteOut(_MAINTAINER_, mtFee);
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
        (receiveQuoteAmount,) = VaultPMMMath.sellBaseToken(getPMMState(), payBaseAmount);
        uint256 mtFeeRate = _mtFeeRate(trader);
        mtFee = VaultPMMMath.mulFloor(receiveQuoteAmount, mtFeeRate);
        receiveQuoteAmount = receiveQuoteAmount - VaultPMMMath.mulFloor(receiveQuoteAmount, _LP_FEE_RATE_) - mtFee;
    }

    function querySellQuote(address trader, uint256 payQuoteAmount)
        public
        view
        returns (uint256 receiveBaseAmount, uint256 mtFee)
    {
        (receiveBaseAmount,) = VaultPMMMath.sellQuoteToken(getPMMState(), payQuoteAmount);
        uint256 mtFeeRate = _mtFeeRate(trader);
        mtFee = VaultPMMMath.mulFloor(receiveBaseAmount, mtFeeRate);
        receiveBaseAmount = receiveBaseAmount - VaultPMMMath.mulFloor(receiveBaseAmount, _LP_FEE_RATE_) - mtFee;
    }

    // ---------- PMM state ----------

    /// @notice The vending machine's state: targets re-solved from the reserves on every read (Q0 = 0, R above one).
    function getPMMState() public view returns (VaultPMMMath.PMMState memory state) {
        state.i = _I_;
        state.K = _K_;
        state.B = _BASE_RESERVE_;
        state.Q = _QUOTE_RESERVE_;
        state.B0 = 0;
        state.Q0 = 0;
        state.R = VaultPMMMath.RState.ABOVE_ONE;
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
