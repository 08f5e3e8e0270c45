// The Safe v1.4.1 ABIs vault uses: picked by name from the Safe's own build output at build time
// (scripts/build-contracts.mjs, SAFE_PICK), never written by hand.
export { multiSendAbi, safeAbi, safeProxyFactoryAbi } from '../chain/abi/generated.js'
