// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

/// @notice Proactive market maker (PMM) pricing in 1e18 fixed point, with the rounding of a DODO V2 vending
/// machine: every helper floors unless its name says ceil, and the order of operations is part of the result.
/// Overflow checks are Solidity's own except where a product is deliberately tested for wrap-around.
/// Over 300 lines on purpose: DODO's named R-case helpers with their case comments, kept in one library.
library VaultPMMMath {
    uint256 internal constant ONE = 10 ** 18;
    uint256 internal constant ONE2 = 10 ** 36;

    enum RState {
        ONE,
        ABOVE_ONE,
        BELOW_ONE
    }

    struct PMMState {
        uint256 i;
        uint256 K;
        uint256 B;
        uint256 Q;
        uint256 B0;
        uint256 Q0;
        RState R;
    }

    // ---------- fixed point ----------

    function divCeilRaw(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 q = a / b;
        return a - q * b > 0 ? q + 1 : q;
    }

    function mulFloor(uint256 target, uint256 d) internal pure returns (uint256) {
        return (target * d) / ONE;
    }

    function mulCeil(uint256 target, uint256 d) internal pure returns (uint256) {
        return divCeilRaw(target * d, ONE);
    }

    function divFloor(uint256 target, uint256 d) internal pure returns (uint256) {
        return (target * ONE) / d;
    }

    function divCeil(uint256 target, uint256 d) internal pure returns (uint256) {
        return divCeilRaw(target * ONE, d);
    }

    function reciprocalFloor(uint256 target) internal pure returns (uint256) {
        return ONE2 / target;
    }

    /// @dev Babylonian square root starting at x/2+1 (floor for every x).
    function sqrt(uint256 x) internal pure returns (uint256 y) {
        uint256 z = x / 2 + 1;
        y = x;
        while (z < y) {
            y = z;
            z = (x / z + z) / 2;
        }
    }

    // ---------- curve ----------

    /// @dev Area under the curve from V1 down to V2 with target V0: i*(V1-V2)*(1-k+k*V0^2/(V1*V2)). Floor.
    function generalIntegrate(uint256 V0, uint256 V1, uint256 V2, uint256 i, uint256 k) internal pure returns (uint256) {
        require(V0 > 0, "TARGET_IS_ZERO");
        uint256 fairAmount = i * (V1 - V2);
        if (k == 0) return fairAmount / ONE;
        uint256 V0V0V1V2 = divFloor((V0 * V0) / V1, V2);
        uint256 penalty = mulFloor(k, V0V0V1V2);
        return ((ONE - k + penalty) * fairAmount) / ONE2;
    }

    /// @dev Target V0 reached from V1 after `delta` (priced at i) comes back. Floor.
    function solveQuadraticFunctionForTarget(uint256 V1, uint256 delta, uint256 i, uint256 k)
        internal
        pure
        returns (uint256)
    {
        if (V1 == 0) return 0;
        if (k == 0) return V1 + mulFloor(i, delta);
        uint256 root;
        uint256 ki = (4 * k) * i;
        if (ki == 0) {
            root = ONE;
        } else {
            uint256 prod;
            unchecked {
                prod = ki * delta;
            }
            if (prod / ki == delta) {
                root = sqrt(prod / V1 + ONE2);
            } else {
                root = sqrt((ki / V1) * delta + ONE2);
            }
        }
        uint256 premium = divFloor(root - ONE, k * 2) + ONE;
        return mulFloor(V1, premium);
    }

    /// @dev Amount leaving the V side when `delta` (priced at i) enters the other side, from V1 with target V0.
    function solveQuadraticFunctionForTrade(uint256 V0, uint256 V1, uint256 delta, uint256 i, uint256 k)
        internal
        pure
        returns (uint256)
    {
        require(V0 > 0, "TARGET_IS_ZERO");
        if (delta == 0) return 0;
        if (k == 0) {
            uint256 out = mulFloor(i, delta);
            return out > V1 ? V1 : out;
        }
        if (k == ONE) {
            uint256 temp;
            uint256 idelta = i * delta;
            if (idelta == 0) {
                temp = 0;
            } else {
                uint256 prod;
                unchecked {
                    prod = idelta * V1;
                }
                if (prod / idelta == V1) {
                    temp = prod / (V0 * V0);
                } else {
                    temp = (((delta * V1) / V0) * i) / V0;
                }
            }
            return (V1 * temp) / (temp + ONE);
        }
        uint256 part2 = ((k * V0) / V1) * V0 + i * delta;
        uint256 bAbs = (ONE - k) * V1;
        bool bSig;
        if (bAbs >= part2) {
            bAbs = bAbs - part2;
            bSig = false;
        } else {
            bAbs = part2 - bAbs;
            bSig = true;
        }
        bAbs = bAbs / ONE;
        uint256 squareRoot = mulFloor((ONE - k) * 4, mulFloor(k, V0) * V0);
        squareRoot = sqrt(bAbs * bAbs + squareRoot);
        uint256 denominator = (ONE - k) * 2;
        uint256 numerator = bSig ? squareRoot - bAbs : bAbs + squareRoot;
        uint256 V2 = divCeil(numerator, denominator);
        return V2 > V1 ? 0 : V1 - V2;
    }

    // ---------- trades ----------
    // R is where the reserves stand against their targets: R = ONE at the targets, R > 1 (ABOVE_ONE) when base is
    // short of its target (B < B0, Q > Q0), R < 1 (BELOW_ONE) when quote is short (Q < Q0, B > B0). A trade that
    // crosses the targets is priced in two legs: back to R = ONE, then on from there.

    function sellBaseToken(PMMState memory s, uint256 payBaseAmount)
        internal
        pure
        returns (uint256 receiveQuoteAmount, RState newR)
    {
        if (s.R == RState.ONE) {
            // case 1: R = ONE; selling base takes R below one
            receiveQuoteAmount = _ROneSellBaseToken(s, payBaseAmount);
            newR = RState.BELOW_ONE;
        } else if (s.R == RState.ABOVE_ONE) {
            // case 2: R > 1; where R ends depends on the amount
            uint256 backToOnePayBase = s.B0 - s.B;
            uint256 backToOneReceiveQuote = s.Q - s.Q0;
            if (payBaseAmount < backToOnePayBase) {
                // case 2.1: R stays above one
                receiveQuoteAmount = _RAboveSellBaseToken(s, payBaseAmount);
                newR = RState.ABOVE_ONE;
                if (receiveQuoteAmount > backToOneReceiveQuote) receiveQuoteAmount = backToOneReceiveQuote;
            } else if (payBaseAmount == backToOnePayBase) {
                // case 2.2: R lands exactly on ONE
                receiveQuoteAmount = backToOneReceiveQuote;
                newR = RState.ONE;
            } else {
                // case 2.3: R crosses ONE and falls below one
                receiveQuoteAmount = backToOneReceiveQuote + _ROneSellBaseToken(s, payBaseAmount - backToOnePayBase);
                newR = RState.BELOW_ONE;
            }
        } else {
            // case 3: R < 1; selling base takes R further below one
            receiveQuoteAmount = _RBelowSellBaseToken(s, payBaseAmount);
            newR = RState.BELOW_ONE;
        }
    }

    function sellQuoteToken(PMMState memory s, uint256 payQuoteAmount)
        internal
        pure
        returns (uint256 receiveBaseAmount, RState newR)
    {
        if (s.R == RState.ONE) {
            // case 1: R = ONE; selling quote takes R above one
            receiveBaseAmount = _ROneSellQuoteToken(s, payQuoteAmount);
            newR = RState.ABOVE_ONE;
        } else if (s.R == RState.ABOVE_ONE) {
            // case 2: R > 1; selling quote takes R further above one
            receiveBaseAmount = _RAboveSellQuoteToken(s, payQuoteAmount);
            newR = RState.ABOVE_ONE;
        } else {
            // case 3: R < 1; where R ends depends on the amount
            uint256 backToOnePayQuote = s.Q0 - s.Q;
            uint256 backToOneReceiveBase = s.B - s.B0;
            if (payQuoteAmount < backToOnePayQuote) {
                // case 3.1: R stays below one
                receiveBaseAmount = _RBelowSellQuoteToken(s, payQuoteAmount);
                newR = RState.BELOW_ONE;
                if (receiveBaseAmount > backToOneReceiveBase) receiveBaseAmount = backToOneReceiveBase;
            } else if (payQuoteAmount == backToOnePayQuote) {
                // case 3.2: R lands exactly on ONE
                receiveBaseAmount = backToOneReceiveBase;
                newR = RState.ONE;
            } else {
                // case 3.3: R crosses ONE and rises above one
                receiveBaseAmount = backToOneReceiveBase + _ROneSellQuoteToken(s, payQuoteAmount - backToOnePayQuote);
                newR = RState.ABOVE_ONE;
            }
        }
    }

    // ---------- R cases ----------

    /// @dev R = ONE, selling base: quote leaves from its target Q0 along the quadratic (R goes below one).
    function _ROneSellBaseToken(PMMState memory s, uint256 payBaseAmount)
        internal
        pure
        returns (uint256 receiveQuoteToken)
    {
        return solveQuadraticFunctionForTrade(s.Q0, s.Q0, payBaseAmount, s.i, s.K);
    }

    /// @dev R = ONE, selling quote: base leaves from its target B0 at the reciprocal price (R goes above one).
    function _ROneSellQuoteToken(PMMState memory s, uint256 payQuoteAmount)
        internal
        pure
        returns (uint256 receiveBaseToken)
    {
        return solveQuadraticFunctionForTrade(s.B0, s.B0, payQuoteAmount, reciprocalFloor(s.i), s.K);
    }

    /// @dev R < 1, selling base: quote, already below its target, leaves further along the quadratic from Q.
    function _RBelowSellBaseToken(PMMState memory s, uint256 payBaseAmount)
        internal
        pure
        returns (uint256 receiveQuoteToken)
    {
        return solveQuadraticFunctionForTrade(s.Q0, s.Q, payBaseAmount, s.i, s.K);
    }

    /// @dev R < 1, selling quote without reaching the target: the integral back towards Q0 pays out base.
    function _RBelowSellQuoteToken(PMMState memory s, uint256 payQuoteAmount)
        internal
        pure
        returns (uint256 receiveBaseToken)
    {
        return generalIntegrate(s.Q0, s.Q + payQuoteAmount, s.Q, reciprocalFloor(s.i), s.K);
    }

    /// @dev R > 1, selling base without reaching the target: the integral back towards B0 pays out quote.
    function _RAboveSellBaseToken(PMMState memory s, uint256 payBaseAmount)
        internal
        pure
        returns (uint256 receiveQuoteToken)
    {
        return generalIntegrate(s.B0, s.B + payBaseAmount, s.B, s.i, s.K);
    }

    /// @dev R > 1, selling quote: base, already below its target, leaves further along the quadratic from B.
    function _RAboveSellQuoteToken(PMMState memory s, uint256 payQuoteAmount)
        internal
        pure
        returns (uint256 receiveBaseToken)
    {
        return solveQuadraticFunctionForTrade(s.B0, s.B, payQuoteAmount, reciprocalFloor(s.i), s.K);
    }

    // ---------- targets and price ----------

    /// @dev Re-solves the target of the short side from the reserves; at R = ONE both targets are the reserves.
    function adjustedTarget(PMMState memory s) internal pure {
        if (s.R == RState.BELOW_ONE) {
            // R < 1: quote is short, Q0 is where quote returns once the excess base (B - B0) is sold back
            s.Q0 = solveQuadraticFunctionForTarget(s.Q, s.B - s.B0, s.i, s.K);
        } else if (s.R == RState.ABOVE_ONE) {
            // R > 1: base is short, B0 is where base returns once the excess quote (Q - Q0) is sold back
            s.B0 = solveQuadraticFunctionForTarget(s.B, s.Q - s.Q0, reciprocalFloor(s.i), s.K);
        }
    }

    /// @dev The marginal price of base in quote at the current reserves.
    function midPrice(PMMState memory s) internal pure returns (uint256) {
        if (s.R == RState.BELOW_ONE) {
            // R < 1: i / (1 - k + k * (Q0/Q)^2)
            uint256 r = divFloor((s.Q0 * s.Q0) / s.Q, s.Q);
            r = ONE - s.K + mulFloor(s.K, r);
            return divFloor(s.i, r);
        } else {
            // R >= 1: i * (1 - k + k * (B0/B)^2)
            uint256 r = divFloor((s.B0 * s.B0) / s.B, s.B);
            r = ONE - s.K + mulFloor(s.K, r);
            return mulFloor(s.i, r);
        }
    }
}
