import type { KeeperEvent } from '../../keeper/daemon.js'
import { ce as c } from '../color.js'

/** A printer of one line per keeper event; a block whose pool states did not change is not repeated. */
export function keeperPrinter(): (e: KeeperEvent) => string | undefined {
  const lastState = new Map<number, string>()
  return (e) => {
    const at = 'block' in e && e.block !== undefined ? c.dim(`[${e.chainId} #${e.block}] `) : ''
    switch (e.kind) {
      case 'start':
        return `${c.dim(`[${e.chainId}]`)} keeper ${e.keeper} on Stabilizer ${e.stabilizer}: ${e.pools.join(', ')}`
      case 'block': {
        const text = e.pools.map((p) => `${p.pair} ${p.deviationBps ?? '–'} bps ${p.state}`).join(' · ')
        if (lastState.get(e.chainId) === text) return undefined
        lastState.set(e.chainId, text)
        return `${at}${text}`
      }
      case 'skipped':
        return `${at}${c.yellow('skipped')} ${e.pair}: ${e.reason} — ${e.detail}`
      case 'sent':
        return `${at}${c.cyan('sent')} ${e.pair}: sell ${e.tradeSize} ${e.tokenIn} at ${e.deviationBps} bps (tx ${e.txHash}, nonce ${e.nonce})`
      case 'mesh-sent':
        return `${at}${c.cyan('sent')} ${e.pair}: rebalanceMesh at ${e.gapBps} bps from the cross rate (tx ${e.txHash}, nonce ${e.nonce})`
      case 'executed':
        return `${at}${c.green('executed')} ${e.pair} (tx ${e.txHash})`
      case 'failed':
        return `${c.red('failed')} ${e.pair}: ${e.reason} (tx ${e.txHash})`
      case 'cancelled':
        return `${c.dim(`[${e.chainId}]`)} ${c.yellow('cancelled')} the stuck transaction at nonce ${e.nonce} (tx ${e.txHash})`
      case 'error':
        return `${at}${c.red('error')}: ${e.message}`
      case 'stop': {
        const s = e.summary
        const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0)
        const blocks = Object.entries(s.blocks)
          .map(([id, n]) => `${n} on ${id}`)
          .join(', ')
        return `stopped after ${blocks || 'no'} blocks: ${s.executions} executions, ${skipped} skipped, ${s.failures} failed, ${s.errors} errors${s.inFlight.length ? `, ${s.inFlight.length} still in flight` : ''}`
      }
    }
  }
}
