import { createPublicClient, http, parseAbi } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StressResult } from '../../src/commands/stress.js'
import { stressAccounts } from '../../src/stress/setup.js'
import { type LocalProfile, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

// Blocks are mined a second apart, so each costs the file a second. Over 12 blocks seed 3 gives what this file checks
// as over 24: flow transactions that all land, the bot's two trades, oracle updates through the Safe (the keeper finds
// nothing to do in either).
const BLOCKS = 12

describe('vault stress: the simulated flow replayed on the interval-mined localnet with the keeper and the bot', () => {
  let net: TestLocalnet
  let profile: LocalProfile
  beforeAll(async () => {
    net = await sharedLocalnet()
    profile = await net.profile()
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('measures every block it drove on both chains, beside the prediction, and puts the chains back', async () => {
    const r = await net.run(['stress', '--blocks', String(BLOCKS), '--seed', '3', '--json'])
    expect([0, 2], r.stderr).toContain(r.code)
    const out = r.json<StressResult>()
    expect(out.ok).toBe(r.code === 0)
    expect(out.blocks).toBe(BLOCKS)
    expect(out.driven.steps).toBe(BLOCKS)
    expect(out.measured.blocks).toBe(BLOCKS)
    expect(out.measured.poolSamples).toBe(8 * BLOCKS)
    for (const c of out.chains) expect(BigInt(c.lastBlock) - BigInt(c.firstBlock) + 1n).toBe(BigInt(BLOCKS))
    expect(out.chains.map((c) => c.chainId)).toEqual([138, 651940])
    // every flow transaction landed and was counted in a measured block
    expect(out.driven.flowTxs).toBeGreaterThan(8 * BLOCKS)
    expect(out.driven.flowNotLanded).toBe(0)
    expect(out.driven.flowFailed).toBe(0)
    expect(out.targets.map((t) => t.id)).toEqual(['peg', 'spread', 'rebalanceLatency', 'flashRecovery', 'cantilever'])
    for (const t of out.targets) {
      expect(['pass', 'fail', 'no data']).toContain(t.measuredVerdict)
      expect(['pass', 'fail', 'no data']).toContain(t.predictedVerdict)
    }
    // the same flow: the net external imbalance the chain received is the one the simulator predicts
    const cantilever = out.targets.find((t) => t.id === 'cantilever')!
    expect(cantilever.measured).not.toBeNull()
    expect(Math.abs(cantilever.measured! - cantilever.predicted!)).toBeLessThanOrEqual(cantilever.predicted! * 0.01)
    expect(out.measured.run.executions).toBe(out.keeper.executions)
    expect(out.keeper.failures).toBe(0)

    // the chains are back where they were: the stress keeper is no keeper, the market account never sent
    const c138 = profile.chains['138']
    const pub = createPublicClient({ transport: http(c138.rpcUrls[0]) })
    const { keeper, market } = stressAccounts()
    expect(await pub.getTransactionCount({ address: market.address })).toBe(0)
    const isKeeper = await pub.readContract({
      address: c138.contracts.stabilizer,
      abi: parseAbi(['function isKeeper(address) view returns (bool)']),
      functionName: 'isKeeper',
      args: [keeper.address],
    })
    expect(isKeeper).toBe(false)
  })

  it('an unreachable chain is exit 4 before anything is driven', async () => {
    const r = await net.run(['stress', '--blocks', '5', '--rpc-url', '138=http://127.0.0.1:1', '--json'])
    expect(r.code).toBe(4)
  })
})
