// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultOwnable} from "./lib/VaultOwnable.sol";

/// @title VaultOracle
/// @notice Owner-set USD prices, 1e18 fixed point per whole token. Sanity: a price of 0 is refused, and so is an
/// update that moves a token's price by more than `maxMoveBps` from its current one (a token's first price is
/// free). A deliberate larger move is made by raising the bound first (an event shows it).
contract VaultOracle is VaultOwnable {
    struct PriceData {
        uint256 price;
        uint256 updatedAt;
    }

    uint256 public constant DEFAULT_MAX_MOVE_BPS = 1000;

    mapping(address => PriceData) internal _prices;
    /// @notice The largest move of one update, in bps of the current price (10,000 = 100%).
    uint256 public maxMoveBps;

    event PriceUpdated(address indexed token, uint256 price, uint256 updatedAt);
    event MaxMoveUpdated(uint256 maxMoveBps);

    error LengthMismatch();
    error PriceNotSet(address token);
    error ZeroPrice(address token);
    error PriceMoveTooLarge(address token, uint256 current, uint256 price, uint256 maxMoveBps);
    error InvalidMaxMove(uint256 maxMoveBps);

    constructor(address initialOwner) VaultOwnable(initialOwner) {
        maxMoveBps = DEFAULT_MAX_MOVE_BPS;
        emit MaxMoveUpdated(DEFAULT_MAX_MOVE_BPS);
    }

    /// @notice Sets the sanity bound (1 bp .. 1,000,000 bps = 100x).
    function setMaxMoveBps(uint256 bps) external onlyOwner {
        if (bps == 0 || bps > 1_000_000) revert InvalidMaxMove(bps);
        maxMoveBps = bps;
        emit MaxMoveUpdated(bps);
    }

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
        if (price == 0) revert ZeroPrice(token);
        uint256 current = _prices[token].price;
        if (current != 0) {
            uint256 diff = price > current ? price - current : current - price;
            if (diff * 10_000 > current * maxMoveBps) revert PriceMoveTooLarge(token, current, price, maxMoveBps);
        }
        _prices[token] = PriceData(price, block.timestamp);
        emit PriceUpdated(token, price, block.timestamp);
    }
}
