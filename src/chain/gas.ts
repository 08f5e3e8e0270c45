/**
 * The gas limit a transaction is sent with: the node's estimate and half again. An estimate holds only for the
 * block and second it was made against. A PMM pool keeps its price books once per block and second: the cumulative
 * price when the block's time moved since its last update (`_twapUpdate`) and an observation for each new block. An
 * estimate made against the block the pool was last touched in skips both; the transaction pays them when it lands
 * later: ~44,000 gas for a pool call estimated at ~131,000 (test/integration/gas-headroom.test.ts), a third more.
 * No call to a pool estimates under that, so half again covers any number of pool calls in one transaction, with
 * the 1/64 of its gas a call keeps back (EIP-150). Through a Safe, a short limit runs the inner call out of gas
 * (GS013). Gas not used is not paid.
 */
export const withGasHeadroom = (estimate: bigint): bigint => (estimate * 3n) / 2n
