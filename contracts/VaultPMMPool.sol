// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {VaultPMMMath} from "./lib/VaultPMMMath.sol";
import {VaultSafeTransfer} from "./lib/VaultSafeTransfer.sol";
import {IVaultERC20, IFeeRateModel, IDODOCallee} from "./lib/Interfaces.sol";

/// @title VaultPMMPool
/// @notice A PMM pool with the DODO V2 vending machine (DVM) interface and arithmetic: reserves follow balances,
/// the quote target is zero, the base target is solved from the reserves, fees come out of the output.
/// Ours on top: an end-of-block mid price ring (`observe`) when TWAP is open, and an optional private mode in which
/// only allowlisted callers may trade, add liquidity or borrow. The pool is deployed once as an implementation and
/// cloned (EIP-1167); `init`/`initPrivate` run once per clone, in the tx that creates it.
contract VaultPMMPool {
    using VaultSafeTransfer for address;

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

    // ---------- events ----------
    event Transfer(address indexed from, address indexed to, uint256 amount);
    event Approval(address indexed owner, address indexed spender, uint256 amount);
    event Mint(address indexed user, uint256 value);
    event Burn(address indexed user, uint256 value);
    event DODOSwap(
        address fromToken, address toToken, uint256 fromAmount, uint256 toAmount, address trader, address receiver
    );
    event DODOFlashLoan(address borrower, address assetTo, uint256 baseAmount, uint256 quoteAmount);
    event BuyShares(address to, uint256 increaseShares, uint256 totalShares);
    event SellShares(address payer, address to, uint256 decreaseShares, uint256 totalShares);
    event AllowlistUpdated(address indexed trader, bool allowed);

    error TraderNotAllowed(address trader);
    error NotPoolAdmin(address caller);
    error BlockNotCompleted(uint256 blockNumber);
    error ObservationTooOld(uint256 blockNumber);
    error TwapNotOpen();

    /// @dev The implementation itself can never be initialised; clones start with empty storage.
    constructor() {
        _DVM_INITIALIZED_ = true;
    }

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
        return "VaultPMMPool 1.0.0 (DVM 1.0.2 arithmetic)";
    }

    // ---------- allowlist ----------

    function setAllowed(address trader, bool allowed) external {
        if (msg.sender != _ADMIN_) revert NotPoolAdmin(msg.sender);
        isAllowed[trader] = allowed;
        emit AllowlistUpdated(trader, allowed);
    }

    // ---------- views ----------

    function getVaultReserve() external view returns (uint256 baseReserve, uint256 quoteReserve) {
        baseReserve = _BASE_RESERVE_;
        quoteReserve = _QUOTE_RESERVE_;
    }

    function getUserFeeRate(address user) external view returns (uint256 lpFeeRate, uint256 mtFeeRate) {
        lpFeeRate = _LP_FEE_RATE_;
        mtFeeRate = _mtFeeRate(user);
    }

    function getBaseInput() public view returns (uint256) {
        return IVaultERC20(_BASE_TOKEN_).balanceOf(address(this)) - uint256(_BASE_RESERVE_);
    }

    function getQuoteInput() public view returns (uint256) {
        return IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this)) - uint256(_QUOTE_RESERVE_);
    }

    function getPMMState() public view returns (VaultPMMMath.PMMState memory state) {
        state.i = _I_;
        state.K = _K_;
        state.B = _BASE_RESERVE_;
        state.Q = _QUOTE_RESERVE_;
        state.B0 = 0;
        state.Q0 = 0;
        state.R = VaultPMMMath.RState.ABOVE_ONE;
        VaultPMMMath.adjustedTarget(state);
    }

    function getPMMStateForCall()
        external
        view
        returns (uint256 i, uint256 K, uint256 B, uint256 Q, uint256 B0, uint256 Q0, uint256 R)
    {
        VaultPMMMath.PMMState memory state = getPMMState();
        i = state.i;
        K = state.K;
        B = state.B;
        Q = state.Q;
        B0 = state.B0;
        Q0 = state.Q0;
        R = uint256(state.R);
    }

    function getMidPrice() public view returns (uint256 midPrice) {
        return VaultPMMMath.midPrice(getPMMState());
    }

    function querySellBase(address trader, uint256 payBaseAmount)
        public
        view
        returns (uint256 receiveQuoteAmount, uint256 mtFee)
    {
        (receiveQuoteAmount,) = VaultPMMMath.sellBaseToken(getPMMState(), payBaseAmount);
        uint256 mtFeeRate = _mtFeeRate(trader);
        mtFee = VaultPMMMath.mulFloor(receiveQuoteAmount, mtFeeRate);
        receiveQuoteAmount = receiveQuoteAmount - VaultPMMMath.mulFloor(receiveQuoteAmount, _LP_FEE_RATE_) - mtFee;
    }

    function querySellQuote(address trader, uint256 payQuoteAmount)
        public
        view
        returns (uint256 receiveBaseAmount, uint256 mtFee)
    {
        (receiveBaseAmount,) = VaultPMMMath.sellQuoteToken(getPMMState(), payQuoteAmount);
        uint256 mtFeeRate = _mtFeeRate(trader);
        mtFee = VaultPMMMath.mulFloor(receiveBaseAmount, mtFeeRate);
        receiveBaseAmount = receiveBaseAmount - VaultPMMMath.mulFloor(receiveBaseAmount, _LP_FEE_RATE_) - mtFee;
    }

    // ---------- trades ----------

    function sellBase(address to) external preventReentrant onlyAllowed returns (uint256 receiveQuoteAmount) {
        uint256 baseBalance = IVaultERC20(_BASE_TOKEN_).balanceOf(address(this));
        uint256 baseInput = baseBalance - uint256(_BASE_RESERVE_);
        uint256 mtFee;
        (receiveQuoteAmount, mtFee) = querySellBase(tx.origin, baseInput);
        _transferQuoteOut(to, receiveQuoteAmount);
        _transferQuoteOut(_MAINTAINER_, mtFee);
        _setReserve(baseBalance, IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this)));
        emit DODOSwap(_BASE_TOKEN_, _QUOTE_TOKEN_, baseInput, receiveQuoteAmount, msg.sender, to);
    }

    function sellQuote(address to) external preventReentrant onlyAllowed returns (uint256 receiveBaseAmount) {
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        uint256 quoteInput = quoteBalance - uint256(_QUOTE_RESERVE_);
        uint256 mtFee;
        (receiveBaseAmount, mtFee) = querySellQuote(tx.origin, quoteInput);
        _transferBaseOut(to, receiveBaseAmount);
        _transferBaseOut(_MAINTAINER_, mtFee);
        _setReserve(IVaultERC20(_BASE_TOKEN_).balanceOf(address(this)), quoteBalance);
        emit DODOSwap(_QUOTE_TOKEN_, _BASE_TOKEN_, quoteInput, receiveBaseAmount, msg.sender, to);
    }

    /// @notice Sends the amounts to `assetTo`, calls it back when `data` is not empty, then requires the balances
    /// to be restored: a shortfall on one side must be paid for by what came in on the other, priced as a sale.
    function flashLoan(uint256 baseAmount, uint256 quoteAmount, address assetTo, bytes calldata data)
        external
        preventReentrant
        onlyAllowed
    {
        _transferBaseOut(assetTo, baseAmount);
        _transferQuoteOut(assetTo, quoteAmount);
        if (data.length > 0) IDODOCallee(assetTo).DVMFlashLoanCall(msg.sender, baseAmount, quoteAmount, data);

        uint256 baseBalance = IVaultERC20(_BASE_TOKEN_).balanceOf(address(this));
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        require(baseBalance >= _BASE_RESERVE_ || quoteBalance >= _QUOTE_RESERVE_, "FLASH_LOAN_FAILED");

        if (baseBalance < _BASE_RESERVE_) {
            uint256 quoteInput = quoteBalance - uint256(_QUOTE_RESERVE_);
            (uint256 receiveBaseAmount, uint256 mtFee) = querySellQuote(tx.origin, quoteInput);
            require(uint256(_BASE_RESERVE_) - baseBalance <= receiveBaseAmount, "FLASH_LOAN_FAILED");
            _transferBaseOut(_MAINTAINER_, mtFee);
            emit DODOSwap(_QUOTE_TOKEN_, _BASE_TOKEN_, quoteInput, receiveBaseAmount, msg.sender, assetTo);
        }
        if (quoteBalance < _QUOTE_RESERVE_) {
            uint256 baseInput = baseBalance - uint256(_BASE_RESERVE_);
            (uint256 receiveQuoteAmount, uint256 mtFee) = querySellBase(tx.origin, baseInput);
            require(uint256(_QUOTE_RESERVE_) - quoteBalance <= receiveQuoteAmount, "FLASH_LOAN_FAILED");
            _transferQuoteOut(_MAINTAINER_, mtFee);
            emit DODOSwap(_BASE_TOKEN_, _QUOTE_TOKEN_, baseInput, receiveQuoteAmount, msg.sender, assetTo);
        }
        _sync();
        emit DODOFlashLoan(msg.sender, assetTo, baseAmount, quoteAmount);
    }

    // ---------- liquidity ----------

    function buyShares(address to)
        external
        preventReentrant
        onlyAllowed
        returns (uint256 shares, uint256 baseInput, uint256 quoteInput)
    {
        uint256 baseBalance = IVaultERC20(_BASE_TOKEN_).balanceOf(address(this));
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        uint256 baseReserve = _BASE_RESERVE_;
        uint256 quoteReserve = _QUOTE_RESERVE_;
        baseInput = baseBalance - baseReserve;
        quoteInput = quoteBalance - quoteReserve;
        require(baseInput > 0, "NO_BASE_INPUT");
        if (totalSupply == 0) {
            require(baseBalance >= 10 ** 3, "INSUFFICIENT_LIQUIDITY_MINED");
            shares = baseBalance;
        } else if (baseReserve > 0 && quoteReserve == 0) {
            shares = (baseInput * totalSupply) / baseReserve;
        } else if (baseReserve > 0 && quoteReserve > 0) {
            uint256 baseInputRatio = VaultPMMMath.divFloor(baseInput, baseReserve);
            uint256 quoteInputRatio = VaultPMMMath.divFloor(quoteInput, quoteReserve);
            uint256 mintRatio = quoteInputRatio < baseInputRatio ? quoteInputRatio : baseInputRatio;
            shares = VaultPMMMath.mulFloor(totalSupply, mintRatio);
        }
        _mint(to, shares);
        _setReserve(baseBalance, quoteBalance);
        emit BuyShares(to, shares, _SHARES_[to]);
    }

    function sellShares(
        uint256 shareAmount,
        address to,
        uint256 baseMinAmount,
        uint256 quoteMinAmount,
        bytes calldata data,
        uint256 deadline
    ) external preventReentrant returns (uint256 baseAmount, uint256 quoteAmount) {
        require(deadline >= block.timestamp, "TIME_EXPIRED");
        require(shareAmount <= _SHARES_[msg.sender], "DLP_NOT_ENOUGH");
        uint256 baseBalance = IVaultERC20(_BASE_TOKEN_).balanceOf(address(this));
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        uint256 totalShares = totalSupply;
        baseAmount = (baseBalance * shareAmount) / totalShares;
        quoteAmount = (quoteBalance * shareAmount) / totalShares;
        require(baseAmount >= baseMinAmount && quoteAmount >= quoteMinAmount, "WITHDRAW_NOT_ENOUGH");
        _burn(msg.sender, shareAmount);
        _transferBaseOut(to, baseAmount);
        _transferQuoteOut(to, quoteAmount);
        _sync();
        if (data.length > 0) {
            IDODOCallee(to).DVMSellShareCall(msg.sender, shareAmount, baseAmount, quoteAmount, data);
        }
        emit SellShares(msg.sender, to, shareAmount, _SHARES_[msg.sender]);
    }

    function sync() external preventReentrant {
        _sync();
    }

    // ---------- price observations ----------

    /// @notice p(b): the mid price after the last state change in block `b` or earlier. Only completed blocks
    /// (`b < block.number`) can be observed, and only as far back as the ring reaches.
    function observe(uint256 blockNumber) public view returns (uint256 midPrice) {
        if (!_IS_OPEN_TWAP_) revert TwapNotOpen();
        if (blockNumber >= block.number) revert BlockNotCompleted(blockNumber);
        uint256 count = observationCount;
        if (count == 0) revert ObservationTooOld(blockNumber);
        uint256 start = count < OBSERVATION_CAPACITY ? 0 : (_lastObservation + 1) % OBSERVATION_CAPACITY;
        if (blockNumber < _observations[start].blockNumber) revert ObservationTooOld(blockNumber);
        uint256 lo = 0;
        uint256 hi = count - 1;
        while (lo < hi) {
            uint256 mid = (lo + hi + 1) / 2;
            if (_observations[(start + mid) % OBSERVATION_CAPACITY].blockNumber <= blockNumber) lo = mid;
            else hi = mid - 1;
        }
        return _observations[(start + lo) % OBSERVATION_CAPACITY].midPrice;
    }

    /// @notice p(b) for every b in [fromBlock, toBlock].
    function observeRange(uint256 fromBlock, uint256 toBlock) external view returns (uint256[] memory prices) {
        require(fromBlock <= toBlock, "BAD_RANGE");
        prices = new uint256[](toBlock - fromBlock + 1);
        for (uint256 b = fromBlock; b <= toBlock; b++) prices[b - fromBlock] = observe(b);
    }

    /// @notice The n-th stored observation, oldest first.
    function observationAt(uint256 n) external view returns (uint256 blockNumber, uint256 midPrice) {
        uint256 count = observationCount;
        require(n < count, "OUT_OF_RANGE");
        uint256 start = count < OBSERVATION_CAPACITY ? 0 : (_lastObservation + 1) % OBSERVATION_CAPACITY;
        Observation memory o = _observations[(start + n) % OBSERVATION_CAPACITY];
        return (o.blockNumber, o.midPrice);
    }

    function _recordObservation() internal {
        if (_BASE_RESERVE_ == 0) return;
        uint192 price = uint192(getMidPrice());
        uint64 bn = uint64(block.number);
        uint256 count = observationCount;
        if (count > 0 && _observations[_lastObservation].blockNumber == bn) {
            _observations[_lastObservation].midPrice = price;
            return;
        }
        uint256 slot = count == 0 ? 0 : (_lastObservation + 1) % OBSERVATION_CAPACITY;
        _observations[slot] = Observation(bn, price);
        _lastObservation = slot;
        if (count < OBSERVATION_CAPACITY) observationCount = count + 1;
    }

    // ---------- internal state ----------

    function _mtFeeRate(address trader) internal view returns (uint256) {
        address model = _MT_FEE_RATE_MODEL_;
        return model == address(0) ? 0 : IFeeRateModel(model).getFeeRate(trader);
    }

    function _twapUpdate() internal {
        uint32 blockTimestamp = uint32(block.timestamp % 2 ** 32);
        uint32 timeElapsed;
        unchecked {
            timeElapsed = blockTimestamp - _BLOCK_TIMESTAMP_LAST_;
        }
        if (timeElapsed > 0 && _BASE_RESERVE_ != 0 && _QUOTE_RESERVE_ != 0) {
            unchecked {
                _BASE_PRICE_CUMULATIVE_LAST_ += getMidPrice() * timeElapsed;
            }
        }
        _BLOCK_TIMESTAMP_LAST_ = blockTimestamp;
    }

    function _setReserve(uint256 baseReserve, uint256 quoteReserve) internal {
        require(baseReserve <= type(uint112).max && quoteReserve <= type(uint112).max, "OVERFLOW");
        _BASE_RESERVE_ = uint112(baseReserve);
        _QUOTE_RESERVE_ = uint112(quoteReserve);
        if (_IS_OPEN_TWAP_) {
            _twapUpdate();
            _recordObservation();
        }
    }

    function _sync() internal {
        uint256 baseBalance = IVaultERC20(_BASE_TOKEN_).balanceOf(address(this));
        uint256 quoteBalance = IVaultERC20(_QUOTE_TOKEN_).balanceOf(address(this));
        require(baseBalance <= type(uint112).max && quoteBalance <= type(uint112).max, "OVERFLOW");
        if (baseBalance != _BASE_RESERVE_) _BASE_RESERVE_ = uint112(baseBalance);
        if (quoteBalance != _QUOTE_RESERVE_) _QUOTE_RESERVE_ = uint112(quoteBalance);
        if (_IS_OPEN_TWAP_) {
            _twapUpdate();
            _recordObservation();
        }
    }

    function _transferBaseOut(address to, uint256 amount) internal {
        if (amount > 0) _BASE_TOKEN_.safeTransfer(to, amount);
    }

    function _transferQuoteOut(address to, uint256 amount) internal {
        if (amount > 0) _QUOTE_TOKEN_.safeTransfer(to, amount);
    }

    // ---------- LP shares (ERC20) ----------

    function balanceOf(address owner) external view returns (uint256) {
        return _SHARES_[owner];
    }

    function allowance(address owner, address spender) external view returns (uint256) {
        return _ALLOWED_[owner][spender];
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        require(amount <= _SHARES_[msg.sender], "BALANCE_NOT_ENOUGH");
        _SHARES_[msg.sender] -= amount;
        _SHARES_[to] += amount;
        emit Transfer(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        require(amount <= _SHARES_[from], "BALANCE_NOT_ENOUGH");
        require(amount <= _ALLOWED_[from][msg.sender], "ALLOWANCE_NOT_ENOUGH");
        _SHARES_[from] -= amount;
        _SHARES_[to] += amount;
        _ALLOWED_[from][msg.sender] -= amount;
        emit Transfer(from, to, amount);
        return true;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        _ALLOWED_[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function _mint(address user, uint256 value) internal {
        require(value > 1000, "MINT_INVALID");
        _SHARES_[user] += value;
        totalSupply += value;
        emit Mint(user, value);
        emit Transfer(address(0), user, value);
    }

    function _burn(address user, uint256 value) internal {
        _SHARES_[user] -= value;
        totalSupply -= value;
        emit Burn(user, value);
        emit Transfer(user, address(0), value);
    }
}
