import {
  type Account,
  getAddress,
  type Hex,
  hashDomain,
  hashStruct,
  type hashTypedData,
  type SerializeTransactionFn,
  serializeTransaction,
  type TransactionSerializable,
  toHex,
} from 'viem'
import { toAccount } from 'viem/accounts'
import { VaultError } from '../core/errors.js'

/** The first account of Ledger Live and cast --ledger. */
export const DEFAULT_HD_PATH = "m/44'/60'/0'/0/0"

/** What the Ethereum app needs of a transport (`@ledgerhq/hw-transport`'s Transport: USB, or a replay in tests). */
export interface LedgerTransport {
  send(cla: number, ins: number, p1: number, p2: number, data?: Buffer, statusList?: number[]): Promise<Buffer>
  close(): Promise<void>
}

type Sig<V> = { v: V; r: string; s: string }
/** The calls of `@ledgerhq/hw-app-eth` used here. */
interface EthApp {
  getAddress(path: string, display: boolean, chaincode: boolean): Promise<{ address: string }>
  signTransaction(path: string, rawTxHex: string, resolution: null): Promise<Sig<string>>
  signPersonalMessage(path: string, messageHex: string): Promise<Sig<number>>
  signEIP712HashedMessage(path: string, domainHash: string, messageHash: string): Promise<Sig<number>>
}

/** Opens the device for one operation (each signature opens and closes it, so no USB handle outlives the command). */
export type OpenLedger = () => Promise<LedgerTransport>

/** The class a CommonJS package exports as `default` (`import()` of CJS wraps module.exports in one more default). */
// biome-ignore lint/suspicious/noExplicitAny: the shape of a CommonJS namespace object
const cjsDefault = (mod: any) => mod.default?.default ?? mod.default ?? mod

const unavailable = (why: string, cause?: unknown) =>
  new VaultError('LEDGER_UNAVAILABLE', `No Ledger: ${why}`, {
    hints: [
      'Plug the Ledger in, unlock it and open the Ethereum app; on Linux the udev rules must allow USB access.',
      'Or sign with --keystore / --account, or propose to the Safe with --safe.',
    ],
    cause,
  })

/** The USB transport, loaded only when --ledger is used (a native module start-up never pays for). */
export async function openLedger(): Promise<OpenLedger> {
  let TransportNodeHid: { create(openTimeout?: number, listenTimeout?: number): Promise<LedgerTransport> }
  try {
    const mod = await import('@ledgerhq/hw-transport-node-hid')
    TransportNodeHid = cjsDefault(mod)
  } catch (e) {
    throw unavailable('USB support (@ledgerhq/hw-transport-node-hid) is not installed or does not load here', e)
  }
  const open = async () => {
    try {
      return await TransportNodeHid.create(3000, 3000)
    } catch (e) {
      throw unavailable('no device answered over USB', e)
    }
  }
  await (await open()).close()
  return open
}

/** Status words of the Ethereum app, as the catalog's codes. */
function deviceError(e: unknown): VaultError {
  if (e instanceof VaultError) return e
  const status = (e as { statusCode?: number })?.statusCode
  if (status === 0x6985)
    return new VaultError('LEDGER_REJECTED', 'Rejected on the Ledger', { details: 'Nothing was sent.', cause: e })
  if (status === 0x6a80)
    return new VaultError('LEDGER_REJECTED', 'The Ledger refused the data', {
      hints: ['Enable "Blind signing" in the Ethereum app settings to sign contract calls.'],
      cause: e,
    })
  if (status === 0x5515 || status === 0x6b0c) return unavailable('the device is locked', e)
  if (status === 0x6d00 || status === 0x6e00 || status === 0x6511 || status === 0x6e01)
    return unavailable('the Ethereum app is not open', e)
  return unavailable(`the device answered ${status === undefined ? 'nothing' : `0x${status.toString(16)}`}`, e)
}

const bip32 = (path: string) => {
  if (!/^m\/(\d+'?\/)*\d+'?$/.test(path))
    throw new VaultError('NUMBER_INVALID', `"${path}" is not a derivation path like ${DEFAULT_HD_PATH}`, {
      field: 'hdPath',
    })
  return path.slice(2)
}

/**
 * A viem account whose signatures come from the Ledger's Ethereum app (transactions blind-signed from their RLP,
 * personal messages, EIP-712 by its domain and struct hashes). The private key never leaves the device.
 */
export async function ledgerAccount(open: OpenLedger, hdPath = DEFAULT_HD_PATH): Promise<Account> {
  const path = bip32(hdPath)
  const Eth = cjsDefault(await import('@ledgerhq/hw-app-eth')) as new (t: LedgerTransport) => EthApp
  const withEth = async <T>(work: (eth: EthApp) => Promise<T>): Promise<T> => {
    const transport = await open()
    try {
      return await work(new Eth(transport))
    } catch (e) {
      throw deviceError(e)
    } finally {
      await transport.close().catch(() => {})
    }
  }
  const { address } = await withEth((eth) => eth.getAddress(path, false, false))
  return toAccount({
    address: getAddress(address),
    async signTransaction(tx: TransactionSerializable, opts?: { serializer?: SerializeTransactionFn<never> }) {
      const serializer = (opts?.serializer ?? serializeTransaction) as typeof serializeTransaction
      const unsigned = serializer(tx)
      // null: no metadata lookups over the network; the device shows the raw call (blind signing)
      const sig = await withEth((eth) => eth.signTransaction(path, unsigned.slice(2), null))
      const v = BigInt(`0x${sig.v}`)
      const r = `0x${sig.r.padStart(64, '0')}` as Hex
      const s = `0x${sig.s.padStart(64, '0')}` as Hex
      return tx.type === 'legacy' || (tx.type === undefined && tx.gasPrice !== undefined)
        ? serializer(tx, { r, s, v })
        : serializer(tx, { r, s, yParity: Number(v) })
    },
    async signMessage({ message }) {
      const hex =
        typeof message === 'string'
          ? toHex(message)
          : typeof message.raw === 'string'
            ? message.raw
            : toHex(message.raw)
      const sig = await withEth((eth) => eth.signPersonalMessage(path, hex.slice(2)))
      return `0x${sig.r}${sig.s}${sig.v.toString(16).padStart(2, '0')}` as Hex
    },
    async signTypedData(typed) {
      const { domain = {}, types, primaryType, message } = typed as Parameters<typeof hashTypedData>[0]
      const domainHash = hashDomain({ domain, types } as never)
      const messageHash = hashStruct({ data: message, primaryType, types } as never)
      const sig = await withEth((eth) => eth.signEIP712HashedMessage(path, domainHash.slice(2), messageHash.slice(2)))
      return `0x${sig.r}${sig.s}${sig.v.toString(16).padStart(2, '0')}` as Hex
    },
  })
}
