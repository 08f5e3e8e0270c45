import { Flags } from '@oclif/core'
import { VaultCommand } from '../cli/command.js'

/** JSON of `vault demo`: each runbook step and whether it passed. */
export interface DemoResult {
  ok: boolean
  startedLocalnet: boolean
  steps: { title: string; ok: boolean; summary: string }[]
}

export default class Demo extends VaultCommand<DemoResult> {
  static override summary = 'Walk the operator runbook end to end on the local network (starts it if needed).'
  static override description =
    `Starts the local network if it is not running (\`vault localnet up\`), then: status → pools → a large trade that pushes cUSDT/cUSDC out of band → deviation sustained → the Stabilizer's checkDeviation() agrees → reserve sizing (spec §7) → bridge check (buffers, and the desync the trade caused) → a stabilizer swap proposed to the Safe, signed by two owners and executed → deviation back in band → the private XAU mesh at parity (the legs the swap routed through are reset to the oracle cross rate; \`vault pools mesh\` would exit 0). Every step runs the same library code as the commands. Exit 0 when every step passes, 2 when one fails.
The local network keeps running afterwards; \`vault localnet down\` stops it.
JSON: {ok, startedLocalnet, steps: [{title, ok, summary}]}`
  static override examples = ['<%= config.bin %> demo', '<%= config.bin %> demo --shock 5000 --json']
  static override flags = {
    shock: Flags.string({ description: 'cUSDT sold into cUSDT/cUSDC to push it out of band.', default: '7500' }),
    'port-138': Flags.integer({
      description: 'Port for chain 138 if the demo starts the network.',
      min: 1,
      max: 65535,
    }),
    'port-651940': Flags.integer({
      description: 'Port for chain 651940 if the demo starts the network.',
      min: 1,
      max: 65535,
    }),
  }

  async run(): Promise<DemoResult> {
    const { flags } = await this.parse(Demo)
    const { runDemo } = await import('../demo/run.js')
    const { ensureLocalnet } = await import('../demo/localnet.js')
    const { c } = await import('../cli/color.js')
    const res = await runDemo({
      shock: flags.shock,
      ensureLocalnet: async () => {
        const t0 = Date.now()
        const net = await ensureLocalnet({
          ports: { '138': flags['port-138'], '651940': flags['port-651940'] },
          onStep: (l) => this.note(c.dim(`  ${l}`)),
        })
        if (net.up && !this.jsonEnabled()) {
          const { renderLocalnet } = await import('../cli/render/localnet.js')
          this.out(`${await renderLocalnet(net.up, Date.now() - t0)}\n`)
        }
        return net
      },
      onStep: (s) => this.out(`${s.ok ? c.green('✔') : c.red('✖')} ${c.bold(s.title)}: ${s.summary}`),
    })
    this.out(
      res.ok ? c.green('\nRunbook complete: every step passed.') : c.red('\nThe runbook stopped at a failing step.'),
    )
    if (!res.ok) this.setExit('condition')
    return {
      ok: res.ok,
      startedLocalnet: res.startedLocalnet,
      steps: res.steps.map(({ title, ok, summary }) => ({ title, ok, summary })),
    }
  }
}
