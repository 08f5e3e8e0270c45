/**
 * The gas limit a transaction is sent with: the node's estimate and a fifth more. An estimate holds only for the
 * block it was made against, and what a call costs can change by the next one: a DODO PMM pool writes its
 * cumulative price only when the block's timestamp moved since its last trade (`_twapUpdate`), so an estimate made
 * within the same second as that trade is short by a storage write once the transaction lands a second later. A
 * Safe's execTransaction passes that shortfall to its inner call, which runs out of gas (GS013).
 */
export const withGasHeadroom = (estimate: bigint): bigint => (estimate * 12n) / 10n
