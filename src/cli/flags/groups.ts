import { Flags } from '@oclif/core'

/**
 * Flag groups defined once and spread into each command (as foundry's RpcOpts / WalletOpts):
 * chain, signer, Safe, and the route of a state-changing command (a key, or a Safe proposal).
 */

/** Commands that read a chain. */
export const chainFlags = {
  'rpc-url': Flags.string({
    description: 'RPC URL override: URL for the selected chain, or <chainId>=URL. Repeatable.',
    multiple: true,
    helpGroup: 'CHAIN',
  }),
  chain: Flags.string({ description: 'Chain to use.', options: ['138', '651940'], helpGroup: 'CHAIN' }),
}

/** Commands that sign or send. */
export const signerFlags = {
  'private-key': Flags.string({
    description: 'Signing key (prefer VAULT_PRIVATE_KEY; never logged).',
    helpGroup: 'SIGNING',
  }),
  keystore: Flags.string({
    description: 'Encrypted v3 keystore file (password: VAULT_KEYSTORE_PASSWORD or prompt).',
    helpGroup: 'SIGNING',
  }),
  yes: Flags.boolean({ char: 'y', description: 'Skip the confirmation prompt.', helpGroup: 'SIGNING' }),
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

/** State-changing commands: send with a key, or propose to the Safe with --safe. */
export const routeFlags = {
  ...signerFlags,
  safe: Flags.boolean({
    description: 'Propose to the Safe instead of sending (the profile’s Safe or --safe-address).',
    helpGroup: 'SAFE',
  }),
  ...safeFlags,
}
