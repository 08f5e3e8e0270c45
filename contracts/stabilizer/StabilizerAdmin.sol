// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultSafeTransfer} from "../lib/VaultSafeTransfer.sol";
import {IVaultPMMPool} from "../lib/Interfaces.sol";
import {StabilizerStorage} from "./StabilizerStorage.sol";

/// @title StabilizerAdmin
/// @notice Owner and guardian functions: the pool registry, parameters, limits, keepers, the guardian, pause, the
/// mesh and inventory withdrawals. Every change emits an event.
abstract contract StabilizerAdmin is StabilizerStorage {
    using VaultSafeTransfer for address;

    // ---------- pools ----------

    /// @notice Registers a public pool with its parameters. The pool must record end-of-block prices (TWAP open).
    function addPool(address pool, Params calldata params_) external onlyOwner {
        if (pool == address(0)) revert ZeroAddress();
        if (isPool[pool]) revert PoolAlreadyRegistered(pool);
        if (_pools.length >= MAX_POOLS) revert TooManyPools(MAX_POOLS);
        if (!IVaultPMMPool(pool)._IS_OPEN_TWAP_()) revert PoolNotObservable(pool);
        if (IVaultPMMPool(pool)._PRIVATE_()) revert PoolIsPrivate(pool);
        _pools.push(pool);
        isPool[pool] = true;
        emit PoolAdded(pool, IVaultPMMPool(pool)._BASE_TOKEN_(), IVaultPMMPool(pool)._QUOTE_TOKEN_());
        _setParams(pool, params_);
    }

    /// @notice Unregisters a pool and forgets its parameters and execution state.
    function removePool(address pool) external onlyOwner onlyRegistered(pool) {
        uint256 last = _pools.length - 1;
        for (uint256 n = 0; n <= last; n++) {
            if (_pools[n] == pool) {
                _pools[n] = _pools[last];
                _pools.pop();
                break;
            }
        }
        delete isPool[pool];
        delete _params[pool];
        delete _state[pool];
        emit PoolRemoved(pool);
    }

    function setParams(address pool, Params calldata params_) external onlyOwner onlyRegistered(pool) {
        _setParams(pool, params_);
    }

    function setLimits(Limits calldata limits_) external onlyOwner {
        _setLimits(limits_);
    }

    function _setParams(address pool, Params memory p) internal {
        if (
            p.twapWindow == 0 || p.twapWindow > MAX_WINDOW || p.sustainBlocks == 0 || p.sustainBlocks > MAX_WINDOW
                || p.maxSlippageBps > 10_000
        ) revert InvalidParams();
        _params[pool] = p;
        emit ParamsUpdated(pool, p);
    }

    function _setLimits(Limits memory l) internal {
        if (l.maxGasPrice == 0 || l.maxOracleAge == 0 || l.meshThresholdBps > 10_000) revert InvalidLimits();
        _limits = l;
        emit LimitsUpdated(l);
    }

    // ---------- roles ----------

    function setKeeper(address keeper, bool allowed) external onlyOwner {
        isKeeper[keeper] = allowed;
        emit KeeperUpdated(keeper, allowed);
    }

    /// @notice The guardian can pause at once; address(0) removes the role.
    function setGuardian(address guardian_) external onlyOwner {
        emit GuardianUpdated(guardian, guardian_);
        guardian = guardian_;
    }

    /// @notice Stops executions and mesh rebalances: the guardian or the owner, in one transaction.
    function pause() external {
        if (msg.sender != guardian && msg.sender != owner) revert NotAuthorized(msg.sender);
        if (paused) revert Paused();
        paused = true;
        emit StabilizerPaused(msg.sender);
    }

    /// @notice Only the owner (the Safe) resumes.
    function unpause() external onlyOwner {
        if (!paused) revert NotPaused();
        paused = false;
        emit StabilizerUnpaused(msg.sender);
    }

    // ---------- mesh and inventory ----------

    /// @notice Sets `privatePoolFor(tokens[n]) = privatePools[n]` (address(0) removes a token from the mesh).
    function setMesh(address[] calldata tokens, address[] calldata privatePools) external onlyOwner {
        if (tokens.length != privatePools.length) revert LengthMismatch();
        for (uint256 n = 0; n < tokens.length; n++) {
            address token = tokens[n];
            if (token == address(0)) revert ZeroAddress();
            bool listed = privatePoolFor[token] != address(0);
            privatePoolFor[token] = privatePools[n];
            if (!listed && privatePools[n] != address(0)) _meshTokens.push(token);
            if (listed && privatePools[n] == address(0)) _unlistMeshToken(token);
            emit MeshUpdated(token, privatePools[n]);
        }
    }

    function withdraw(address token, address to, uint256 amount) external onlyOwner {
        token.safeTransfer(to, amount);
        emit Withdrawn(token, to, amount);
    }

    function _unlistMeshToken(address token) private {
        uint256 last = _meshTokens.length - 1;
        for (uint256 n = 0; n <= last; n++) {
            if (_meshTokens[n] == token) {
                _meshTokens[n] = _meshTokens[last];
                _meshTokens.pop();
                return;
            }
        }
    }
}
