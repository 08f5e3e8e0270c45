import { createServer, type Server } from 'node:http'
import { Counter, Gauge, Registry } from 'prom-client'

/**
 * The Prometheus series the keeper and the parity bot export. One registry per process; labels are the chain id,
 * the pool's pair name (e.g. `cUSDT/cXAUC`) and token symbols, never addresses or keys.
 */
export function daemonMetrics(prefix = 'vault') {
  const registry = new Registry()
  const opts = <L extends string>(name: string, help: string, labelNames: L[]) => ({
    name: `${prefix}_${name}`,
    help,
    labelNames,
    registers: [registry],
  })
  return {
    registry,
    deviationBps: new Gauge(
      opts('pool_deviation_bps', 'End-of-block deviation of the pool from its peg, bps.', ['chain', 'pool']),
    ),
    twapDeviationBps: new Gauge(
      opts('pool_twap_deviation_bps', 'TWAP deviation over the pool window, bps.', ['chain', 'pool']),
    ),
    blocksOutOfBand: new Counter(
      opts('pool_blocks_out_of_band_total', 'Blocks the pool ended outside ±θ.', ['chain', 'pool']),
    ),
    executions: new Counter(opts('executions_total', 'Transactions sent and mined.', ['chain', 'pool'])),
    skips: new Counter(opts('skips_total', 'Decisions not to send, by reason.', ['chain', 'pool', 'reason'])),
    failures: new Counter(
      opts('failures_total', 'Sent transactions that reverted or were dropped.', ['chain', 'pool']),
    ),
    gasSpentEth: new Counter(
      opts('gas_spent_eth_total', 'Fees paid for mined transactions, in native units.', ['chain']),
    ),
    inventory: new Gauge(
      opts('inventory', 'Inventory held for stabilization or parity, in token units.', ['chain', 'token']),
    ),
    oracleAgeSeconds: new Gauge(
      opts('oracle_age_seconds', 'Age of the oracle price at the last block seen.', ['chain', 'token']),
    ),
    spreadBps: new Gauge(
      opts('spread_bps', 'Cross-chain spread of a public pair between 138 and Alltra, bps.', ['pool']),
    ),
    meshGapBps: new Gauge(
      opts('mesh_gap_bps', 'Gap of a private XAU leg from the oracle cross rate, bps.', ['chain', 'leg']),
    ),
    lastBlock: new Gauge(opts('last_block', 'Last block number seen.', ['chain'])),
    rpcErrors: new Counter(opts('rpc_errors_total', 'RPC requests that failed.', ['chain'])),
    alertsFiring: new Gauge(opts('alerts_firing', 'Alert episodes currently open.', [])),
  }
}
export type DaemonMetrics = ReturnType<typeof daemonMetrics>

export interface Health {
  ok: boolean
  [k: string]: unknown
}

export interface MetricsServer {
  port: number
  close(): Promise<void>
}

/** Serves `/metrics` (Prometheus text format) and `/healthz` (JSON; 200 when healthy, 503 otherwise) on loopback by default. */
export function serveMetrics(
  registry: Registry,
  health: () => Health,
  opts: { port: number; host?: string },
): Promise<MetricsServer> {
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET') {
      res.writeHead(405).end()
    } else if (path === '/metrics') {
      const body = await registry.metrics()
      res.writeHead(200, { 'content-type': registry.contentType }).end(body)
    } else if (path === '/healthz') {
      const h = health()
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(h))
    } else {
      res.writeHead(404).end()
    }
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      const addr = server.address()
      resolve({
        port: typeof addr === 'object' && addr ? addr.port : opts.port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      })
    })
  })
}
