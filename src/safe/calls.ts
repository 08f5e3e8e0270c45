import { type Address, getAddress, type Hex } from 'viem'
import type { ChainId } from '../config/schema.js'
import { VaultError } from '../core/errors.js'
import { KNOWN_ABIS } from './known-abis.js'
import { type SafeSession, safeRoute } from './target.js'

/** `safe propose`: calls given on the command line or in a batch file, encoded, then proposed through the spine. */

/** One call of a `safe propose`: raw data, or a function signature and its arguments. */
export interface CallSpec {
  to: string
  value?: string
  data?: string
  call?: string
  args?: unknown[]
}

export interface Param {
  type: string
  components?: readonly Param[]
}

/** A command-line/JSON value as the ABI type wants it: integers as bigint, tuples and arrays from JSON, recursively. */
export function coerceArg(p: Param, v: unknown): unknown {
  const arr = /^(.*)\[(\d*)\]$/.exec(p.type)
  if (arr || p.type === 'tuple') {
    const parsed = typeof v === 'string' ? JSON.parse(v) : v
    if (arr) {
      if (!Array.isArray(parsed)) throw new Error(`expected a JSON array for ${p.type}`)
      return parsed.map((x) => coerceArg({ type: arr[1], components: p.components }, x))
    }
    const comps = p.components ?? []
    const values = Array.isArray(parsed)
      ? parsed
      : comps.map((c) => (parsed as Record<string, unknown>)[(c as { name?: string }).name ?? ''])
    if (values.length !== comps.length) throw new Error(`expected ${comps.length} tuple fields`)
    return comps.map((c, i) => coerceArg(c, values[i]))
  }
  if (/^u?int\d*$/.test(p.type)) return BigInt(String(v))
  if (p.type === 'bool') {
    if (v !== true && v !== false && v !== 'true' && v !== 'false') throw new Error(`expected true or false, got ${v}`)
    return v === true || v === 'true'
  }
  return v
}

/** Calldata for `to`: `data` as given, or `call` ("fn(uint256,address)") encoded with `args`. Exit 3 on anything malformed. */
export async function encodeCallSpec(
  spec: CallSpec,
  n = 1,
): Promise<{ to: Address; value: bigint; data: Hex; method?: string }> {
  const { encodeFunctionData, isAddress, isHex, parseAbiItem } = await import('viem')
  const where = `call #${n}`
  if (!isAddress(spec.to, { strict: false }))
    throw new VaultError('ADDRESS_INVALID', `${where}: "${spec.to}" is not an address`)
  if (spec.value !== undefined && !/^\d+$/.test(spec.value))
    throw new VaultError('CALL_INVALID', `${where}: value must be wei as a whole number`)
  const value = BigInt(spec.value ?? '0')
  if ((spec.data === undefined) === (spec.call === undefined))
    throw new VaultError('CALL_INVALID', `${where}: give exactly one of --data or --call`)
  if (spec.data !== undefined) {
    if (!isHex(spec.data, { strict: true }) || spec.data.length % 2 !== 0)
      throw new VaultError('CALL_INVALID', `${where}: data must be even-length 0x hex`)
    return { to: getAddress(spec.to), value, data: spec.data.toLowerCase() as Hex }
  }
  try {
    const sig = spec.call as string
    const item = parseAbiItem(`function ${sig.replace(/^function\s+/, '')}`)
    if (item.type !== 'function') throw new Error('not a function')
    const args = spec.args ?? []
    if (args.length !== item.inputs.length)
      throw new Error(`${item.inputs.length} arguments expected, got ${args.length}`)
    const typed = item.inputs.map((input, i) => coerceArg(input as Param, args[i]))
    const data = encodeFunctionData({ abi: [item], args: typed } as never)
    return { to: getAddress(spec.to), value, data, method: item.name }
  } catch (e) {
    throw new VaultError('CALL_INVALID', `${where}: cannot encode ${spec.call}`, {
      details: (e as Error).message.split('\n')[0],
      hints: ['Example: --call "setKeeper(address,bool)" 0xAbc… true; tuples and arrays as JSON.'],
    })
  }
}

/** Read `--batch <file.json>`: an array of {to, value?, data? | call + args?}. */
export async function readBatchFile(path: string): Promise<CallSpec[]> {
  const { readFile } = await import('node:fs/promises')
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (e) {
    throw new VaultError('BATCH_INVALID', `Cannot read batch file ${path}`, { details: (e as Error).message })
  }
  const list = Array.isArray(json) ? json : (json as { transactions?: unknown })?.transactions
  if (!Array.isArray(list) || list.length === 0) {
    throw new VaultError(
      'BATCH_INVALID',
      'A batch file is a non-empty JSON array of {to, value?, data? | call, args?}',
      { details: path },
    )
  }
  return list.map((x, n) => {
    const o = x as Record<string, unknown>
    if (typeof o !== 'object' || o === null || typeof o.to !== 'string')
      throw new VaultError('BATCH_INVALID', `Batch entry #${n + 1} needs "to"`)
    return {
      to: o.to,
      value: o.value === undefined ? undefined : String(o.value),
      data: typeof o.data === 'string' ? o.data : undefined,
      call: typeof o.call === 'string' ? o.call : undefined,
      args: Array.isArray(o.args) ? o.args : undefined,
    }
  })
}

/** Encode, then the spine: simulate from the Safe (a revert is exit 5), confirm, write the proposal (a MultiSend when several). */
export async function proposeCalls(
  s: SafeSession,
  {
    chainId,
    specs,
    ...opts
  }: {
    chainId: ChainId
    specs: CallSpec[]
    description?: string
    nonce?: bigint
    confirm: (summary: string) => Promise<void>
  },
) {
  const { perform } = await import('../tx/perform.js')
  const route = safeRoute(s)
  const client = await s.ctx.client(chainId)
  const encoded = await Promise.all(specs.map((spec, n) => encodeCallSpec(spec, n + 1)))
  const actions = encoded.map((e) => ({
    chainId,
    to: e.to,
    data: e.data,
    value: e.value,
    description: `${e.method ?? e.data.slice(0, 10)} on ${e.to}`,
    abis: KNOWN_ABIS,
  }))
  const done = await perform(client, { actions, route, ...opts })
  return done.proposal!
}
