// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {PoolVault} from "./PoolVault.sol";
import {VaultPMMMath} from "../lib/VaultPMMMath.sol";
import {IVaultERC20, IDODOCallee} from "../lib/Interfaces.sol";

/// @notice Liquidity: shares are bought with what was transferred in (the smaller of the two input ratios sets
/// the mint) and sold for a pro-rata slice of both balances.
abstract contract PoolFunding is PoolVault {
    event BuyShares(address to, uint256 increaseShares, uint256 totalShares);
    event SellShares(address payer, address to, uint256 decreaseShares, uint256 totalShares);

    function buyShares(address to)
        external
        preventReentrant
        onlyAllowed
        returns (uint256 shares, uint256 baseInput, uint256 quoteInput)
    {
        uint256 baseBalance = IVaultERC20(_BASE_TOKEN_).balanceOf(address(this));
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        uint256 baseReserve = _BASE_RESERVE_;
        uint256 quoteReserve = _QUOTE_RESERVE_;
        baseInput = baseBalance - baseReserve;
        quoteInput = quoteBalance - quoteReserve;
        require(baseInput > 0, "NO_BASE_INPUT");
        if (totalSupply == 0) {
            // the first deposit: shares equal the base balance
            require(baseBalance >= 10 ** 3, "INSUFFICIENT_LIQUIDITY_MINED");
            shares = baseBalance;
        } else if (baseReserve > 0 && quoteReserve == 0) {
            // a base-only pool: shares in proportion to base
            shares = (baseInput * totalSupply) / baseReserve;
        } else if (baseReserve > 0 && quoteReserve > 0) {
            // both sides: the smaller input ratio mints
            uint256 baseInputRatio = VaultPMMMath.divFloor(baseInput, baseReserve);
            uint256 quoteInputRatio = VaultPMMMath.divFloor(quoteInput, quoteReserve);
            uint256 mintRatio = quoteInputRatio < baseInputRatio ? quoteInputRatio : baseInputRatio;
            shares = VaultPMMMath.mulFloor(totalSupply, mintRatio);
        }
        _mint(to, shares);
        _setReserve(baseBalance, quoteBalance);
        emit BuyShares(to, shares, _SHARES_[to]);
    }

    function sellShares(
        uint256 shareAmount,
        address to,
        uint256 baseMinAmount,
        uint256 quoteMinAmount,
        bytes calldata data,
        uint256 deadline
    ) external preventReentrant returns (uint256 baseAmount, uint256 quoteAmount) {
        require(deadline >= block.timestamp, "TIME_EXPIRED");
        require(shareAmount <= _SHARES_[msg.sender], "DLP_NOT_ENOUGH");
        uint256 baseBalance = IVaultERC20(_BASE_TOKEN_).balanceOf(address(this));
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        uint256 totalShares = totalSupply;
        baseAmount = (baseBalance * shareAmount) / totalShares;
        quoteAmount = (quoteBalance * shareAmount) / totalShares;
        require(baseAmount >= baseMinAmount && quoteAmount >= quoteMinAmount, "WITHDRAW_NOT_ENOUGH");
        _burn(msg.sender, shareAmount);
        _transferBaseOut(to, baseAmount);
        _transferQuoteOut(to, quoteAmount);
        _sync();
        if (data.length > 0) {
            IDODOCallee(to).DVMSellShareCall(msg.sender, shareAmount, baseAmount, quoteAmount, data);
        }
        emit SellShares(msg.sender, to, shareAmount, _SHARES_[msg.sender]);
    }
}
