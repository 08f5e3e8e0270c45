/**
 * viem's privateKeyToAccount on its own: signer.ts loads it when a key signs. A dynamic import of 'viem/accounts'
 * itself would take the whole module (every BIP-39 wordlist, ~250 KB) into the chunk every chain command loads.
 */
export { privateKeyToAccount } from 'viem/accounts'
