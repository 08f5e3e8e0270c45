import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VaultError } from '../core/errors.js'
import { fetchProposal } from './tx-service.js'

/** Item 8: a Transaction Service that accepts the connection and never answers does not hang vault. */
describe('Transaction Service requests time out', () => {
  let server: Server
  let url: string
  beforeAll(async () => {
    server = createServer(() => {}) // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    const a = server.address()
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/api`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  it('gives up with TX_SERVICE_ERROR (exit class chain) instead of hanging', async () => {
    process.env.VAULT_TX_SERVICE_TIMEOUT_MS = '500'
    try {
      const hash = `0x${'ab'.repeat(32)}` as const
      const err = await fetchProposal({ txServiceUrl: url, chainId: 138 }, hash).catch((e) => e)
      expect(err).toBeInstanceOf(VaultError)
      expect(err.code).toBe('TX_SERVICE_ERROR')
      expect(err.exitClass).toBe('chain')
    } finally {
      delete process.env.VAULT_TX_SERVICE_TIMEOUT_MS
    }
  })
})
