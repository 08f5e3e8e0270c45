// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

/// @notice Every state variable of the pool, in one place and in one order (the clone's storage layout), with the
/// guards that only read it. A public pool is a vending machine (targets solved from the reserves); a private pool
/// is priced as a DODO private pool (stored targets and R, re-based by its admin). The concerns that act on this state live in PoolVault (reserves, LP shares, price
/// observations), PoolTrader (quotes, swaps, flash loans) and PoolFunding (buying and selling shares).
abstract contract PoolStorage {
    uint256 public constant OBSERVATION_CAPACITY = 1024;

    struct Observation {
        uint64 blockNumber;
        uint192 midPrice;
    }

    // ---------- DVM storage ----------
    bool public _IS_OPEN_TWAP_;
    bool internal _DVM_INITIALIZED_;
    bool internal _ENTERED_;
    address public _MAINTAINER_;
    address public _BASE_TOKEN_;
    address public _QUOTE_TOKEN_;
    uint112 public _BASE_RESERVE_;
    uint112 public _QUOTE_RESERVE_;
    uint32 public _BLOCK_TIMESTAMP_LAST_;
    uint256 public _BASE_PRICE_CUMULATIVE_LAST_;

    string public symbol;
    uint8 public decimals;
    string public name;
    uint256 public totalSupply;
    mapping(address => uint256) internal _SHARES_;
    mapping(address => mapping(address => uint256)) internal _ALLOWED_;

    uint256 public _LP_FEE_RATE_;
    address public _MT_FEE_RATE_MODEL_;
    uint256 public _K_;
    uint256 public _I_;

    // ---------- ours ----------
    /// @notice True when only allowlisted callers may trade, buy shares or borrow.
    bool public _PRIVATE_;
    /// @notice Manages the allowlist: the account that initialised the pool (the integration).
    address public _ADMIN_;
    mapping(address => bool) public isAllowed;

    Observation[OBSERVATION_CAPACITY] internal _observations;
    uint256 public observationCount;
    uint256 internal _lastObservation;

    // ---------- private pools: DODO private pool (DPP) state, appended last (the clone layout) ----------
    /// @notice A private pool keeps its targets and R: a trade that changes R stores the new R and the target of the
    /// side it sold (base target on sellBase, quote target on sellQuote); `reset` re-bases both to the reserves.
    uint112 public _BASE_TARGET_;
    uint112 public _QUOTE_TARGET_;
    uint32 public _RState_;

    error TraderNotAllowed(address trader);

    modifier preventReentrant() {
        require(!_ENTERED_, "REENTRANT");
        _ENTERED_ = true;
        _;
        _ENTERED_ = false;
    }

    modifier onlyAllowed() {
        if (_PRIVATE_ && !isAllowed[msg.sender] && msg.sender != _ADMIN_) revert TraderNotAllowed(msg.sender);
        _;
    }
}
