// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultOwnable} from "./lib/VaultOwnable.sol";

/// @title VaultOracle
/// @notice Owner-set USD prices, 1e18 fixed point per whole token.
contract VaultOracle is VaultOwnable {
    struct PriceData {
        uint256 price;
        uint256 updatedAt;
    }

    mapping(address => PriceData) internal _prices;

    event PriceUpdated(address indexed token, uint256 price, uint256 updatedAt);

    error LengthMismatch();
    error PriceNotSet(address token);

    constructor(address initialOwner) VaultOwnable(initialOwner) {}

    function setPrice(address token, uint256 price) external onlyOwner {
        _set(token, price);
    }

    function setPrices(address[] calldata tokens, uint256[] calldata prices) external onlyOwner {
        if (tokens.length != prices.length) revert LengthMismatch();
        for (uint256 n = 0; n < tokens.length; n++) _set(tokens[n], prices[n]);
    }

    /// @notice Reverts with `PriceNotSet` for a token that never had a price.
    function getPrice(address token) external view returns (uint256 price, uint256 updatedAt) {
        PriceData memory p = _prices[token];
        if (p.updatedAt == 0) revert PriceNotSet(token);
        return (p.price, p.updatedAt);
    }

    function _set(address token, uint256 price) internal {
        if (token == address(0)) revert ZeroAddress();
        _prices[token] = PriceData(price, block.timestamp);
        emit PriceUpdated(token, price, block.timestamp);
    }
}
