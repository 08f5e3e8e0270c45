import { Flags } from '@oclif/core'
import { blocksFlag, gweiFlag, uintFlag } from './parsers.js'

/**
 * Flag groups defined once and spread into each command (as foundry's RpcOpts / WalletOpts):
 * chain, signer, Safe, and the route of a state-changing command (a key, or a Safe proposal).
 */

/** Commands that read a chain. */
export const chainFlags = {
  'rpc-url': Flags.string({
    description: 'RPC URL override: URL for the selected chain, or <chainId>=URL. Repeatable.',
    multiple: true,
    // one value per --rpc-url: `--rpc-url URL POSITIONAL` keeps the positional
    multipleNonGreedy: true,
    helpGroup: 'CHAIN',
  }),
  chain: Flags.string({ description: 'Chain to use.', options: ['138', '651940'], helpGroup: 'CHAIN' }),
}

/** Where a local key comes from (a key, a keystore file, a keystore of foundry's by name, and its password). */
export const keyFlags = {
  'private-key': Flags.string({
    description: 'Signing key (prefer VAULT_PRIVATE_KEY; never logged).',
    helpGroup: 'SIGNING',
  }),
  keystore: Flags.string({
    description: 'Encrypted v3 keystore file (geth, foundry).',
    helpGroup: 'SIGNING',
    exclusive: ['account', 'private-key'],
  }),
  account: Flags.string({
    description:
      "A keystore in foundry's folder by name (~/.foundry/keystores/NAME, as cast --account; env ETH_KEYSTORE_ACCOUNT).",
    helpGroup: 'SIGNING',
    exclusive: ['keystore', 'private-key'],
  }),
  'password-file': Flags.string({
    description: 'File holding the keystore password (else VAULT_KEYSTORE_PASSWORD, ETH_PASSWORD, or a prompt).',
    helpGroup: 'SIGNING',
  }),
}

/** The daemons (keeper run, bridge arb): their key, how they poll, how they price what they send, what they expose. */
export const daemonFlags = {
  ...keyFlags,
  interval: Flags.integer({ description: 'Polling interval for new heads, ms.', default: 1000, min: 50 }),
  'tip-gwei': Flags.string({
    description:
      'Priority fee offered, gwei (cut so the total never exceeds the cap). Also --priority-gas-price, as on other sending commands.',
    aliases: ['priority-gas-price'],
    default: '1',
  }),
  legacy: Flags.boolean({
    description:
      'Send type-0 transactions at base fee + tip (never above the cap). Chosen anyway on a chain without a base fee.',
  }),
  'metrics-port': Flags.integer({
    description: 'Serve Prometheus /metrics and /healthz on 127.0.0.1:PORT.',
    min: 0,
    max: 65535,
  }),
  'alert-webhook': Flags.string({
    description: 'POST alert and resolve messages (JSON with a Slack-compatible text) here.',
  }),
}

/** Commands that sign or send: a local key or a Ledger, and the confirmation. */
export const signerFlags = {
  ...keyFlags,
  ledger: Flags.boolean({
    description: 'Sign with a Ledger (Ethereum app, over USB).',
    helpGroup: 'SIGNING',
    exclusive: ['keystore', 'account', 'private-key'],
  }),
  'hd-path': Flags.string({
    description: "The Ledger's derivation path. [default: m/44'/60'/0'/0/0]",
    helpGroup: 'SIGNING',
    dependsOn: ['ledger'],
  }),
  yes: Flags.boolean({ char: 'y', description: 'Skip the confirmation prompt.', helpGroup: 'SIGNING' }),
}

/** How a sent transaction is priced, numbered and awaited (cast's names); the write spine applies them. */
export const txFlags = {
  'gas-price': gweiFlag({
    description: 'Gas price in gwei: the max fee per gas (EIP-1559) or the gas price (--legacy). [default: estimate]',
    helpGroup: 'TRANSACTION',
  }),
  'priority-gas-price': gweiFlag({
    description: 'EIP-1559 priority fee (tip) in gwei. [default: estimate]',
    helpGroup: 'TRANSACTION',
  }),
  nonce: uintFlag({
    description: 'Nonce of the (first) transaction; a sequence takes the next ones. [default: the pending count]',
    helpGroup: 'TRANSACTION',
  }),
  legacy: Flags.boolean({ description: 'Send type-0 (legacy) transactions.', helpGroup: 'TRANSACTION' }),
  confirmations: blocksFlag({
    description: 'Blocks to wait for after inclusion. [default: 1]',
    helpGroup: 'TRANSACTION',
  }),
}

/** Commands that locate a Safe and its proposals. */
export const safeFlags = {
  'safe-address': Flags.string({ description: 'The Safe (default: profile safe.address).', helpGroup: 'SAFE' }),
  'proposals-dir': Flags.string({
    description: 'Proposal files folder (default: profile safe.proposalsDir or <config>/proposals).',
    helpGroup: 'SAFE',
  }),
  'tx-service': Flags.string({
    description: 'Safe Transaction Service URL ending in /api (default: profile safe.txServiceUrl).',
    helpGroup: 'SAFE',
  }),
}

/** Signing, approving and executing Safe proposals: the explicit override of the DELEGATECALL refusal. */
export const delegateCallFlags = {
  'allow-delegatecall': Flags.boolean({
    description:
      'Accept a top-level DELEGATECALL to a target that is not MultiSend (refused otherwise, even with --yes).',
    helpGroup: 'SAFE',
  }),
}

/** State-changing commands: send with a key, or propose to the Safe with --safe. */
export const routeFlags = {
  ...signerFlags,
  ...txFlags,
  safe: Flags.boolean({
    description: 'Propose to the Safe instead of sending (the profile’s Safe or --safe-address).',
    helpGroup: 'SAFE',
  }),
  ...safeFlags,
}
