// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultSafeTransfer} from "./lib/VaultSafeTransfer.sol";
import {IVaultPMMPool} from "./lib/Interfaces.sol";

/// @title VaultRouter
/// @notice A trade into a DVM-style pool in one transaction: the pool prices what it received since its last sync,
/// so paying and selling in two transactions would leave the payment for anyone to take. The router pulls the
/// input from the caller (who approved it), sells it into the pool for `to`, and refuses less than `minOut`.
/// Holds nothing between calls.
contract VaultRouter {
    using VaultSafeTransfer for address;

    error InsufficientOutput(uint256 amountOut, uint256 minOut);

    function sellBase(address pool, uint256 amount, uint256 minOut, address to) external returns (uint256 out) {
        IVaultPMMPool(pool)._BASE_TOKEN_().safeTransferFrom(msg.sender, pool, amount);
        out = IVaultPMMPool(pool).sellBase(to);
        if (out < minOut) revert InsufficientOutput(out, minOut);
    }

    function sellQuote(address pool, uint256 amount, uint256 minOut, address to) external returns (uint256 out) {
        IVaultPMMPool(pool)._QUOTE_TOKEN_().safeTransferFrom(msg.sender, pool, amount);
        out = IVaultPMMPool(pool).sellQuote(to);
        if (out < minOut) revert InsufficientOutput(out, minOut);
    }
}
