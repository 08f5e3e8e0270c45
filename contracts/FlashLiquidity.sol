// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultOwnable} from "./lib/VaultOwnable.sol";
import {VaultSafeTransfer} from "./lib/VaultSafeTransfer.sol";
import {IVaultERC20} from "./lib/Interfaces.sol";

/// @notice The ERC-3156 borrower callback.
interface IFlashBorrower3156 {
    function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes calldata data)
        external
        returns (bytes32);
}

/// @title FlashLiquidity
/// @notice Capital bucket C (spec §13): tokens set aside for flash lending only, lent under ERC-3156 and pulled back
/// (amount + fee) in the same transaction. Its balances are what `vault reserve check` counts as flash-loan liquidity;
/// the owner (the Safe) tops it up by transfer and takes tokens out with `withdraw`.
contract FlashLiquidity is VaultOwnable {
    using VaultSafeTransfer for address;

    bytes32 public constant CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");
    uint256 public constant MAX_FEE_BPS = 100;

    uint256 public feeBps;
    bool private _lending;

    event FlashLoan(address indexed receiver, address indexed token, uint256 amount, uint256 fee);
    event FeeUpdated(uint256 feeBps);
    event Withdrawn(address indexed token, address indexed to, uint256 amount);

    error FeeTooHigh(uint256 feeBps);
    error NotEnoughLiquidity(uint256 amount, uint256 available);
    error CallbackFailed();
    error Reentrant();

    constructor(address initialOwner, uint256 feeBps_) VaultOwnable(initialOwner) {
        _setFee(feeBps_);
    }

    function setFee(uint256 feeBps_) external onlyOwner {
        _setFee(feeBps_);
    }

    function withdraw(address token, address to, uint256 amount) external onlyOwner {
        token.safeTransfer(to, amount);
        emit Withdrawn(token, to, amount);
    }

    function maxFlashLoan(address token) public view returns (uint256) {
        return IVaultERC20(token).balanceOf(address(this));
    }

    function flashFee(address, uint256 amount) public view returns (uint256) {
        return (amount * feeBps) / 10_000;
    }

    /// @notice Lends `amount` of `token` to `receiver`, calls it back, then pulls amount + fee from it.
    function flashLoan(IFlashBorrower3156 receiver, address token, uint256 amount, bytes calldata data)
        external
        returns (bool)
    {
        if (_lending) revert Reentrant();
        uint256 available = maxFlashLoan(token);
        if (amount > available) revert NotEnoughLiquidity(amount, available);
        _lending = true;
        uint256 fee = flashFee(token, amount);
        token.safeTransfer(address(receiver), amount);
        if (receiver.onFlashLoan(msg.sender, token, amount, fee, data) != CALLBACK_SUCCESS) revert CallbackFailed();
        token.safeTransferFrom(address(receiver), address(this), amount + fee);
        _lending = false;
        emit FlashLoan(address(receiver), token, amount, fee);
        return true;
    }

    function _setFee(uint256 feeBps_) internal {
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_);
        feeBps = feeBps_;
        emit FeeUpdated(feeBps_);
    }
}
