// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultOwnable} from "../lib/VaultOwnable.sol";

/// @title StabilizerStorage
/// @notice The Stabilizer's state, events, errors and access modifiers (one concern per file, as DODO V2's
/// DVMStorage). Roles: the owner (the operators' Safe) changes everything; the guardian (one key) can only pause;
/// keepers (and the owner) execute corrections and mesh rebalances.
abstract contract StabilizerStorage is VaultOwnable {
    /// @notice Appendix A parameters of one registered pool.
    struct Params {
        uint256 thresholdBps; // θ: dead band around the peg
        uint256 sustainBlocks; // N: completed blocks the deviation must hold beyond θ with one sign
        uint256 twapWindow; // W: completed blocks the TWAP averages
        uint256 minBlocks; // MIN_BLOCKS: block delay between two executions on the pool
        uint256 perBlockCap; // most traded into the pool per block, in base-token units
        uint256 kPerBps; // k: trade ≤ k × |TWAP deviation in bps|, in base-token units
        uint256 maxSlippageBps; // output at least the pre-trade mid price's, less this
    }

    /// @notice Chain-wide limits: one oracle and one gas market per chain, shared by every pool and mesh leg.
    struct Limits {
        uint256 maxGasPrice; // executions refuse a higher tx.gasprice
        uint256 maxOracleAge; // seconds; an older oracle price stops executions and mesh resets
        uint256 meshThresholdBps; // rebalanceMesh refuses a leg within this gap of the oracle cross rate
    }

    /// @notice Per-pool execution state.
    struct PoolState {
        uint256 lastExecutionBlock;
        uint256 volumeBlock; // the block volumeInBlock was counted in
        uint256 volumeInBlock; // base-token units
    }

    uint256 public constant MAX_WINDOW = 1024;
    uint256 public constant MAX_POOLS = 32;

    address public immutable oracle;
    address public guardian;
    bool public paused;
    Limits internal _limits;
    mapping(address => bool) public isKeeper;

    address[] internal _pools;
    mapping(address => bool) public isPool;
    mapping(address => Params) internal _params;
    mapping(address => PoolState) internal _state;

    /// @notice Each token's private pool against the anchor (cXAUC); the Stabilizer is those pools' admin.
    mapping(address => address) public privatePoolFor;
    address[] internal _meshTokens;

    event PoolAdded(address indexed pool, address indexed baseToken, address indexed quoteToken);
    event PoolRemoved(address indexed pool);
    event ParamsUpdated(address indexed pool, Params params);
    event LimitsUpdated(Limits limits);
    event KeeperUpdated(address indexed keeper, bool allowed);
    event GuardianUpdated(address indexed previousGuardian, address indexed newGuardian);
    event StabilizerPaused(address indexed by);
    event StabilizerUnpaused(address indexed by);
    event MeshUpdated(address indexed token, address indexed privatePool);
    event PrivateSwapExecuted(
        address indexed pool,
        address indexed tokenIn,
        address indexed tokenOut,
        uint256 blockNumber,
        uint256 tradeSize,
        uint256 amountOut,
        int256 deviationBps
    );
    event MeshRouted(address indexed tokenFrom, address indexed tokenTo, uint256 amountIn, uint256 anchorAmount, uint256 amountBack);
    /// @notice A mesh leg was reset to the oracle cross rate: `midBefore` → `price` (its new i and mid).
    event MeshRebalanced(address indexed leg, uint256 midBefore, uint256 price, int256 gapBps);
    event Withdrawn(address indexed token, address indexed to, uint256 amount);
    event LegAdminUpdated(address indexed leg, address indexed newAdmin);

    error Paused();
    error NotPaused();
    error PoolNotRegistered(address pool);
    error PoolAlreadyRegistered(address pool);
    error PoolNotObservable(address pool);
    error PoolIsPrivate(address pool);
    error TooManyPools(uint256 max);
    error NotSustained(int256 deviationBps);
    error BlockDelay(uint256 lastExecutionBlock, uint256 nextAllowedBlock);
    error TradeTooLarge(uint256 tradeSize, uint256 maxTradeSize);
    error PerBlockCapExceeded(uint256 blockVolume, uint256 perBlockCap);
    error SlippageExceeded(uint256 amountOut, uint256 minAmountOut);
    error GasPriceTooHigh(uint256 gasPrice, uint256 maxGasPrice);
    error StaleOracle(address token, uint256 updatedAt);
    error NoRebalanceNeeded(int256 deviationBps);
    error WrongDirection(address tokenIn, address tokenOut);
    error InsufficientHistory(uint256 fromBlock);
    error InvalidParams();
    error InvalidLimits();
    error ZeroTrade();
    error LengthMismatch();
    error MeshMismatch(address pool, address token);
    error NotMeshLeg(address leg);
    error MeshInBand(address leg, int256 gapBps);

    constructor(address initialOwner, address oracle_) VaultOwnable(initialOwner) {
        if (oracle_ == address(0)) revert ZeroAddress();
        oracle = oracle_;
    }

    modifier onlyKeeper() {
        if (msg.sender != owner && !isKeeper[msg.sender]) revert NotAuthorized(msg.sender);
        _;
    }

    modifier whenNotPaused() {
        if (paused) revert Paused();
        _;
    }

    modifier onlyRegistered(address pool) {
        if (!isPool[pool]) revert PoolNotRegistered(pool);
        _;
    }
}
