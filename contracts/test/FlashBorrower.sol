// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultSafeTransfer} from "../lib/VaultSafeTransfer.sol";
import {IDODOCallee, IVaultPMMPool} from "../lib/Interfaces.sol";

interface IFlashLender3156 {
    function flashLoan(address receiver, address token, uint256 amount, bytes calldata data) external returns (bool);
}

interface IFlashPool {
    function flashLoan(uint256 baseAmount, uint256 quoteAmount, address assetTo, bytes calldata data) external;
}

/// @title FlashBorrower
/// @notice Test and demo helper (local chains only): flash-borrows from a pool and repays what it is told to, and
/// trades its own balance (one-way, or a trade reversed in the same transaction). Anyone can drive it.
contract FlashBorrower is IDODOCallee {
    using VaultSafeTransfer for address;

    event FlashCallback(address indexed pool, address sender, uint256 baseAmount, uint256 quoteAmount);
    event TradedAndReversed(address indexed pool, uint256 baseIn, uint256 quoteOut, uint256 baseBack);

    /// @notice Borrows base/quote from `pool` and, in the callback, sends back `repayBase`/`repayQuote`.
    function flash(address pool, uint256 baseAmount, uint256 quoteAmount, uint256 repayBase, uint256 repayQuote)
        external
    {
        IFlashPool(pool).flashLoan(baseAmount, quoteAmount, address(this), abi.encode(repayBase, repayQuote));
    }

    function DVMFlashLoanCall(address sender, uint256 baseAmount, uint256 quoteAmount, bytes calldata data)
        external
    {
        (uint256 repayBase, uint256 repayQuote) = abi.decode(data, (uint256, uint256));
        if (repayBase > 0) IVaultPMMPool(msg.sender)._BASE_TOKEN_().safeTransfer(msg.sender, repayBase);
        if (repayQuote > 0) IVaultPMMPool(msg.sender)._QUOTE_TOKEN_().safeTransfer(msg.sender, repayQuote);
        emit FlashCallback(msg.sender, sender, baseAmount, quoteAmount);
    }

    function DVMSellShareCall(address, uint256, uint256, uint256, bytes calldata) external pure {}

    /// @notice Sells `amount` of base from this contract's balance.
    function sellBase(address pool, uint256 amount) external returns (uint256 out) {
        IVaultPMMPool(pool)._BASE_TOKEN_().safeTransfer(pool, amount);
        out = IVaultPMMPool(pool).sellBase(address(this));
    }

    /// @notice Sells `amount` of quote from this contract's balance.
    function sellQuote(address pool, uint256 amount) external returns (uint256 out) {
        IVaultPMMPool(pool)._QUOTE_TOKEN_().safeTransfer(pool, amount);
        out = IVaultPMMPool(pool).sellQuote(address(this));
    }

    /// @notice Sells base, then sells all the quote received back, in one transaction.
    function tradeAndReverse(address pool, uint256 baseAmount) external returns (uint256 quoteOut, uint256 baseBack) {
        IVaultPMMPool(pool)._BASE_TOKEN_().safeTransfer(pool, baseAmount);
        quoteOut = IVaultPMMPool(pool).sellBase(address(this));
        IVaultPMMPool(pool)._QUOTE_TOKEN_().safeTransfer(pool, quoteOut);
        baseBack = IVaultPMMPool(pool).sellQuote(address(this));
        emit TradedAndReversed(pool, baseAmount, quoteOut, baseBack);
    }

    /// @notice Sells quote, then sells all the base received back, in one transaction.
    function tradeAndReverseQuote(address pool, uint256 quoteAmount) external returns (uint256 baseOut, uint256 quoteBack) {
        IVaultPMMPool(pool)._QUOTE_TOKEN_().safeTransfer(pool, quoteAmount);
        baseOut = IVaultPMMPool(pool).sellQuote(address(this));
        IVaultPMMPool(pool)._BASE_TOKEN_().safeTransfer(pool, baseOut);
        quoteBack = IVaultPMMPool(pool).sellBase(address(this));
    }

    /// @notice ERC-3156: borrows `amount` of `token` from `lender` and approves `repay` back in the callback.
    function flash3156(address lender, address token, uint256 amount, uint256 repay) external {
        IFlashLender3156(lender).flashLoan(address(this), token, amount, abi.encode(repay));
    }

    function onFlashLoan(address, address token, uint256, uint256, bytes calldata data) external returns (bytes32) {
        token.safeApprove(msg.sender, abi.decode(data, (uint256)));
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}

interface IStabilizerExecute {
    function executePrivateSwap(address pool, uint256 tradeSize, address tokenIn, address tokenOut) external;
}

/// @title TestKeeperBatch
/// @notice Test helper: two stabilizer executions in one transaction (same block), to exercise the per-block cap.
contract TestKeeperBatch {
    function executeTwice(
        address stabilizer,
        address pool,
        uint256 first,
        uint256 second,
        address tokenIn,
        address tokenOut
    ) external {
        IStabilizerExecute(stabilizer).executePrivateSwap(pool, first, tokenIn, tokenOut);
        IStabilizerExecute(stabilizer).executePrivateSwap(pool, second, tokenIn, tokenOut);
    }
}
