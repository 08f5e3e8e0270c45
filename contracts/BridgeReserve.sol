// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultOwnable} from "./lib/VaultOwnable.sol";
import {VaultSafeTransfer} from "./lib/VaultSafeTransfer.sol";
import {IVaultERC20} from "./lib/Interfaces.sol";

/// @title BridgeReserve
/// @notice Local stand-in for the 138 <-> 651940 bridge: tokens locked by `bridgeOut` on one chain are released
/// by `bridgeIn` (owner or relayer) on the other. Each source nonce is released at most once.
contract BridgeReserve is VaultOwnable {
    using VaultSafeTransfer for address;

    uint256 public nonce;
    uint256 public counterpartChainId;
    mapping(address => bool) public isRelayer;
    mapping(uint256 => bool) public processedSrcNonce;

    event BridgeOut(
        address indexed token, address indexed from, address indexed to, uint256 amount, uint256 nonce, uint256 dstChainId
    );
    event BridgeIn(address indexed token, address indexed to, uint256 amount, uint256 srcNonce, uint256 srcChainId);
    event RelayerUpdated(address indexed relayer, bool allowed);
    event CounterpartChainUpdated(uint256 chainId);

    error AlreadyProcessed(uint256 srcNonce);
    error ZeroAmount();
    error InsufficientReserve(address token, uint256 reserve, uint256 needed);

    constructor(address initialOwner) VaultOwnable(initialOwner) {
        counterpartChainId = block.chainid == 138 ? 651940 : 138;
    }

    modifier onlyRelayer() {
        if (msg.sender != owner && !isRelayer[msg.sender]) revert NotAuthorized(msg.sender);
        _;
    }

    function setRelayer(address relayer, bool allowed) external onlyOwner {
        isRelayer[relayer] = allowed;
        emit RelayerUpdated(relayer, allowed);
    }

    function setCounterpartChainId(uint256 chainId) external onlyOwner {
        counterpartChainId = chainId;
        emit CounterpartChainUpdated(chainId);
    }

    function reserveOf(address token) public view returns (uint256) {
        return IVaultERC20(token).balanceOf(address(this));
    }

    /// @notice Locks `amount` of `token` from the caller (approve first) for `recipient` on the other chain.
    function bridgeOut(address token, uint256 amount, address recipient) external returns (uint256 outNonce) {
        if (amount == 0) revert ZeroAmount();
        if (recipient == address(0)) revert ZeroAddress();
        token.safeTransferFrom(msg.sender, address(this), amount);
        outNonce = ++nonce;
        emit BridgeOut(token, msg.sender, recipient, amount, outNonce, counterpartChainId);
    }

    /// @notice Releases `amount` of `token` to `to` for the other chain's `srcNonce`.
    function bridgeIn(address token, address to, uint256 amount, uint256 srcNonce) external onlyRelayer {
        if (processedSrcNonce[srcNonce]) revert AlreadyProcessed(srcNonce);
        if (amount == 0) revert ZeroAmount();
        uint256 reserve = reserveOf(token);
        if (reserve < amount) revert InsufficientReserve(token, reserve, amount);
        processedSrcNonce[srcNonce] = true;
        token.safeTransfer(to, amount);
        emit BridgeIn(token, to, amount, srcNonce, counterpartChainId);
    }
}
