// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {PoolVault} from "./PoolVault.sol";
import {VaultPMMMath} from "../lib/VaultPMMMath.sol";
import {IVaultERC20, IDODOCallee} from "../lib/Interfaces.sol";

/// @notice Liquidity: shares are bought with what was transferred in (the smaller of the two input ratios sets
/// the mint) and sold for a pro-rata slice of both balances. A private pool's targets move with its shares.
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
        if (_PRIVATE_) _growTargets(shares, baseBalance, quoteBalance);
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
        if (_PRIVATE_) {
            // a private pool's targets shrink with its shares (rounded up, as DODO's stable pool does)
            _BASE_TARGET_ = uint112(uint256(_BASE_TARGET_) - _ceilShare(_BASE_TARGET_, shareAmount, totalShares));
            _QUOTE_TARGET_ = uint112(uint256(_QUOTE_TARGET_) - _ceilShare(_QUOTE_TARGET_, shareAmount, totalShares));
        }
        _burn(msg.sender, shareAmount);
        _transferBaseOut(to, baseAmount);
        _transferQuoteOut(to, quoteAmount);
        _sync();
        if (data.length > 0) {
            IDODOCallee(to).DVMSellShareCall(msg.sender, shareAmount, baseAmount, quoteAmount, data);
        }
        emit SellShares(msg.sender, to, shareAmount, _SHARES_[msg.sender]);
    }

    /// @dev A private pool's targets follow its liquidity: the first deposit sets them to the balances (R = ONE, the
    /// mid price is i), a later one grows them by the share it minted (as DODO's stable pool does).
    function _growTargets(uint256 shares, uint256 baseBalance, uint256 quoteBalance) private {
        uint256 supply = totalSupply;
        if (supply == 0) {
            _BASE_TARGET_ = uint112(baseBalance);
            _QUOTE_TARGET_ = uint112(quoteBalance);
            _RState_ = uint32(VaultPMMMath.RState.ONE);
            return;
        }
        uint256 baseTarget = _BASE_TARGET_ + (uint256(_BASE_TARGET_) * shares) / supply;
        uint256 quoteTarget = _QUOTE_TARGET_ + (uint256(_QUOTE_TARGET_) * shares) / supply;
        require(baseTarget <= type(uint112).max && quoteTarget <= type(uint112).max, "OVERFLOW");
        _BASE_TARGET_ = uint112(baseTarget);
        _QUOTE_TARGET_ = uint112(quoteTarget);
    }

    function _ceilShare(uint256 amount, uint256 shares, uint256 supply) private pure returns (uint256) {
        return VaultPMMMath.divCeilRaw(amount * shares, supply);
    }
}
