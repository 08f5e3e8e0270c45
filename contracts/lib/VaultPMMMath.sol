// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

/// @notice Proactive market maker (PMM) pricing in 1e18 fixed point, with the rounding of a DODO V2 vending
/// machine: every helper floors unless its name says ceil, and the order of operations is part of the result.
/// Overflow checks are Solidity's own except where a product is deliberately tested for wrap-around.
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

    function sellBaseToken(PMMState memory s, uint256 payBaseAmount)
        internal
        pure
        returns (uint256 receiveQuoteAmount, RState newR)
    {
        if (s.R == RState.ONE) {
            receiveQuoteAmount = solveQuadraticFunctionForTrade(s.Q0, s.Q0, payBaseAmount, s.i, s.K);
            newR = RState.BELOW_ONE;
        } else if (s.R == RState.ABOVE_ONE) {
            uint256 backToOnePayBase = s.B0 - s.B;
            uint256 backToOneReceiveQuote = s.Q - s.Q0;
            if (payBaseAmount < backToOnePayBase) {
                receiveQuoteAmount = generalIntegrate(s.B0, s.B + payBaseAmount, s.B, s.i, s.K);
                newR = RState.ABOVE_ONE;
                if (receiveQuoteAmount > backToOneReceiveQuote) receiveQuoteAmount = backToOneReceiveQuote;
            } else if (payBaseAmount == backToOnePayBase) {
                receiveQuoteAmount = backToOneReceiveQuote;
                newR = RState.ONE;
            } else {
                receiveQuoteAmount = backToOneReceiveQuote
                    + solveQuadraticFunctionForTrade(s.Q0, s.Q0, payBaseAmount - backToOnePayBase, s.i, s.K);
                newR = RState.BELOW_ONE;
            }
        } else {
            receiveQuoteAmount = solveQuadraticFunctionForTrade(s.Q0, s.Q, payBaseAmount, s.i, s.K);
            newR = RState.BELOW_ONE;
        }
    }

    function sellQuoteToken(PMMState memory s, uint256 payQuoteAmount)
        internal
        pure
        returns (uint256 receiveBaseAmount, RState newR)
    {
        if (s.R == RState.ONE) {
            receiveBaseAmount = solveQuadraticFunctionForTrade(s.B0, s.B0, payQuoteAmount, reciprocalFloor(s.i), s.K);
            newR = RState.ABOVE_ONE;
        } else if (s.R == RState.ABOVE_ONE) {
            receiveBaseAmount = solveQuadraticFunctionForTrade(s.B0, s.B, payQuoteAmount, reciprocalFloor(s.i), s.K);
            newR = RState.ABOVE_ONE;
        } else {
            uint256 backToOnePayQuote = s.Q0 - s.Q;
            uint256 backToOneReceiveBase = s.B - s.B0;
            if (payQuoteAmount < backToOnePayQuote) {
                receiveBaseAmount =
                    generalIntegrate(s.Q0, s.Q + payQuoteAmount, s.Q, reciprocalFloor(s.i), s.K);
                newR = RState.BELOW_ONE;
                if (receiveBaseAmount > backToOneReceiveBase) receiveBaseAmount = backToOneReceiveBase;
            } else if (payQuoteAmount == backToOnePayQuote) {
                receiveBaseAmount = backToOneReceiveBase;
                newR = RState.ONE;
            } else {
                receiveBaseAmount = backToOneReceiveBase
                    + solveQuadraticFunctionForTrade(
                        s.B0, s.B0, payQuoteAmount - backToOnePayQuote, reciprocalFloor(s.i), s.K
                    );
                newR = RState.ABOVE_ONE;
            }
        }
    }

    // ---------- targets and price ----------

    function adjustedTarget(PMMState memory s) internal pure {
        if (s.R == RState.BELOW_ONE) {
            s.Q0 = solveQuadraticFunctionForTarget(s.Q, s.B - s.B0, s.i, s.K);
        } else if (s.R == RState.ABOVE_ONE) {
            s.B0 = solveQuadraticFunctionForTarget(s.B, s.Q - s.Q0, reciprocalFloor(s.i), s.K);
        }
    }

    function midPrice(PMMState memory s) internal pure returns (uint256) {
        if (s.R == RState.BELOW_ONE) {
            uint256 r = divFloor((s.Q0 * s.Q0) / s.Q, s.Q);
            r = ONE - s.K + mulFloor(s.K, r);
            return divFloor(s.i, r);
        } else {
            uint256 r = divFloor((s.B0 * s.B0) / s.B, s.B);
            r = ONE - s.K + mulFloor(s.K, r);
            return mulFloor(s.i, r);
        }
    }
}
