import type { VaultClient } from '../chain/client.js'
import type { ChainSettings } from '../config/schema.js'
import { parseK, percentToFee } from '../core/pmm/convert.js'
import type { Route } from '../tx/call.js'
import { perform } from '../tx/perform.js'
import { planMeshCreate } from './mesh.js'

/** Create the missing private pools: confirm once, then propose one batch to the Safe or send each with a key. */
export async function createMesh(
  client: VaultClient,
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
  const done = await perform(
    client,
    plans.map((p) => p.action),
    route,
    { confirm },
  )
  if (done.proposal) {
    return {
      created: [],
      proposal: done.proposal,
      message: `Proposed ${plans.length} private pool(s) to Safe ${done.proposal.safe}: ${done.proposal.file}`,
    }
  }
  const created = plans.map((p, n) => ({ token: p.token, txHash: done.sent![n].txHash }))
  return { created, message: created.map((c) => `✔ private ${c.token}/cXAUC created (tx ${c.txHash})`).join('\n') }
}
