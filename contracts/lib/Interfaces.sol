// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

interface IVaultERC20 {
    function decimals() external view returns (uint8);
    function balanceOf(address owner) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function approve(address spender, uint256 amount) external returns (bool);
}

/// @notice Maintainer fee rate model (DODO V2 shape).
interface IFeeRateModel {
    function getFeeRate(address trader) external view returns (uint256);
}

/// @notice Callbacks made by the pool (DODO V2 shape).
interface IDODOCallee {
    function DVMFlashLoanCall(address sender, uint256 baseAmount, uint256 quoteAmount, bytes calldata data) external;

    function DVMSellShareCall(
        address sender,
        uint256 burnShareAmount,
        uint256 baseAmount,
        uint256 quoteAmount,
        bytes calldata data
    ) external;
}

interface IVaultPMMPool {
    function init(
        address maintainer,
        address baseTokenAddress,
        address quoteTokenAddress,
        uint256 lpFeeRate,
        address mtFeeRateModel,
        uint256 i,
        uint256 k,
        bool isOpenTWAP
    ) external;

    function initPrivate(
        address maintainer,
        address baseTokenAddress,
        address quoteTokenAddress,
        uint256 lpFeeRate,
        address mtFeeRateModel,
        uint256 i,
        uint256 k,
        bool isOpenTWAP,
        address[] calldata allowed
    ) external;

    function setAllowed(address trader, bool allowed) external;
    function setAdmin(address newAdmin) external;
    function reset(uint256 newI) external;
    function _ADMIN_() external view returns (address);
    function _BASE_TOKEN_() external view returns (address);
    function _QUOTE_TOKEN_() external view returns (address);
    function _PRIVATE_() external view returns (bool);
    function _IS_OPEN_TWAP_() external view returns (bool);
    function getMidPrice() external view returns (uint256);
    function observe(uint256 blockNumber) external view returns (uint256);
    function observeRange(uint256 fromBlock, uint256 toBlock) external view returns (uint256[] memory);
    function sellBase(address to) external returns (uint256);
    function sellQuote(address to) external returns (uint256);
    function buyShares(address to) external returns (uint256 shares, uint256 baseInput, uint256 quoteInput);
}

interface IVaultOracle {
    function getPrice(address token) external view returns (uint256 price, uint256 updatedAt);
}
