// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

/// @notice Two-step ownership. The owner names a successor (`transferOwnership`), who becomes owner only by calling
/// `claimOwnership` itself, so a hand-over to a mistyped address (or to a Safe that cannot act) never completes:
/// the current owner keeps control and can name another successor. The owner is meant to end up as the operators'
/// Safe, which claims through a Safe transaction executed by its owners.
abstract contract VaultOwnable {
    address public owner;
    /// @notice The successor named by the owner; zero when no hand-over is under way.
    address public pendingOwner;

    event OwnershipTransferPrepared(address indexed previousOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotAuthorized(address caller);
    error NotPendingOwner(address caller);
    error ZeroAddress();

    constructor(address initialOwner) {
        if (initialOwner == address(0)) revert ZeroAddress();
        owner = initialOwner;
        emit OwnershipTransferred(address(0), initialOwner);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotAuthorized(msg.sender);
        _;
    }

    /// @notice Names `newOwner` as the successor (replacing any earlier one). Nothing changes hands until it claims.
    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        pendingOwner = newOwner;
        emit OwnershipTransferPrepared(owner, newOwner);
    }

    /// @notice Completes the hand-over: only the named successor may call it.
    function claimOwnership() external {
        if (msg.sender != pendingOwner || msg.sender == address(0)) revert NotPendingOwner(msg.sender);
        emit OwnershipTransferred(owner, msg.sender);
        owner = msg.sender;
        pendingOwner = address(0);
    }
}
