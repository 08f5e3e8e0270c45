// The USB transport is an optional dependency (its native module may not build on a machine): typed here so the
// code compiles without it; src/tx/ledger.ts loads it only for --ledger and says so when it is missing.
declare module '@ledgerhq/hw-transport-node-hid'
