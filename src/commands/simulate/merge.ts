import { Args } from '@oclif/core'
import { VaultCommand } from '../../cli/command.js'
import type { SimReport } from '../../core/sim/report.js'

/** JSON of `vault simulate merge`: the shards' reports as one. */
export type SimulateMergeResult = SimReport

export default class SimulateMerge extends VaultCommand<SimulateMergeResult> {
  static override summary = 'Combine the shard files of one simulation into its result (as if run at once).'
  static override description =
    `Each shard file comes from \`vault simulate --shard i/n --out FILE\` with the same parameters. Every shard 0 … n − 1 must be given exactly once; the result (table, --json, exit status) is byte for byte the one a single \`vault simulate\` with those parameters gives. Exit 0 when every target is met, 2 when any is not, 3 for a missing, repeated or foreign shard.`
  static override examples = [
    '<%= config.bin %> simulate merge shard-*.json',
    '<%= config.bin %> simulate merge a.json b.json --json',
  ]
  static override strict = false
  static override args = { files: Args.string({ description: 'Shard files.', required: true }) }

  async run(): Promise<SimulateMergeResult> {
    const { argv } = await this.parse(SimulateMerge)
    const { mergeShards } = await import('../../sim/shard.js')
    const report = await mergeShards(argv as string[])
    if (!report.ok) this.setExit('condition')
    if (!this.jsonEnabled()) {
      const { renderSimulation } = await import('../../cli/render/sim.js')
      this.out(await renderSimulation(report))
    }
    return report
  }
}
