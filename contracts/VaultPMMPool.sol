// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {PoolTrader} from "./pool/PoolTrader.sol";
import {PoolFunding} from "./pool/PoolFunding.sol";
import {IVaultERC20} from "./lib/Interfaces.sol";
import {VaultPMMMath} from "./lib/VaultPMMMath.sol";

/// @title VaultPMMPool
/// @notice A PMM pool with the DODO V2 vending machine (DVM) interface and arithmetic: reserves follow balances,
/// the quote target is zero, the base target is solved from the reserves, fees come out of the output.
/// Ours on top: an end-of-block mid price ring (`observe`) when TWAP is open, and an optional private mode in which
/// only allowlisted callers may trade, add liquidity or borrow. A private pool is priced as a DODO private pool
/// (DPP): stored targets and R, updated when a trade changes R, and `reset(newI)` by its admin puts the mid on i. The pool is deployed once as an implementation and
/// cloned (EIP-1167); `init`/`initPrivate` run once per clone, in the tx that creates it.
/// One concern per file, as the DVM is cut: pool/PoolStorage (state), pool/PoolVault (reserves, observations, LP
/// shares), pool/PoolTrader (quotes, swaps, flash loan), pool/PoolFunding (buy and sell shares); this contract
/// composes them and holds initialisation and the admin's allowlist.
contract VaultPMMPool is PoolTrader, PoolFunding {
    event AllowlistUpdated(address indexed trader, bool allowed);
    event AdminUpdated(address indexed previousAdmin, address indexed newAdmin);
    /// @notice A private pool re-based: i set to `newI`, both targets to the reserves, R = ONE (the mid price is i).
    event Reset(uint256 oldI, uint256 newI, uint256 baseTarget, uint256 quoteTarget);

    error NotPoolAdmin(address caller);
    error NotPrivatePool();
    error ZeroAdmin();

    /// @dev The implementation itself can never be initialised; clones start with empty storage.
    constructor() {
        _DVM_INITIALIZED_ = true;
    }

    modifier onlyAdmin() {
        if (msg.sender != _ADMIN_) revert NotPoolAdmin(msg.sender);
        _;
    }

    // ---------- init ----------

    function init(
        address maintainer,
        address baseTokenAddress,
        address quoteTokenAddress,
        uint256 lpFeeRate,
        address mtFeeRateModel,
        uint256 i,
        uint256 k,
        bool isOpenTWAP
    ) external {
        _init(maintainer, baseTokenAddress, quoteTokenAddress, lpFeeRate, mtFeeRateModel, i, k, isOpenTWAP);
    }

    /// @notice `init` in private mode: only `allowed` (and the initialiser, the admin) may trade.
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
    ) external {
        _init(maintainer, baseTokenAddress, quoteTokenAddress, lpFeeRate, mtFeeRateModel, i, k, isOpenTWAP);
        _PRIVATE_ = true;
        for (uint256 n = 0; n < allowed.length; n++) {
            isAllowed[allowed[n]] = true;
            emit AllowlistUpdated(allowed[n], true);
        }
    }

    function _init(
        address maintainer,
        address baseTokenAddress,
        address quoteTokenAddress,
        uint256 lpFeeRate,
        address mtFeeRateModel,
        uint256 i,
        uint256 k,
        bool isOpenTWAP
    ) internal {
        require(!_DVM_INITIALIZED_, "DVM_INITIALIZED");
        _DVM_INITIALIZED_ = true;
        require(baseTokenAddress != quoteTokenAddress, "BASE_QUOTE_CAN_NOT_BE_SAME");
        _BASE_TOKEN_ = baseTokenAddress;
        _QUOTE_TOKEN_ = quoteTokenAddress;
        require(i > 0 && i <= 10 ** 36, "I_OUT_OF_RANGE");
        _I_ = i;
        require(k <= 10 ** 18, "K_OUT_OF_RANGE");
        _K_ = k;
        _LP_FEE_RATE_ = lpFeeRate;
        _MT_FEE_RATE_MODEL_ = mtFeeRateModel;
        _MAINTAINER_ = maintainer;
        _ADMIN_ = msg.sender;
        _IS_OPEN_TWAP_ = isOpenTWAP;
        if (isOpenTWAP) _BLOCK_TIMESTAMP_LAST_ = uint32(block.timestamp % 2 ** 32);
        name = "Vault PMM LP";
        symbol = "DLP";
        decimals = IVaultERC20(baseTokenAddress).decimals();
    }

    function version() external pure returns (string memory) {
        return "VaultPMMPool 1.1.0 (DVM 1.0.2 arithmetic; private pools priced as DPP)";
    }

    // ---------- admin ----------

    function setAllowed(address trader, bool allowed) external onlyAdmin {
        isAllowed[trader] = allowed;
        emit AllowlistUpdated(trader, allowed);
    }

    /// @notice Hands the pool's admin role (allowlist, `reset`) to `newAdmin`; for a mesh leg, the Stabilizer.
    function setAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAdmin();
        emit AdminUpdated(_ADMIN_, newAdmin);
        _ADMIN_ = newAdmin;
    }

    /// @notice Private pools only (DODO private pool `reset`): sets i and re-bases both targets to the current
    /// balances with R = ONE, so the mid price equals `newI` exactly.
    function reset(uint256 newI) external preventReentrant onlyAdmin {
        if (!_PRIVATE_) revert NotPrivatePool();
        require(newI > 0 && newI <= 10 ** 36, "I_OUT_OF_RANGE");
        uint256 baseBalance = IVaultERC20(_BASE_TOKEN_).balanceOf(address(this));
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        require(baseBalance <= type(uint112).max && quoteBalance <= type(uint112).max, "OVERFLOW");
        emit Reset(_I_, newI, baseBalance, quoteBalance);
        _I_ = newI;
        _BASE_TARGET_ = uint112(baseBalance);
        _QUOTE_TARGET_ = uint112(quoteBalance);
        _RState_ = uint32(VaultPMMMath.RState.ONE);
        _setReserve(baseBalance, quoteBalance);
    }
}
