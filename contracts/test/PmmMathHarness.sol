// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;
import {VaultPMMMath} from "../lib/VaultPMMMath.sol";

/// Test only: the pool math library's functions as external calls, for pmm-property.test.ts to compare with the
/// TypeScript PMM math on random states.
contract PmmMathHarness {
    function target(VaultPMMMath.PMMState memory s) external pure returns (uint256 B0, uint256 Q0) {
        VaultPMMMath.adjustedTarget(s);
        return (s.B0, s.Q0);
    }
    function mid(VaultPMMMath.PMMState memory s) external pure returns (uint256) {
        VaultPMMMath.adjustedTarget(s);
        return VaultPMMMath.midPrice(s);
    }
    function sellBase(VaultPMMMath.PMMState memory s, uint256 amount) external pure returns (uint256, uint8) {
        VaultPMMMath.adjustedTarget(s);
        (uint256 out, VaultPMMMath.RState r) = VaultPMMMath.sellBaseToken(s, amount);
        return (out, uint8(r));
    }
    function sellQuote(VaultPMMMath.PMMState memory s, uint256 amount) external pure returns (uint256, uint8) {
        VaultPMMMath.adjustedTarget(s);
        (uint256 out, VaultPMMMath.RState r) = VaultPMMMath.sellQuoteToken(s, amount);
        return (out, uint8(r));
    }
}
