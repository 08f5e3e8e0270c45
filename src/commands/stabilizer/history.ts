import { Flags } from '@oclif/core'
import { chainFlags, VaultCommand } from '../../cli/command.js'
import { VaultError } from '../../core/errors.js'
import type { HistoryResult } from '../../stabilizer/history.js'

export type { HistoryResult }

/** JSON of `vault stabilizer history`. */
export type StabilizerHistoryResult = HistoryResult

export default class StabilizerHistory extends VaultCommand<StabilizerHistoryResult> {
  static override summary =
    "The Stabilizer's change history: pools, params, limits, keepers, guardian, pause, mesh, ownership."
  static override description =
    `Reads the Stabilizer's change events (PoolAdded, PoolRemoved, ParamsUpdated, LimitsUpdated, KeeperUpdated, GuardianUpdated, StabilizerPaused, StabilizerUnpaused, MeshUpdated, MeshRebalanced, Withdrawn, OwnershipTransferred) with eth_getLogs in pages of at most --max-range blocks (chain 138's public RPC allows 10,000), oldest first. At most --limit events are shown (a page ends on a block boundary); nextFromBlock says where the next page starts.
Exit 0 · 3 bad input (unknown event, reversed range) · 4 chain.
JSON: {chainId, stabilizer, fromBlock, toBlock, events: [{blockNumber, logIndex, txHash, event, args}], nextFromBlock?}`
  static override examples = [
    '<%= config.bin %> stabilizer history',
    '<%= config.bin %> stabilizer history --event ParamsUpdated --event StabilizerPaused --chain 651940 --json',
    '<%= config.bin %> stabilizer history --from-block 1200000 --limit 20',
  ]
  static override flags = {
    ...chainFlags,
    'from-block': Flags.string({ description: 'First block (default 0).' }),
    'to-block': Flags.string({ description: 'Last block (default: the head).' }),
    limit: Flags.integer({ description: 'Most events per page.', default: 50, min: 1 }),
    event: Flags.string({ description: 'Only this event (repeatable).', multiple: true }),
    'max-range': Flags.integer({ description: 'Largest block span per eth_getLogs query.', default: 10_000, min: 1 }),
  }

  async run(): Promise<StabilizerHistoryResult> {
    const { flags } = await this.parse(StabilizerHistory)
    const ctx = await this.context(flags, { oneChain: true })
    const id = ctx.chainId
    const block = (v: string | undefined, name: string) => {
      if (v === undefined) return undefined
      if (!/^\d+$/.test(v)) throw new VaultError('BLOCK_RANGE_INVALID', `--${name} must be a block number`)
      return BigInt(v)
    }
    const { stabilizerHistory } = await import('../../stabilizer/history.js')
    const res = await this.withSpinner('Reading Stabilizer events…', async () =>
      stabilizerHistory(await ctx.client(id), {
        fromBlock: block(flags['from-block'], 'from-block'),
        toBlock: block(flags['to-block'], 'to-block'),
        limit: flags.limit,
        only: flags.event,
        maxRange: BigInt(flags['max-range']),
      }),
    )
    const { renderHistory } = await import('../../cli/render/stabilizer-registry.js')
    if (!this.jsonEnabled()) this.out(await renderHistory(res))
    return res
  }
}
