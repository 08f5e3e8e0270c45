import type { ChainClient } from '../chain/client.js'
import type { ChainSettings } from '../config/schema.js'
import { parseK, percentToFee } from '../pmm/convert.js'
import { describePlan, planAction, proposeAction, type Route, sendAction } from '../tx/act.js'
import { planMeshCreate } from './mesh.js'

/** Create the missing private pools: confirm once, then propose one batch to the Safe or send each with a key. */
export async function createMesh(
  client: ChainClient,
  settings: ChainSettings,
  missing: string[],
  flags: { k: string; fee: string },
  route: Route,
  confirm: (summary: string) => Promise<void>,
) {
  const k = parseK(flags.k)
  const lpFeeRate = percentToFee(flags.fee)
  if (!missing.length) return { created: [], message: 'Every token already has its private pool: nothing to do.' }
  const plans = await planMeshCreate(client, settings, { tokens: missing, k, lpFeeRate })
  const priced = await Promise.all(plans.map((p) => planAction(client, p.action, route)))
  await confirm(priced.map(describePlan).join('\n'))
  if (route.kind === 'safe') {
    const proposal = await proposeAction(
      client,
      plans.map((p) => p.action),
      route,
    )
    return {
      created: [],
      proposal,
      message: `Proposed ${plans.length} private pool(s) to Safe ${proposal.safe}: ${proposal.file}`,
    }
  }
  const created = []
  for (const p of plans)
    created.push({ token: p.token, txHash: (await sendAction(client, p.action, route.key)).txHash })
  return { created, message: created.map((c) => `✔ private ${c.token}/cXAUC created (tx ${c.txHash})`).join('\n') }
}
