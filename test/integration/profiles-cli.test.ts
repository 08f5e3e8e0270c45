import { afterAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { ConfigGetResult } from '../../src/commands/config/get.js'
import type { ConfigShowResult } from '../../src/commands/config/show.js'
import { DEFAULT_STABILIZER, stabilizerParamsOf } from '../../src/config/presets.js'
import { LOCALNET_STABILIZER_PARAMS } from '../../src/localnet/deploy.js'
import { runCli, tempConfigDir } from '../helpers/cli.js'

/** FACTS.md: chain 138's addresses the mainnet preset must carry. */
const FACTS_138 = {
  tokens: {
    cUSDT: '0x93E66202A11B1772E55407B32B44e5Cd8eda7f22',
    cUSDC: '0xf22258f57794CC8E06237084b353Ab30fFfa640b',
    cEURT: '0xdf4b71c61E5912712C1Bdd451416B9aC26949d72',
    cXAUC: '0x290E52a8819A4fbD0714E517225429aA2B70EC6b',
    cXAUT: '0x94e408E26c6FD8F4ee00b54dF19082FDA07dC96E',
  },
  contracts: {
    integration: '0x5BDc62f1ae7D630c37A8B363a1d49845356Ee72d',
    provider: '0x8EF6657D2a86c569F6ffc337EE6b4260Bd2e59d0',
    multicall3: '0xcA11bde05977b3631167028862bE2a173976CA11',
  },
}

describe('profiles: mainnet preset, one source of stabilizer defaults, reserve and oracle settings', {
  timeout: 300_000,
}, () => {
  const cfg = tempConfigDir()
  const run = (args: string[]) => runCli(args, { configDir: cfg.dir })
  afterAll(() => cfg.cleanup())

  it('config init --profile mainnet exits 0 and the preset carries every address in FACTS.md', async () => {
    const init = await run(['config', 'init', '--profile', 'mainnet', '--json'])
    expect(init.code, init.stderr).toBe(0)
    const show = await run(['config', 'show', '--profile', 'mainnet', '--json'])
    expect(show.code, show.stderr).toBe(0)
    const s = show.json<ConfigShowResult>().settings
    expect(s.chains['138']?.tokens).toEqual(FACTS_138.tokens)
    expect(s.chains['138']?.contracts).toMatchObject(FACTS_138.contracts)
    expect(s.chains['138']?.rpcUrls[0]).toBe('https://rpc-http-pub.d-bis.org')
    expect(s.chains['651940']?.rpcUrls).toEqual([])
    expect(s.stabilizer.maxOracleAge).toBe(DEFAULT_STABILIZER.maxOracleAge)
    expect(s.reserve.policy).toEqual({ A: 3000, B: 3000, C: 1000, D: 1500, E: 1500 })
  })

  it('a chain without an RPC URL is reported by the command that needs it (exit 4), not refused at init', async () => {
    const r = await run(['oracle', 'show', '--profile', 'mainnet', '--chain', '651940', '--json'])
    expect(r.code).toBe(4)
    expect(r.json<ErrorEnvelope>().error.code).toBe('CHAIN_UNREACHABLE')
    expect(r.stdout).toContain('VAULT_ALLTRA_RPC_URL')
  })

  it('the stabilizer defaults are the ones the localnet deploys', () => {
    expect(stabilizerParamsOf(DEFAULT_STABILIZER)).toEqual(LOCALNET_STABILIZER_PARAMS)
  })

  it('reserve policy, tolerance, maxOracleAge and oracle bounds are settable and validated', async () => {
    expect((await run(['config', 'set', 'reserve.policy.C', '1200', '--profile', 'mainnet'])).code).toBe(0)
    expect((await run(['config', 'set', 'stabilizer.maxOracleAge', '7200', '--profile', 'mainnet'])).code).toBe(0)
    expect((await run(['config', 'set', 'oracle.syncToleranceBps', '3', '--profile', 'mainnet'])).code).toBe(0)
    const bad: [string, string, string][] = [
      ['reserve.policy.F', '100', 'CONFIG_KEY_UNKNOWN'],
      ['reserve.policy.A', '10001', 'CONFIG_INVALID'],
      ['reserve.toleranceBps', '-1', 'CONFIG_INVALID'],
      ['stabilizer.maxOracleAge', '1.5', 'CONFIG_INVALID'],
    ]
    for (const [key, value, code] of bad) {
      const r = await run(['config', 'set', key, value, '--profile', 'mainnet', '--json'])
      expect(r.code, key).toBe(3)
      expect(r.json<ErrorEnvelope>().error.code, key).toBe(code)
    }
    const got = await run(['config', 'get', 'reserve.policy.C', '--profile', 'mainnet', '--json'])
    expect(got.json<ConfigGetResult>().value).toBe(1200)
    // a policy that no longer sums to 100% is refused where it is used
    const check = await run(['reserve', 'check', '--profile', 'mainnet', '--json'])
    expect(check.code).toBe(3)
    expect(check.json<ErrorEnvelope>().error.code).toBe('RESERVE_POLICY_INVALID')
  })
})
