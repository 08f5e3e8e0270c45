// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultOwnable} from "./lib/VaultOwnable.sol";

/// @title VaultFeeRateModel
/// @notice A flat maintainer fee rate (1e18 = 100%) for every trader.
contract VaultFeeRateModel is VaultOwnable {
    uint256 public feeRate;

    event FeeRateUpdated(uint256 feeRate);

    constructor(address initialOwner, uint256 initialFeeRate) VaultOwnable(initialOwner) {
        feeRate = initialFeeRate;
    }

    function setFeeRate(uint256 newFeeRate) external onlyOwner {
        require(newFeeRate < 1e18, "FEE_TOO_HIGH");
        feeRate = newFeeRate;
        emit FeeRateUpdated(newFeeRate);
    }

    function getFeeRate(address) external view returns (uint256) {
        return feeRate;
    }
}
