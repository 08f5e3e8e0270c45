import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Keystore } from 'ox'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import type { PoolsAddLiquidityResult } from '../../src/commands/pools/add-liquidity.js'
import type { PoolsQuoteResult } from '../../src/commands/pools/quote.js'
import type { SafeApproveResult } from '../../src/commands/safe/approve.js'
import type { SafeDeployResult } from '../../src/commands/safe/deploy.js'
import type { SafeExecuteResult } from '../../src/commands/safe/execute.js'
import type { SafeProposeResult } from '../../src/commands/safe/propose.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import type { CliResult } from '../helpers/cli.js'
import { type RpcTx, rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'
import { addTestSecret } from '../helpers/secret-scan.js'

const PASSWORD = 'signers-test-pw-7f3a'
const DEPLOYER = privateKeyToAccount(LOCAL_KEYS.deployer).address
const GWEI = 1_000_000_000n

/** A v3 keystore of the deployer key (cheap PBKDF2 for the test), optionally with geth's old capitalised key. */
function keystore(capitalised: boolean): string {
  const [key, opts] = Keystore.pbkdf2({ password: PASSWORD, iterations: 1024 })
  const ks = Keystore.encrypt(LOCAL_KEYS.deployer, key, opts) as unknown as Record<string, unknown>
  if (!capitalised) return JSON.stringify(ks)
  const { crypto, ...rest } = ks
  return JSON.stringify({ ...rest, Crypto: crypto })
}

describe('signers: keystores, foundry accounts, password sources, sending options', { timeout: 600_000 }, () => {
  let net: TestLocalnet
  let dir: string
  let url: string
  const run = (args: string[], env?: Record<string, string>) => net.run([...args, '--json'], env)
  const expectCode = (r: CliResult, exit: number, code?: string) => {
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(exit)
    if (code) expect(r.json<ErrorEnvelope>().error.code).toBe(code)
  }
  const nonce = async () => Number(BigInt(await rpc(url, 'eth_getTransactionCount', [DEPLOYER, 'latest'])))
  const addLiquidity = ['pools', 'add-liquidity', 'cUSDT/cUSDC', '--base', '1', '--quote', '1', '--yes']

  beforeAll(async () => {
    addTestSecret(PASSWORD, 'keystore password')
    net = await sharedLocalnet()
    url = `http://127.0.0.1:${net.ports['138']}`
    dir = mkdtempSync(join(tmpdir(), 'vault-signers-'))
    mkdirSync(join(dir, 'keystores'))
    writeFileSync(join(dir, 'capitalised.json'), keystore(true))
    writeFileSync(join(dir, 'keystores', 'deployer'), keystore(false))
    writeFileSync(join(dir, 'password.txt'), `${PASSWORD}\n`)
    writeFileSync(join(dir, 'wrong.txt'), 'not-the-password\n')
  })
  afterAll(async () => {
    await net?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('a keystore whose JSON says "Crypto" decrypts (password from ETH_PASSWORD) and sends', async () => {
    const r = await run([...addLiquidity, '--keystore', join(dir, 'capitalised.json')], { ETH_PASSWORD: PASSWORD })
    expectCode(r, 0)
    expect(r.json<PoolsAddLiquidityResult>().provider).toBe(DEPLOYER)
  })

  it('--account NAME reads foundry’s keystore folder; --password-file gives the password', async () => {
    const env = { VAULT_KEYSTORE_DIR: join(dir, 'keystores') }
    const before = await nonce()
    const r = await run([...addLiquidity, '--account', 'deployer', '--password-file', join(dir, 'password.txt')], env)
    expectCode(r, 0)
    expect(r.json<PoolsAddLiquidityResult>().provider).toBe(DEPLOYER)
    expect(await nonce()).toBeGreaterThan(before)
    // ETH_KEYSTORE_ACCOUNT is cast's environment name for --account
    expectCode(
      await run(addLiquidity, { ...env, ETH_KEYSTORE_ACCOUNT: 'deployer', VAULT_KEYSTORE_PASSWORD: PASSWORD }),
      0,
    )
    // the daemons take the same key sources: the bot runs with the account; the keeper reads it and names its
    // address (the deployer is no keeper); a wrong password stops both before they start
    const account = ['--account', 'deployer', '--password-file']
    const arb = ['bridge', 'arb', '--once']
    const keeper = ['keeper', 'run', '--once', '--chain', '138']
    expectCode(await run([...arb, ...account, join(dir, 'password.txt')], env), 0)
    const notKeeper = await run([...keeper, ...account, join(dir, 'password.txt')], env)
    expectCode(notKeeper, 3, 'NOT_A_KEEPER')
    expect(notKeeper.json<ErrorEnvelope>().error.message).toContain(DEPLOYER)
    for (const daemon of [arb, keeper])
      expectCode(await run([...daemon, ...account, join(dir, 'wrong.txt')], env), 3, 'KEYSTORE_DECRYPT')
  })

  it('refuses a wrong password, a missing account or password file with a code; nothing sent', async () => {
    const env = { VAULT_KEYSTORE_DIR: join(dir, 'keystores') }
    const before = await nonce()
    const wrong = await run([...addLiquidity, '--account', 'deployer', '--password-file', join(dir, 'wrong.txt')], env)
    expectCode(wrong, 3, 'KEYSTORE_DECRYPT')
    expectCode(
      await run([...addLiquidity, '--account', 'nobody'], { ...env, ETH_PASSWORD: PASSWORD }),
      3,
      'KEYSTORE_UNREADABLE',
    )
    expectCode(await run([...addLiquidity, '--account', '../keystores/deployer'], env), 3, 'KEYSTORE_UNREADABLE')
    const noFile = await run([...addLiquidity, '--account', 'deployer', '--password-file', join(dir, 'none.txt')], env)
    expectCode(noFile, 3, 'PASSWORD_FILE_UNREADABLE')
    expect(await nonce()).toBe(before)
  })

  it('--legacy --gas-price --nonce: type-0 transactions at that price from that nonce, in order', async () => {
    const start = await nonce()
    const r = await run([...addLiquidity, '--legacy', '--gas-price', '3', '--nonce', String(start)], {
      VAULT_PRIVATE_KEY: LOCAL_KEYS.deployer,
    })
    expectCode(r, 0)
    const hashes = r.json<PoolsAddLiquidityResult>().txHashes ?? []
    expect(hashes.length).toBeGreaterThan(0)
    for (const [n, hash] of hashes.entries()) {
      const tx = await rpc<RpcTx>(url, 'eth_getTransactionByHash', [hash])
      expect(tx.type).toBe('0x0')
      expect(BigInt(tx.gasPrice)).toBe(3n * GWEI)
      expect(Number(BigInt(tx.nonce))).toBe(start + n)
    }
  })

  it('--gas-price and --priority-gas-price set the EIP-1559 fee cap and tip', async () => {
    const r = await run([...addLiquidity, '--gas-price', '7', '--priority-gas-price', '2'], {
      VAULT_PRIVATE_KEY: LOCAL_KEYS.deployer,
    })
    expectCode(r, 0)
    for (const hash of r.json<PoolsAddLiquidityResult>().txHashes ?? []) {
      const tx = await rpc<RpcTx>(url, 'eth_getTransactionByHash', [hash])
      expect(tx.type).toBe('0x2')
      expect(BigInt(tx.maxFeePerGas ?? -1)).toBe(7n * GWEI)
      expect(BigInt(tx.maxPriorityFeePerGas ?? -1)).toBe(2n * GWEI)
    }
  })

  it('contradictory sending options are exit 3 before anything is signed', async () => {
    const env = { VAULT_PRIVATE_KEY: LOCAL_KEYS.deployer }
    const before = await nonce()
    expectCode(await run([...addLiquidity, '--legacy', '--priority-gas-price', '1'], env), 3, 'TX_OPTIONS_INVALID')
    expectCode(
      await run([...addLiquidity, '--gas-price', '1', '--priority-gas-price', '2'], env),
      3,
      'TX_OPTIONS_INVALID',
    )
    expectCode(await run([...addLiquidity, '--safe', '--nonce', '5'], env), 3, 'TX_OPTIONS_INVALID')
    expectCode(await run([...addLiquidity, '--nonce', String(2n ** 64n)], env), 3, 'PARAM_OUT_OF_RANGE')
    expectCode(await run([...addLiquidity, '--confirmations', '0'], env), 3, 'PARAM_OUT_OF_RANGE')
    expect(await nonce()).toBe(before)
  })

  it('--confirmations 3: each transaction is awaited until two more blocks are on top of it', async () => {
    const start = await nonce()
    let done = false
    const child = spawn(process.execPath, ['bin/run.js', ...addLiquidity, '--confirmations', '3', '--json'], {
      env: { ...process.env, VAULT_CONFIG_DIR: net.configDir, VAULT_PRIVATE_KEY: LOCAL_KEYS.deployer, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    const exited = new Promise<number>((resolve) =>
      child.on('close', (code) => {
        done = true
        resolve(code ?? -1)
      }),
    )
    // automine mines a block only for a transaction: nothing else moves the chain but this loop
    let mined = 0
    while (!done) {
      const n = await nonce()
      if (n > start + mined) {
        // the transaction is in a block, and the command has not finished: it waits for confirmations
        expect(done).toBe(false)
        mined = n - start
        await rpc(url, 'anvil_mine', ['0x2'])
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(await exited, stdout).toBe(0)
    expect(mined).toBe((JSON.parse(stdout).txHashes as string[]).length)
  })

  it('safe approve and safe execute take the same sending options', async () => {
    const [A, B, C] = LOCAL_KEYS.owners
    const as = (key: `0x${string}`) => ({ VAULT_PRIVATE_KEY: key })
    const proposed = await run(
      ['safe', 'propose', '--to', '0x000000000000000000000000000000000000dEaD', '--data', '0x', '--yes'],
      as(A),
    )
    expectCode(proposed, 0)
    const file = proposed.json<SafeProposeResult>().file
    expectCode(await run(['safe', 'sign', file, '--yes'], as(B)), 0)
    const approved = await run(['safe', 'approve', file, '--yes', '--legacy', '--gas-price', '2'], as(C))
    expectCode(approved, 0)
    const approveTx = await rpc<RpcTx>(url, 'eth_getTransactionByHash', [
      approved.json<SafeApproveResult>().transactionHash,
    ])
    expect(approveTx.type).toBe('0x0')
    expect(BigInt(approveTx.gasPrice)).toBe(2n * GWEI)
    const executor = privateKeyToAccount(A).address
    const n = Number(BigInt(await rpc(url, 'eth_getTransactionCount', [executor, 'latest'])))
    const executed = await run(
      ['safe', 'execute', file, '--yes', '--gas-price', '9', '--priority-gas-price', '1', '--nonce', String(n)],
      as(A),
    )
    expectCode(executed, 0)
    const execTx = await rpc<RpcTx>(url, 'eth_getTransactionByHash', [
      executed.json<SafeExecuteResult>().transactionHash,
    ])
    expect([
      execTx.type,
      BigInt(execTx.maxFeePerGas ?? -1),
      BigInt(execTx.maxPriorityFeePerGas ?? -1),
      Number(execTx.nonce),
    ]).toEqual(['0x2', 9n * GWEI, 1n * GWEI, n])
  })

  it('safe deploy takes the sending options: a legacy deploy at 3 gwei from the given nonce', async () => {
    const env = { VAULT_PRIVATE_KEY: LOCAL_KEYS.deployer }
    const owners = [
      '--owners',
      LOCAL_KEYS.owners.map((k) => privateKeyToAccount(k).address).join(','),
      '--threshold',
      '2',
    ]
    const start = await nonce()
    // a nonce is per chain: refused for two chains before anything is sent
    const both = await run(['safe', 'deploy', ...owners, '--nonce', String(start), '--yes'], env)
    expectCode(both, 3, 'TX_OPTIONS_INVALID')
    expect(await nonce()).toBe(start)
    const r = await run(
      ['safe', 'deploy', ...owners, '--chain', '138', '--salt-nonce', '4141'].concat([
        '--legacy',
        '--gas-price',
        '3',
        '--nonce',
        String(start),
        '--yes',
      ]),
      env,
    )
    expectCode(r, 0)
    const [chain] = r.json<SafeDeployResult>().chains
    expect(chain.chainId).toBe(138)
    expect(chain.transactions.length).toBeGreaterThan(0)
    for (const [n, hash] of chain.transactions.entries()) {
      const tx = await rpc<RpcTx>(url, 'eth_getTransactionByHash', [hash])
      expect([tx.type, BigInt(tx.gasPrice), Number(BigInt(tx.nonce))]).toEqual(['0x0', 3n * GWEI, start + n])
    }
  })

  it('--rpc-url before the positional argument keeps the positional', async () => {
    const r = await run(['pools', 'quote', '--rpc-url', url, 'cUSDT/cUSDC', '--sell', '1', 'cUSDT', '--offline'])
    expectCode(r, 0)
    expect(r.json<PoolsQuoteResult>().pair).toBe('cUSDT/cUSDC')
  })

  it('an amount above uint256 is exit 3 with a code, never a crash', async () => {
    const big = String(2n ** 256n)
    expectCode(await run(['pools', 'quote', 'cUSDT/cUSDC', '--sell', big, 'cUSDT']), 3, 'PARAM_OUT_OF_RANGE')
    const r = await run(['pools', 'add-liquidity', 'cUSDT/cUSDC', '--base', big, '--yes'], {
      VAULT_PRIVATE_KEY: LOCAL_KEYS.deployer,
    })
    expectCode(r, 3, 'PARAM_OUT_OF_RANGE')
  })

  it('an unwritable output path is exit 3 before the work, and nothing is written', async () => {
    const sim = ['simulate', '--runs', '1', '--blocks', '5', '--workers', '1']
    expectCode(await run([...sim, '--csv', join(dir, 'missing', 'x.csv')]), 3, 'OUTPUT_UNWRITABLE')
    expectCode(await run([...sim, '--report', dir]), 3, 'OUTPUT_UNWRITABLE')
    expectCode(
      await run([...sim, '--shard', '1/2', '--out', join(dir, 'missing', 'shard.json')]),
      3,
      'OUTPUT_UNWRITABLE',
    )
    expect(readdirSync(dir).sort()).toEqual(['capitalised.json', 'keystores', 'password.txt', 'wrong.txt'])
  })
})
