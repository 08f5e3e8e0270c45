import { openTransportReplayer, RecordStore } from '@ledgerhq/hw-transport-mocker'
import { type Address, type Hex, keccak256, parseGwei, serializeTransaction, toHex } from 'viem'
import { privateKeyToAccount, sign } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVaultClient, type VaultClient } from '../../src/chain/client.js'
import { withGasHeadroom } from '../../src/chain/gas.js'
import type { ErrorEnvelope } from '../../src/cli/exit.js'
import { isVaultError } from '../../src/core/errors.js'
import { LOCAL_KEYS } from '../../src/localnet/up.js'
import type { Action, TxOptions } from '../../src/tx/call.js'
import { ledgerAccount } from '../../src/tx/ledger.js'
import { perform } from '../../src/tx/perform.js'
import { type RpcTx, rpc, sharedLocalnet, type TestLocalnet } from '../helpers/localnet.js'

// The device's key: an anvil-funded account (the replayed device signs with it, as a Ledger would with its own).
const DEVICE_KEY = LOCAL_KEYS.outsider
const DEVICE = privateKeyToAccount(DEVICE_KEY)
const PATH_APDU = '058000002c8000003c800000000000000000000000' // m/44'/60'/0'/0/0: 5 elements, hardened where '
const TO: Address = '0x000000000000000000000000000000000000dEaD'

const hex = (h: string) => h.replace(/^0x/, '')
const apdu = (ins: string, data: string) => `e0${ins}0000${(data.length / 2).toString(16).padStart(2, '0')}${data}`

/** The Ethereum app's GET_ADDRESS exchange: public key (65 bytes), then the address as 40 ASCII hex digits. */
function getAddressExchange(): string {
  const pub = hex(DEVICE.publicKey)
  const ascii = Buffer.from(hex(DEVICE.address).toLowerCase(), 'ascii').toString('hex')
  return `=> ${apdu('02', PATH_APDU)}\n<= 41${pub}28${ascii}9000\n`
}

/** SIGN_TX of exactly this unsigned transaction, answered with the device key's signature (y parity, r, s). */
async function signExchange(unsigned: Hex, answer?: string): Promise<string> {
  const sig = await sign({ hash: keccak256(unsigned), privateKey: DEVICE_KEY })
  const reply = answer ?? `${toHex(sig.yParity ?? 0, { size: 1 }).slice(2)}${hex(sig.r)}${hex(sig.s)}9000`
  return `=> ${apdu('04', `${PATH_APDU}${hex(unsigned)}`)}\n<= ${reply}\n`
}

describe('Ledger signer (hw-app-eth over a replayed transport)', { timeout: 300_000 }, () => {
  let net: TestLocalnet
  let client: VaultClient
  const url = () => `http://127.0.0.1:${net.ports['138']}`
  const nonce = async () => Number(BigInt(await rpc(url(), 'eth_getTransactionCount', [DEVICE.address, 'latest'])))
  const action: Action = { chainId: 138, to: TO, data: '0x', value: 12345n, description: 'pay 12345 wei', abis: [] }
  const tx = (n: number): TxOptions => ({
    gasPrice: parseGwei('5'),
    priorityGasPrice: parseGwei('1'),
    nonce: BigInt(n),
  })
  const unsignedFor = (n: number) =>
    serializeTransaction({
      chainId: 138,
      type: 'eip1559',
      nonce: n,
      maxFeePerGas: parseGwei('5'),
      maxPriorityFeePerGas: parseGwei('1'),
      // a transfer's estimate, and the headroom every send adds to it
      gas: withGasHeadroom(21_000n),
      to: TO,
      value: 12345n,
      data: '0x',
    })
  const device = (record: string) => {
    const store = RecordStore.fromString(record)
    const transport = openTransportReplayer(store)
    return { store, open: async () => transport }
  }

  beforeAll(async () => {
    net = await sharedLocalnet()
    client = createVaultClient({ chainId: 138, rpcUrls: [url()], timeoutMs: 10_000, retries: 0, retryDelayMs: 0 })
  })
  afterAll(async () => {
    await net?.stop()
  })

  it('reads the address from the device and sends a transaction the device signed through the write spine', async () => {
    const n = await nonce()
    const { store, open } = device(getAddressExchange() + (await signExchange(unsignedFor(n))))
    const account = await ledgerAccount(open)
    expect(account.address).toBe(DEVICE.address)
    const done = await perform(client, {
      actions: [action],
      route: { kind: 'key', account, tx: tx(n) },
      confirm: async () => {},
    })
    store.ensureQueueEmpty()
    const sent = done.sent?.[0]
    expect(sent?.from).toBe(DEVICE.address)
    expect(sent?.receipt.status).toBe('success')
    const onChain = await rpc<RpcTx>(url(), 'eth_getTransactionByHash', [sent?.txHash])
    expect(onChain.from.toLowerCase()).toBe(DEVICE.address.toLowerCase())
    expect(BigInt(onChain.value)).toBe(12345n)
    expect(await nonce()).toBe(n + 1)
  })

  it('a transaction rejected on the device is LEDGER_REJECTED (exit 5) and nothing is sent', async () => {
    const n = await nonce()
    const { open } = device(getAddressExchange() + (await signExchange(unsignedFor(n), '6985')))
    const account = await ledgerAccount(open)
    const err = await perform(client, {
      actions: [action],
      route: { kind: 'key', account, tx: tx(n) },
      confirm: async () => {},
    }).catch((e) => e)
    expect(isVaultError(err) && err.code).toBe('LEDGER_REJECTED')
    expect(await nonce()).toBe(n)
  })

  it('the Ethereum app closed (0x6e00 on GET_ADDRESS) is LEDGER_UNAVAILABLE', async () => {
    const { open } = device(`=> ${apdu('02', PATH_APDU)}\n<= 6e00\n`)
    const err = await ledgerAccount(open).catch((e) => e)
    expect(isVaultError(err) && err.code).toBe('LEDGER_UNAVAILABLE')
  })

  it('without a device, --ledger is exit 4 LEDGER_UNAVAILABLE; commands that need a local key refuse it (exit 3)', async () => {
    const send = await net.run([
      'pools',
      'add-liquidity',
      'cUSDT/cUSDC',
      '--base',
      '1',
      '--quote',
      '1',
      '--ledger',
      '--yes',
      '--json',
    ])
    expect(send.code, send.stdout + send.stderr).toBe(4)
    expect(send.json<ErrorEnvelope>().error.code).toBe('LEDGER_UNAVAILABLE')
    const sign = await net.run(['safe', 'deploy', '--owners', TO, '--threshold', '1', '--ledger', '--yes', '--json'])
    expect(sign.code, sign.stdout + sign.stderr).toBe(3)
    expect(sign.json<ErrorEnvelope>().error.code).toBe('LEDGER_UNSUPPORTED')
  })
})
