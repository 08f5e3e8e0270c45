import { Flags } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'
import { signerFlags, txFlags } from '../../cli/flags/groups.js'
import { uintFlag } from '../../cli/flags/parsers.js'

import type { deploySafeOnChains } from '../../safe/deploy-chains.js'

/** JSON of `vault safe deploy`: the Safe, each chain's transactions, and the profile it was stored in. */
export type SafeDeployResult = Awaited<ReturnType<typeof deploySafeOnChains>> & { profile?: string }

export default class SafeDeploy extends VaultCommand<SafeDeployResult> {
  static override summary = 'Deploy a Safe (v1.4.1) with the same address on each chain.'
  static override description =
    `Puts the Safe contracts at their canonical addresses where they are missing (local chains only: a real chain needs the singleton factory's presigned deployment), then deploys a SafeL2 proxy with the given owners and threshold through createProxyWithNonce: the same owners, threshold and salt give the same address everywhere.
Idempotent: an existing Safe at that address is reported, not redeployed. --set-profile stores it in safe.address.
The deployer key (--private-key, VAULT_PRIVATE_KEY or --keystore) pays the gas and gets no rights; --gas-price, --priority-gas-price, --legacy, --confirmations and --nonce (one chain at a time) set how its transactions are sent.
Exit codes: 0 deployed · 3 bad owners/threshold or sending options · 4 chain unreachable or Safe contracts missing · 5 reverted.
JSON: {address, chains: [{chainId, address, transactions}], owners, threshold, saltNonce, profile?}`
  static override examples = [
    '<%= config.bin %> safe deploy --owners 0xA…,0xB…,0xC… --threshold 2 --yes',
    '<%= config.bin %> safe deploy --owners 0xA…,0xB…,0xC… --threshold 2 --chain 138,651940 --salt-nonce 7 --set-profile',
    '<%= config.bin %> safe deploy --owners 0xA…,0xB… --threshold 1 --chain 138 --legacy --gas-price 2 --nonce 12 --yes',
  ]
  static override flags = {
    ...signerFlags,
    ...txFlags,
    'rpc-url': Flags.string({
      description: 'RPC URL override: <chainId>=URL. Repeatable.',
      multiple: true,
      helpGroup: 'CHAIN',
    }),
    chain: Flags.string({ description: 'Chains, comma-separated.', default: '138,651940', helpGroup: 'CHAIN' }),
    owners: Flags.string({ description: 'Owner addresses, comma-separated.', required: true }),
    threshold: Flags.integer({ description: 'Signatures needed.', required: true }),
    'salt-nonce': uintFlag({ description: 'Salt nonce (same value → same address; default 0).' }),
    'set-profile': Flags.boolean({ description: 'Store the address as safe.address in the profile.' }),
  }

  async run(): Promise<SafeDeployResult> {
    const { flags } = await this.parse(SafeDeploy)
    const json = this.jsonEnabled()
    const { VaultError } = await import('../../core/errors.js')
    const { isAddress, getAddress } = await import('viem')
    const owners = flags.owners.split(',').map((o) => o.trim())
    for (const o of owners)
      if (!isAddress(o, { strict: false })) throw new VaultError('ADDRESS_INVALID', `Owner "${o}" is not an address`)
    const { parseChain } = await import('../../config/context.js')
    const chains = [...new Set(flags.chain.split(',').map((c) => parseChain(c.trim()) as 138 | 651940))]
    const { txOptions } = await import('../../tx/route.js')
    const tx = txOptions(flags)
    if (tx.nonce !== undefined && chains.length > 1)
      throw new VaultError('TX_OPTIONS_INVALID', '--nonce is per chain: deploy one chain at a time with --nonce', {
        field: 'nonce',
      })
    const ctx = await this.context({ profile: flags.profile, 'rpc-url': flags['rpc-url'] })
    const { resolveSigner } = await import('../../tx/signer.js')
    const key = (await resolveSigner(flags, { json, required: true })) as `0x${string}`
    const { confirmAction } = await import('../../cli/prompt.js')
    await confirmAction(`Deploy a ${flags.threshold}-of-${owners.length} Safe on chain ${chains.join(', ')}?`, {
      yes: flags.yes,
      json,
    })
    const { deploySafeOnChains } = await import('../../safe/deploy-chains.js')
    const res = await deploySafeOnChains(ctx, {
      chains,
      key,
      owners: owners.map((o) => getAddress(o)),
      threshold: flags.threshold,
      saltNonce: flags['salt-nonce'] ?? 0n,
      tx,
      onStep: (line) => this.note(line),
    })
    let profile: string | undefined
    if (flags['set-profile']) {
      const { setValue } = await import('../../config/store.js')
      await setValue(ctx.profileName, 'safe.address', res.address)
      profile = ctx.profileName
    }
    this.out(
      `Safe ${res.address} (${res.threshold} of ${owners.length}) on chain ${chains.join(', ')}${profile ? `; stored in profile ${profile}` : ''}`,
    )
    return { ...res, profile }
  }
}
