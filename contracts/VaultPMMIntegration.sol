// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultOwnable} from "./lib/VaultOwnable.sol";
import {VaultSafeTransfer} from "./lib/VaultSafeTransfer.sol";
import {IVaultPMMPool} from "./lib/Interfaces.sol";

/// @title VaultPMMIntegration
/// @notice Creates and registers PMM pools (DODOPMMIntegration-style entry points). Pools are EIP-1167 clones of
/// one VaultPMMPool implementation, initialised in the creating transaction. The admin (owner, meant to be the
/// Safe) creates pools and manages private pools' allowlists; the integration itself is each pool's admin.
contract VaultPMMIntegration is VaultOwnable {
    using VaultSafeTransfer for address;

    struct PoolSpec {
        address baseToken;
        address quoteToken;
        uint256 lpFeeRate;
        uint256 i;
        uint256 k;
        bool isOpenTWAP;
    }

    address public immutable poolImplementation;
    address public cUSDT;
    address public cUSDC;
    /// @notice Maintainer fee model given to new pools (address(0): no maintainer fee).
    address public mtFeeRateModel;

    address[] internal _pools;
    mapping(address => mapping(address => address)) internal _publicPools;
    mapping(address => mapping(address => address)) internal _privatePools;
    mapping(address => bool) public isPrivatePool;
    mapping(address => bool) public isRegisteredPool;

    event PoolCreated(
        address indexed pool,
        address indexed baseToken,
        address indexed quoteToken,
        uint256 lpFeeRate,
        uint256 i,
        uint256 k,
        bool isOpenTWAP,
        bool isPrivate
    );
    event TokensUpdated(address cUSDT, address cUSDC);
    event MtFeeRateModelUpdated(address model);
    event PrivatePoolAllowlistUpdated(address indexed pool, address indexed trader, bool allowed);
    event PrivatePoolAdminUpdated(address indexed pool, address indexed admin);
    event LiquidityAdded(
        address indexed pool, address indexed provider, uint256 baseAmount, uint256 quoteAmount, uint256 shares
    );

    error PoolExists(address baseToken, address quoteToken, address pool);
    error UnknownPool(address pool);
    error NotPrivatePool(address pool);
    error TokensNotSet();
    error CloneFailed();

    constructor(address initialOwner, address implementation, address cUSDT_, address cUSDC_)
        VaultOwnable(initialOwner)
    {
        if (implementation == address(0)) revert ZeroAddress();
        poolImplementation = implementation;
        cUSDT = cUSDT_;
        cUSDC = cUSDC_;
        emit TokensUpdated(cUSDT_, cUSDC_);
    }

    /// @notice Same as `owner`: the account allowed to create pools.
    function admin() external view returns (address) {
        return owner;
    }

    // ---------- pool creation ----------

    /// @notice Creates a public pool for an ordered (base, quote) pair; reverts with `PoolExists` if one exists.
    function createPool(
        address baseToken,
        address quoteToken,
        uint256 lpFeeRate,
        uint256 initialPrice,
        uint256 k,
        bool isOpenTWAP
    ) external onlyOwner returns (address pool) {
        pool = _createPublic(PoolSpec(baseToken, quoteToken, lpFeeRate, initialPrice, k, isOpenTWAP), false);
    }

    /// @notice `createPool` that also accepts a pair that already has a pool. `getPool` keeps the first one;
    /// the new pool is listed by `getAllPools`.
    function createPoolAllowDuplicate(
        address baseToken,
        address quoteToken,
        uint256 lpFeeRate,
        uint256 initialPrice,
        uint256 k,
        bool isOpenTWAP
    ) external onlyOwner returns (address pool) {
        pool = _createPublic(PoolSpec(baseToken, quoteToken, lpFeeRate, initialPrice, k, isOpenTWAP), true);
    }

    /// @notice Creates the cUSDT (base) / cUSDC (quote) public pool.
    function createCUSDTCUSDCPool(uint256 lpFeeRate, uint256 initialPrice, uint256 k, bool isOpenTWAP)
        external
        onlyOwner
        returns (address pool)
    {
        if (cUSDT == address(0) || cUSDC == address(0)) revert TokensNotSet();
        pool = _createPublic(PoolSpec(cUSDT, cUSDC, lpFeeRate, initialPrice, k, isOpenTWAP), false);
    }

    /// @notice Creates a private pool: only `allowed` may trade, buy shares or flash-borrow.
    function createPrivatePool(
        address baseToken,
        address quoteToken,
        uint256 lpFeeRate,
        uint256 initialPrice,
        uint256 k,
        bool isOpenTWAP,
        address[] calldata allowed
    ) external onlyOwner returns (address pool) {
        PoolSpec memory spec = PoolSpec(baseToken, quoteToken, lpFeeRate, initialPrice, k, isOpenTWAP);
        address existing = _privatePools[baseToken][quoteToken];
        if (existing != address(0)) revert PoolExists(baseToken, quoteToken, existing);
        pool = _clone();
        IVaultPMMPool(pool).initPrivate(
            owner, spec.baseToken, spec.quoteToken, spec.lpFeeRate, mtFeeRateModel, spec.i, spec.k, spec.isOpenTWAP, allowed
        );
        _privatePools[baseToken][quoteToken] = pool;
        isPrivatePool[pool] = true;
        _register(pool, spec, true);
        for (uint256 n = 0; n < allowed.length; n++) emit PrivatePoolAllowlistUpdated(pool, allowed[n], true);
    }

    function _createPublic(PoolSpec memory spec, bool allowDuplicate) internal returns (address pool) {
        address existing = _publicPools[spec.baseToken][spec.quoteToken];
        if (existing != address(0) && !allowDuplicate) revert PoolExists(spec.baseToken, spec.quoteToken, existing);
        pool = _clone();
        IVaultPMMPool(pool).init(
            owner, spec.baseToken, spec.quoteToken, spec.lpFeeRate, mtFeeRateModel, spec.i, spec.k, spec.isOpenTWAP
        );
        if (existing == address(0)) _publicPools[spec.baseToken][spec.quoteToken] = pool;
        _register(pool, spec, false);
    }

    function _register(address pool, PoolSpec memory spec, bool isPrivate) internal {
        _pools.push(pool);
        isRegisteredPool[pool] = true;
        emit PoolCreated(
            pool, spec.baseToken, spec.quoteToken, spec.lpFeeRate, spec.i, spec.k, spec.isOpenTWAP, isPrivate
        );
    }

    /// @dev EIP-1167 minimal proxy pointing at the implementation.
    function _clone() internal returns (address instance) {
        bytes memory code = abi.encodePacked(
            hex"3d602d80600a3d3981f3363d3d373d3d3d363d73", poolImplementation, hex"5af43d82803e903d91602b57fd5bf3"
        );
        assembly {
            instance := create(0, add(code, 0x20), mload(code))
        }
        if (instance == address(0)) revert CloneFailed();
    }

    // ---------- liquidity ----------

    /// @notice Moves `baseAmount`/`quoteAmount` from the caller (approve this contract first) into `pool` and buys
    /// shares for the caller. Private pools: admin only.
    function addLiquidity(address pool, uint256 baseAmount, uint256 quoteAmount)
        external
        returns (uint256 shares, uint256 baseInput, uint256 quoteInput)
    {
        if (!isRegisteredPool[pool]) revert UnknownPool(pool);
        if (isPrivatePool[pool] && msg.sender != owner) revert NotAuthorized(msg.sender);
        if (baseAmount > 0) IVaultPMMPool(pool)._BASE_TOKEN_().safeTransferFrom(msg.sender, pool, baseAmount);
        if (quoteAmount > 0) IVaultPMMPool(pool)._QUOTE_TOKEN_().safeTransferFrom(msg.sender, pool, quoteAmount);
        (shares, baseInput, quoteInput) = IVaultPMMPool(pool).buyShares(msg.sender);
        emit LiquidityAdded(pool, msg.sender, baseInput, quoteInput, shares);
    }

    // ---------- admin ----------

    function setPrivatePoolAllowed(address pool, address[] calldata traders, bool allowed) external onlyOwner {
        if (!isPrivatePool[pool]) revert NotPrivatePool(pool);
        for (uint256 n = 0; n < traders.length; n++) {
            IVaultPMMPool(pool).setAllowed(traders[n], allowed);
            emit PrivatePoolAllowlistUpdated(pool, traders[n], allowed);
        }
    }

    /// @notice Hands a private pool's admin role (allowlist, `reset`) to `newAdmin`, e.g. the Stabilizer for a mesh
    /// leg. The integration stays on the pool's allowlist so `addLiquidity` keeps working; from then on the new
    /// admin manages the allowlist.
    function setPrivatePoolAdmin(address pool, address newAdmin) external onlyOwner {
        if (!isPrivatePool[pool]) revert NotPrivatePool(pool);
        IVaultPMMPool(pool).setAllowed(address(this), true);
        IVaultPMMPool(pool).setAdmin(newAdmin);
        emit PrivatePoolAllowlistUpdated(pool, address(this), true);
        emit PrivatePoolAdminUpdated(pool, newAdmin);
    }

    function setTokens(address cUSDT_, address cUSDC_) external onlyOwner {
        cUSDT = cUSDT_;
        cUSDC = cUSDC_;
        emit TokensUpdated(cUSDT_, cUSDC_);
    }

    function setMtFeeRateModel(address model) external onlyOwner {
        mtFeeRateModel = model;
        emit MtFeeRateModelUpdated(model);
    }

    // ---------- registry ----------

    /// @notice The public pool for the ordered pair (base, quote), or address(0).
    function getPool(address baseToken, address quoteToken) external view returns (address) {
        return _publicPools[baseToken][quoteToken];
    }

    /// @notice The private pool for the ordered pair (base, quote), or address(0).
    function getPrivatePool(address baseToken, address quoteToken) external view returns (address) {
        return _privatePools[baseToken][quoteToken];
    }

    /// @notice Every pool created here, public and private, in creation order.
    function getAllPools() external view returns (address[] memory) {
        return _pools;
    }

    function poolCount() external view returns (uint256) {
        return _pools.length;
    }
}
