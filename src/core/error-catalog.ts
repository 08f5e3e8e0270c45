/**
 * The one catalog of error codes: code → exit class → one line of help. Every `VaultError` names a
 * code from here; the CLI maps the class to an exit status, each command's ERROR CODES help section
 * and the README's exit-code table are generated from it. Codes are a contract: add, never rename.
 * (Long by nature: one line per code.)
 */

/** What kind of failure a code is; `src/cli` turns it into the process exit status. */
export type ExitClass = 'ok' | 'condition' | 'usage' | 'chain' | 'tx' | 'unexpected'

/**
 * What each exit class means to a runbook (the README's exit table, written by scripts/readme-errors.mjs).
 * @public
 */
export const exitClassMeaning: Record<ExitClass, string> = {
  ok: 'ok',
  unexpected: 'unexpected error (a bug, or a broken install: run with `--verbose` for the stack)',
  condition: "a check's condition is not met (deviation out of band, reserve short, lint error, cantilever fails)",
  usage: 'bad input or usage, an unknown command too (nothing was changed on chain or on disk)',
  chain: 'chain or service unreachable, or the wrong chain id',
  tx: 'transaction reverted, would revert, or was rejected',
}

export interface CatalogEntry {
  readonly exit: ExitClass
  readonly help: string
}

export const errorCatalog = {
  // usage: flags, arguments, files and profile values
  USAGE: { exit: 'usage', help: 'Flags or arguments do not parse; see the command’s --help.' },
  COMMAND_UNKNOWN: { exit: 'usage', help: 'No such command; the message names the closest one.' },
  FLAG_MISSING: { exit: 'usage', help: 'A required value was not given and there is no terminal to ask on.' },
  ARG_MISSING: { exit: 'usage', help: 'A required argument was not given.' },
  CONFIRMATION_REQUIRED: {
    exit: 'usage',
    help: 'The command signs or spends gas and no terminal can confirm: pass --yes.',
  },
  CANCELLED: { exit: 'usage', help: 'The confirmation was declined; nothing was signed, sent or written.' },
  ADDRESS_INVALID: { exit: 'usage', help: 'Not an address (0x and 40 hex digits).' },
  AMOUNT_INVALID: {
    exit: 'usage',
    help: 'An amount is negative, zero where it must not be, or has too many decimals.',
  },
  NUMBER_INVALID: {
    exit: 'usage',
    help: 'A value is not a number in the form asked for (whole, decimal or fraction).',
  },
  PARAM_OUT_OF_RANGE: { exit: 'usage', help: 'A parameter is outside the range the model or contract accepts.' },
  PRICE_INVALID: { exit: 'usage', help: 'A price is zero, negative, or cannot be represented for these decimals.' },
  RESERVE_POLICY_INVALID: { exit: 'usage', help: 'Reserve bucket shares are malformed or do not sum to 100%.' },
  PRICE_HISTORY_INVALID: { exit: 'usage', help: 'A price series has gaps, duplicates or is too short for the window.' },
  WINDOW_TOO_LONG: { exit: 'usage', help: 'The TWAP or sustain window reaches back before the pool had a price.' },
  CHAIN_UNKNOWN: { exit: 'usage', help: 'The chain is not one vault knows (138 or 651940).' },
  RPC_URL_INVALID: { exit: 'usage', help: 'An RPC URL override is not a URL or names an unknown chain.' },
  KEY_INVALID: { exit: 'usage', help: 'The private key is not 32 bytes of hex.' },
  KEY_MISSING: { exit: 'usage', help: 'The command sends a transaction and no key was given (or use the Safe route).' },
  KEYSTORE_UNREADABLE: { exit: 'usage', help: 'The keystore file cannot be read.' },
  KEYSTORE_DECRYPT: { exit: 'usage', help: 'The keystore does not decrypt: wrong password or a damaged file.' },
  PASSWORD_FILE_UNREADABLE: { exit: 'usage', help: 'The --password-file cannot be read.' },
  LEDGER_UNSUPPORTED: { exit: 'usage', help: 'This command needs a local key (keystore or key), not a Ledger.' },
  TX_OPTIONS_INVALID: {
    exit: 'usage',
    help: 'The gas, nonce or confirmation options contradict each other (e.g. --priority-gas-price with --legacy).',
  },
  OUTPUT_UNWRITABLE: {
    exit: 'usage',
    help: 'The output file cannot be written (missing folder, no permission); nothing was written.',
  },
  ACCOUNT_MISSING: { exit: 'usage', help: 'The wallet has no account to sign with.' },
  STRESS_NOT_LOCAL: {
    exit: 'usage',
    help: 'vault stress drives local chains only (anvil): the profile points at another node.',
  },
  SIGNER_UNAVAILABLE: { exit: 'usage', help: 'The account cannot sign typed data by itself.' },
  CONFIG_INVALID: { exit: 'usage', help: 'The config file or a profile value does not match the schema.' },
  CONFIG_KEY_UNKNOWN: { exit: 'usage', help: 'Not a config key vault knows; `vault config set --help` lists them.' },
  CONFIG_KEY_UNSET: { exit: 'usage', help: 'The config key has no value in this profile.' },
  CONFIG_SECRET: { exit: 'usage', help: 'Secrets never go into config; use the environment or a keystore.' },
  PROFILE_NAME: {
    exit: 'usage',
    help: 'Not a valid profile name (letters, digits, _ . -; not a built-in word such as constructor).',
  },
  CONFIG_UNREADABLE: { exit: 'usage', help: 'The config file exists but cannot be read (permissions).' },
  PROFILE_UNKNOWN: { exit: 'usage', help: 'No profile of that name; `vault config profiles` lists them.' },
  CONTRACT_MISSING: { exit: 'usage', help: 'The profile has no address for a contract the command needs.' },
  TOKEN_UNKNOWN: { exit: 'usage', help: 'The token is neither a known symbol on the chain nor an address.' },
  TOKEN_NO_CODE: { exit: 'usage', help: 'The token address has no contract code on the chain.' },
  TOKEN_NOT_ERC20: { exit: 'usage', help: 'The address does not answer as an ERC-20 token.' },
  TOKEN_SAME: { exit: 'usage', help: 'Base and quote are the same token.' },
  TOKEN_NOT_IN_POOL: { exit: 'usage', help: 'The token is neither the base nor the quote of the pool.' },
  INSUFFICIENT_BALANCE: { exit: 'usage', help: 'The account holds less of a token than the command needs.' },
  POOL_UNKNOWN: { exit: 'usage', help: 'No pool of that pair (or address) is known on the chain.' },
  MESH_LEG_UNKNOWN: {
    exit: 'usage',
    help: 'No private XAU leg of that token (or address) is in the Stabilizer’s mesh on the chain.',
  },
  POOL_REF_INVALID: { exit: 'usage', help: 'A pool is named by its address or a BASE/QUOTE pair.' },
  POOL_EXISTS: { exit: 'usage', help: 'A pool for the pair already exists (pass --allow-duplicate to add another).' },
  NOT_A_POOL: { exit: 'usage', help: 'The address does not answer as a DODO PMM pool.' },
  SEED_OFF_PEG: {
    exit: 'usage',
    help: 'A new pool would open more than θ off the oracle (target price or seed amounts); --accept-off-peg to go on.',
  },
  POOL_ADDRESS_MOVED: {
    exit: 'usage',
    help: 'The new pool did not land at the address its seed and registration were planned for (nothing half-done).',
  },
  PMM_REVERT: { exit: 'usage', help: 'The PMM math reverts for these numbers (amount too large or a reserve empty).' },
  ORACLE_PRICE_MISSING: { exit: 'usage', help: 'No oracle price for a token: configure the oracle or pass the price.' },
  NOT_A_STABILIZER: { exit: 'usage', help: 'The address does not answer as a Stabilizer.' },
  NOT_A_KEEPER: { exit: 'usage', help: 'The account is not an allowed keeper of the Stabilizer.' },
  STABILIZER_NOT_OWNER: { exit: 'usage', help: 'The signing key does not own the Stabilizer (propose with --safe).' },
  PARAMS_INVALID: { exit: 'usage', help: 'The Stabilizer parameters break one of its invariants.' },
  POOL_NOT_REGISTERED: { exit: 'usage', help: 'The pool is not registered with the Stabilizer (stabilizer add-pool).' },
  POOL_ALREADY_REGISTERED: { exit: 'usage', help: 'The pool is already registered with the Stabilizer.' },
  POOL_IS_PRIVATE: { exit: 'usage', help: 'A private mesh leg cannot be registered as a public pool.' },
  POOL_NOT_OBSERVABLE: {
    exit: 'usage',
    help: 'The pool does not record end-of-block prices (TWAP off): the rule cannot judge it.',
  },
  GUARDIAN_NOT_ALLOWED: {
    exit: 'usage',
    help: 'The guardian must be a key (no contract, not the Stabilizer, not zero).',
  },
  STABILIZER_ALREADY_PAUSED: { exit: 'usage', help: 'The Stabilizer is already paused.' },
  STABILIZER_NOT_PAUSED: { exit: 'usage', help: 'The Stabilizer is not paused: nothing to unpause.' },
  BLOCK_RANGE_INVALID: { exit: 'usage', help: 'The block range is empty or reversed.' },
  EVENT_UNKNOWN: { exit: 'usage', help: 'No such Stabilizer change event.' },
  PARAMS_UNCHANGED: { exit: 'usage', help: 'The given parameter values are already on chain.' },
  TRADE_TOO_LARGE: { exit: 'usage', help: 'The trade size is above what the Stabilizer accepts now.' },
  CALL_INVALID: { exit: 'usage', help: 'A call (to, value, data or --call signature and arguments) is malformed.' },
  BATCH_INVALID: { exit: 'usage', help: 'A batch file or MultiSend payload is malformed or empty.' },
  SAFE_MISSING: { exit: 'usage', help: 'No Safe address: pass --safe-address or set safe.address.' },
  SAFE_NOT_FOUND: { exit: 'usage', help: 'No Safe answers at the address on the chain.' },
  SAFE_SETUP_INVALID: {
    exit: 'usage',
    help: 'Safe owners must be distinct and the threshold between 1 and their count.',
  },
  SAFE_KIT_RPC: { exit: 'usage', help: 'protocol-kit needs an HTTP(S) RPC URL.' },
  SAFE_KIT_NONCE: { exit: 'usage', help: 'The proposal nonce is too large for protocol-kit.' },
  SAFE_TX_HASH_MISMATCH: { exit: 'usage', help: 'The Safe computes a different transaction hash than vault.' },
  PROPOSAL_LOCKED: { exit: 'usage', help: 'Another vault command is writing the proposal file; try again.' },
  PROPOSAL_CHANGED: { exit: 'usage', help: 'The proposal file now holds another transaction; nothing was written.' },
  PROPOSAL_WRITE_FAILED: {
    exit: 'usage',
    help: 'The proposal file cannot be written (missing folder, no permission).',
  },
  PROPOSAL_NOT_FOUND: { exit: 'usage', help: 'No such proposal file (or safeTxHash in the store or service).' },
  PROPOSAL_SCHEMA: { exit: 'usage', help: 'The proposal file is malformed.' },
  PROPOSAL_WRONG_CHAIN: { exit: 'usage', help: 'The proposal is for another chain.' },
  PROPOSAL_WRONG_SAFE: { exit: 'usage', help: 'The proposal is for another Safe.' },
  PROPOSAL_NOT_OWNER: { exit: 'usage', help: 'The signer is not an owner of the Safe.' },
  PROPOSAL_ALREADY_SIGNED: { exit: 'usage', help: 'This owner has already signed the proposal.' },
  PROPOSAL_BAD_SIGNATURE: { exit: 'usage', help: 'A signature does not recover to the owner it is listed for.' },
  PROPOSAL_HASH_MISMATCH: { exit: 'usage', help: 'The proposal’s fields do not give its safeTxHash.' },
  PROPOSAL_DELEGATECALL: {
    exit: 'usage',
    help: 'A top-level DELEGATECALL to a contract other than MultiSend is refused (--allow-delegatecall to override).',
  },
  IMPORT_INVALID: { exit: 'usage', help: 'The file is not a Transaction Builder batch or protocol-kit transaction.' },
  IMPORT_CHECKSUM_MISMATCH: {
    exit: 'usage',
    help: 'The Transaction Builder batch does not match its checksum (changed after export).',
  },
  IMPORT_UNSUPPORTED: {
    exit: 'usage',
    help: 'The imported transaction uses gas refund fields vault does not propose.',
  },
  PROPOSAL_EXECUTED: {
    exit: 'usage',
    help: 'The Safe already used the proposal’s nonce: exporting it would run it again as a new transaction.',
  },
  PROPOSAL_KIT_MISMATCH: { exit: 'usage', help: 'protocol-kit computes a different hash for the proposal.' },
  PROPOSAL_NONCE_USED: { exit: 'usage', help: 'The Safe has already used the proposal’s nonce: make a new proposal.' },
  PROPOSAL_UNSIGNED: { exit: 'usage', help: 'The Transaction Service needs at least one owner signature.' },
  PROPOSAL_NOT_EXPORTABLE: {
    exit: 'usage',
    help: 'The Transaction Builder cannot express the proposal (DELEGATECALL).',
  },
  BELOW_THRESHOLD: { exit: 'usage', help: 'The proposal has fewer signatures than the Safe’s threshold.' },
  TX_SERVICE_URL_INVALID: { exit: 'usage', help: 'The Safe Transaction Service URL must end in /api.' },
  LOCALNET_STATE_INVALID: { exit: 'usage', help: 'The local network state file is corrupt; nothing was signalled.' },
  LOCALNET_ONLY: { exit: 'usage', help: 'The command signs with the localnet’s well-known keys: anvil chains only.' },
  ORACLE_REFRESH_FAILED: {
    exit: 'tx',
    help: 'The local Safe’s price re-post did not take effect (its inner call failed).',
  },
  LOCALNET_RUNNING: { exit: 'usage', help: 'The local network is already running.' },
  DAEMON_LOCKED: {
    exit: 'usage',
    help: 'Another daemon already runs for this chain and key (the lock names its pid).',
  },
  ORACLE_PRICE_ZERO: { exit: 'usage', help: 'A zero oracle price is refused (the Stabilizer divides by it).' },
  ORACLE_PRICE_INSANE: { exit: 'usage', help: 'The oracle price is beyond any sane USD value.' },
  ORACLE_PRICE_JUMP: {
    exit: 'usage',
    help: 'The price moves more than the sanity bound (pass --allow-large-move if right).',
  },
  PORT_BUSY: { exit: 'usage', help: 'A port the local network needs is taken.' },

  // condition: the command ran and a condition it checks is not met
  PROPOSAL_NOT_NEXT: { exit: 'condition', help: 'The Safe must execute earlier nonces first.' },
  GAS_PRICE_ABOVE_CAP: { exit: 'condition', help: 'The gas price is above --max-gas-price; nothing was sent.' },
  VERIFY_FAILED: { exit: 'condition', help: 'The transaction was mined but the chain does not read back the change.' },
  POOL_VERIFY_FAILED: { exit: 'condition', help: 'The created pool does not read back as asked.' },
  REBALANCE_NOT_DUE: { exit: 'condition', help: 'The Stabilizer does not call for a rebalance now.' },
  MESH_LEG_IN_BAND: {
    exit: 'condition',
    help: 'The mesh leg is within θ (meshThresholdBps) of the oracle cross rate: rebalanceMesh would refuse.',
  },
  TRADE_SIZE_ZERO: {
    exit: 'condition',
    help: 'The Stabilizer’s trade size comes out as 0 (kPerBps or perBlockCap is 0).',
  },
  NO_POOL_REGISTERED: { exit: 'condition', help: 'The Stabilizer has no registered pool to act on.' },
  STABILIZER_CHECK_FAILED: {
    exit: 'condition',
    help: 'The Stabilizer cannot judge the deviation yet (history, pool).',
  },

  // chain: a chain or service is unreachable or not the one expected
  CHAIN_UNREACHABLE: { exit: 'chain', help: 'The RPC did not answer (or answered with an error).' },
  CHAIN_MISMATCH: { exit: 'chain', help: 'The RPC reports a different chain id than the profile expects.' },
  RPC_READ_FAILED: { exit: 'chain', help: 'A read the command needs failed on the chain.' },
  TX_NOT_SENT: { exit: 'chain', help: 'The node did not take the transaction; nothing changed on chain.' },
  TX_PENDING: { exit: 'chain', help: 'The transaction was sent and is not mined yet: look it up before retrying.' },
  TX_OUTCOME_UNKNOWN: {
    exit: 'chain',
    help: 'The transaction was sent and the node lost it: look it up before retrying.',
  },
  SAFE_SIMULATION_UNAVAILABLE: {
    exit: 'chain',
    help: 'The Safe transaction cannot be simulated on this chain (no SimulateTxAccessor).',
  },
  NO_CHAINS: { exit: 'chain', help: 'No chain has an RPC URL in the profile.' },
  SAFE_NOT_DEPLOYED: { exit: 'chain', help: 'The Safe contracts are not deployed on the chain.' },
  SAFE_FACTORY_MISSING: {
    exit: 'chain',
    help: 'The Safe singleton factory is not on the chain (and it is not a local node).',
  },
  SAFE_KIT_FAILED: { exit: 'chain', help: 'protocol-kit could not open the Safe.' },
  TX_SERVICE_ERROR: { exit: 'chain', help: 'The Safe Transaction Service failed or did not answer.' },
  TX_SERVICE_PUSH_FAILED: {
    exit: 'chain',
    help: 'The signature is saved in the proposal file, but the Transaction Service did not take it: `vault safe push <file>` again.',
  },
  LOCALNET_START_FAILED: { exit: 'chain', help: 'anvil did not start; its log file says why.' },
  LEDGER_UNAVAILABLE: {
    exit: 'chain',
    help: 'No Ledger answers: plug it in, unlock it and open the Ethereum app (USB support must load).',
  },
  RPC_CHAIN_UNKNOWN: {
    exit: 'chain',
    help: 'ETH_RPC_URL answers for a chain id this profile does not know (138 or 651940).',
  },

  // tx: a transaction reverted, would revert, or was rejected
  TX_WOULD_REVERT: { exit: 'tx', help: 'The simulation reverts; nothing was sent.' },
  TX_REJECTED: { exit: 'tx', help: 'The node rejected the transaction.' },
  LEDGER_REJECTED: { exit: 'tx', help: 'The transaction was rejected on the Ledger; nothing was sent.' },
  TX_REVERTED: { exit: 'tx', help: 'The transaction was mined and reverted.' },
  SAFE_TX_REVERTED: { exit: 'tx', help: 'The Safe transaction reverted (or would revert).' },
  SAFE_TX_FAILED: { exit: 'tx', help: 'The Safe executed the transaction but its inner call failed.' },
  SAFE_DEPLOY_FAILED: { exit: 'tx', help: 'Deploying the Safe (or its infrastructure) failed.' },
  QUOTE_REVERTED: { exit: 'tx', help: 'The pool refused its own quote (querySellBase/querySellQuote reverted).' },
  POOL_EVENT_MISSING: { exit: 'tx', help: 'The pool-creation receipt has no PoolCreated event.' },
  OWNERSHIP_CLAIM_FAILED: { exit: 'tx', help: 'The new owner’s claim of the contracts did not complete.' },
  DEPLOY_REVERTED: { exit: 'tx', help: 'A transaction of the system deployment reverted.' },

  // unexpected: an install problem or a bug
  UNEXPECTED: { exit: 'unexpected', help: 'A bug in vault: run with --verbose and report the stack.' },
  ANVIL_MISSING: { exit: 'unexpected', help: 'anvil is not installed for this platform (reinstall dependencies).' },
  PROPOSAL_NOT_SIMULATED: { exit: 'unexpected', help: 'A proposal reached the writer without its simulation (a bug).' },
  BUILD_ARTIFACT_MISSING: { exit: 'unexpected', help: 'A compiled contract is missing: run `npm run build`.' },
  SAFE_ARTIFACTS_MISSING: { exit: 'unexpected', help: 'The Safe contract artifacts are missing: run `npm run build`.' },
  SAFE_ARTIFACT_MISMATCH: {
    exit: 'unexpected',
    help: 'Safe creation code does not give the canonical v1.4.1 address.',
  },
  SAFE_ADDRESS_DIFFERS: { exit: 'unexpected', help: 'The Safe got different addresses on the two chains.' },
  DEPLOY_ADDRESS_MISMATCH: {
    exit: 'unexpected',
    help: 'Deployed addresses differ from the predicted ones (was the chain used before?).',
  },
} as const satisfies Record<string, CatalogEntry>

export type ErrorCode = keyof typeof errorCatalog

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(errorCatalog, code)
