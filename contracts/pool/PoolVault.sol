// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {PoolStorage} from "./PoolStorage.sol";
import {VaultSafeTransfer} from "../lib/VaultSafeTransfer.sol";
import {IVaultERC20, IFeeRateModel} from "../lib/Interfaces.sol";

/// @notice The pool's books: reserves that follow balances, the TWAP accumulator and the end-of-block mid price
/// ring (`observe`), token transfers out, the maintainer fee rate, and the LP share token (ERC20).
abstract contract PoolVault is PoolStorage {
    using VaultSafeTransfer for address;

    event Transfer(address indexed from, address indexed to, uint256 amount);
    event Approval(address indexed owner, address indexed spender, uint256 amount);
    event Mint(address indexed user, uint256 value);
    event Burn(address indexed user, uint256 value);

    error BlockNotCompleted(uint256 blockNumber);
    error ObservationTooOld(uint256 blockNumber);
    error TwapNotOpen();

    /// @notice The mid price of the current reserves (PoolTrader prices it).
    function getMidPrice() public view virtual returns (uint256 midPrice);

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

    // ---------- reserves ----------

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
