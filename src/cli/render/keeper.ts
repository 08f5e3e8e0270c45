import type { KeeperEvent } from '../../keeper/run.js'
import { c } from '../color.js'

/** A printer of one line per keeper event; an unchanged idle state is not repeated. */
export function keeperPrinter(): (e: KeeperEvent) => string | undefined {
  let lastIdle = ''
  return (e) => {
    const at = 'block' in e && e.block !== undefined ? c.dim(`[block ${e.block}] `) : ''
    switch (e.kind) {
      case 'start':
        return `${at}keeper ${e.keeper} watching Stabilizer ${e.stabilizer}`
      case 'idle': {
        const key = `${e.deviationBps}`
        if (key === lastIdle) return undefined
        lastIdle = key
        return `${at}${c.green('in band')}: ${e.reason}`
      }
      case 'skipped':
        return `${at}${c.yellow('skipped')}: ${e.reason}`
      case 'executed':
        lastIdle = ''
        return `${at}${c.green('executed')} ${e.tradeSize} ${e.tokenIn} → ${e.tokenOut} at ${e.deviationBps} bps (tx ${e.txHash})`
      case 'error':
        return `${at}${c.red('error')}: ${e.message}`
      case 'stop': {
        const m = e.metrics
        return `stopped after ${m.blocksSeen} blocks: ${m.executions} executions, ${Object.values(m.skipped).reduce((a, b) => a + b, 0)} skipped, ${m.errors} errors`
      }
    }
  }
}
