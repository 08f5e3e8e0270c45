import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { PoolsAddLiquidityResult } from '../../src/commands/pools/add-liquidity.js'
import type { PoolsListResult } from '../../src/commands/pools/list.js'
import type { PoolsQuoteResult } from '../../src/commands/pools/quote.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import { type Anvil, freePort, startAnvil } from '../helpers/anvil.js'
import type { CliResult } from '../helpers/cli.js'
import { rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { type RpcProxy, startRpcProxy } from '../helpers/rpc-proxy.js'

const DEPLOYER = privateKeyToAccount(LOCAL_KEYS.deployer).address

describe('RPC conventions: ws:// transport, ETH_RPC_URL by its chain id, the chain id checked before any read', {
  timeout: 600_000,
}, () => {
  let net: TestLocalnet
  let mainnet: Anvil
  let alltraProxy: RpcProxy
  const http = (chain: '138' | '651940') => `http://127.0.0.1:${net.ports[chain]}`
  const ws = (chain: '138' | '651940') => `ws://127.0.0.1:${net.ports[chain]}`
  const run = (args: string[], env?: Record<string, string>) => net.run([...args, '--json'], env)
  const expectCode = (r: CliResult, exit: number, code?: string) => {
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(exit)
    if (code) expect(r.json<ErrorEnvelope>().error.code).toBe(code)
  }

  beforeAll(async () => {
    net = await sharedLocalnet()
    mainnet = await startAnvil(1)
    alltraProxy = await startRpcProxy(http('651940'))
  })
  afterAll(async () => {
    await alltraProxy?.close()
    await mainnet?.stop()
    await net?.stop()
  })

  it('a ws:// RPC URL is used over a WebSocket: reads agree with HTTP and the command ends', async () => {
    const overHttp = await run(['pools', 'list', '--chain', '138', '--rpc-url', http('138')])
    const overWs = await run(['pools', 'list', '--chain', '138', '--rpc-url', ws('138')])
    expectCode(overWs, 0)
    expect(overWs.json()).toEqual(overHttp.json())
    expect(overWs.json<PoolsListResult>().length).toBeGreaterThan(0)
  })

  it('a transaction is sent over the WebSocket too', async () => {
    const before = BigInt(await rpc(http('138'), 'eth_getTransactionCount', [DEPLOYER, 'latest']))
    const r = await run(
      ['pools', 'add-liquidity', 'cUSDT/cUSDC', '--base', '1', '--quote', '1', '--yes', '--rpc-url', ws('138')],
      { VAULT_PRIVATE_KEY: LOCAL_KEYS.deployer },
    )
    expectCode(r, 0)
    const after = BigInt(await rpc(http('138'), 'eth_getTransactionCount', [DEPLOYER, 'latest']))
    expect(after - before).toBe(BigInt(r.json<PoolsAddLiquidityResult>().txHashes?.length ?? 0))
  })

  it('a ws:// URL nobody listens on is exit 4', async () => {
    const r = await run(['pools', 'list', '--chain', '138', '--rpc-url', `ws://127.0.0.1:${await freePort()}`])
    expectCode(r, 4, 'CHAIN_UNREACHABLE')
  })

  it('ETH_RPC_URL without --chain is used for the chain it answers (reads go to it)', async () => {
    alltraProxy.reset()
    const r = await run(['pools', 'quote', 'cUSDT/cUSDC', '--sell', '1', 'cUSDT'], { ETH_RPC_URL: alltraProxy.url })
    expectCode(r, 0)
    expect(r.json<PoolsQuoteResult>().chainId).toBe(651940)
    expect(alltraProxy.stats.methods).toContain('eth_chainId')
    expect(alltraProxy.stats.methods.filter((m) => m !== 'eth_chainId').length).toBeGreaterThan(0)
  })

  it('ETH_RPC_URL of a chain the profile does not know is refused (exit 4), --chain still wins', async () => {
    expectCode(
      await run(['pools', 'quote', 'cUSDT/cUSDC', '--sell', '1', 'cUSDT'], { ETH_RPC_URL: mainnet.url }),
      4,
      'RPC_CHAIN_UNKNOWN',
    )
    // an explicit --rpc-url takes precedence over the environment
    const flagged = await run(['pools', 'quote', 'cUSDT/cUSDC', '--sell', '1', 'cUSDT', '--rpc-url', http('138')], {
      ETH_RPC_URL: mainnet.url,
    })
    expectCode(flagged, 0)
    expect(flagged.json<PoolsQuoteResult>().chainId).toBe(138)
  })

  it('safe pending checks the chain id: a node of another chain is CHAIN_MISMATCH (exit 4)', async () => {
    expectCode(
      await run(['safe', 'pending', '--chain', '138', '--rpc-url', `138=${http('651940')}`]),
      4,
      'CHAIN_MISMATCH',
    )
    expectCode(await run(['safe', 'pending', '--chain', '138']), 0)
  })
})
