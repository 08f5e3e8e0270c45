import { type Abi, decodeErrorResult, type Hex } from 'viem'
import { errorNames as names } from './fault.js'

/** What the Safe's `GS0xx` revert strings mean (Safe v1.4.1 error codes). */
export const SAFE_ERRORS: Record<string, string> = {
  GS000: 'could not finish initialization',
  GS001: 'threshold needs to be defined',
  GS010: 'not enough gas to execute the Safe transaction',
  GS011: 'could not pay gas costs with ether',
  GS012: 'could not pay gas costs with token',
  GS013: 'the inner call reverted (safeTxGas and gasPrice are 0, so the whole transaction reverts)',
  GS020: 'signatures data too short',
  GS021: 'invalid contract signature location: inside static part',
  GS022: 'invalid contract signature location: length not present',
  GS023: 'invalid contract signature location: data not complete',
  GS024: 'invalid contract signature provided',
  GS025: 'hash has not been approved',
  GS026: 'invalid owner provided (signatures not by owners, or not sorted)',
  GS030: 'only owners can approve a hash',
  GS031: 'method can only be called from this contract',
}

/** The revert data somewhere in an error's cause chain (viem nests it as `data` or `data.data`). */
export function findRevertData(e: unknown): Hex | undefined {
  let cur = e as { data?: unknown; raw?: unknown; cause?: unknown } | undefined
  for (let n = 0; cur && n < 10; n++) {
    if (typeof cur.raw === 'string' && cur.raw.startsWith('0x')) return cur.raw as Hex
    const d = cur.data as { data?: unknown } | string | undefined
    if (typeof d === 'string' && d.startsWith('0x')) return d as Hex
    if (d && typeof d === 'object' && typeof d.data === 'string' && d.data.startsWith('0x')) return d.data as Hex
    cur = cur.cause as typeof cur
  }
  return undefined
}

const show = (v: unknown): string =>
  typeof v === 'bigint' ? v.toString() : Array.isArray(v) ? `[${v.map(show).join(', ')}]` : String(v)

/**
 * Revert data as a person reads it: `Error(string)` and `Panic(uint256)` (with the Safe's GS codes explained),
 * or a custom error of one of `abis` as `Name(arg, …)`.
 */
export function decodeRevertData(data: Hex, abis: readonly Abi[] = []): string {
  if (data === '0x') return 'reverted without a reason'
  for (const abi of [[], ...abis] as readonly Abi[]) {
    try {
      const { errorName, args } = decodeErrorResult({ abi, data })
      if (errorName === 'Error' && typeof args?.[0] === 'string') {
        const reason = args[0]
        return SAFE_ERRORS[reason] ? `${reason}: ${SAFE_ERRORS[reason]}` : reason
      }
      return `${errorName}(${(args ?? []).map(show).join(', ')})`
    } catch {
      // try the next ABI
    }
  }
  return `reverted with data ${data}`
}

/** The one revert decoder: the reason of a failed call or send, decoded with the given ABIs when it carries data. */
export function revertReason(e: unknown, abis: readonly Abi[] = []): string {
  const data = findRevertData(e)
  if (data) return decodeRevertData(data, abis)
  const err = e as { shortMessage?: string; reason?: string; message?: string }
  if (err?.reason) return SAFE_ERRORS[err.reason] ? `${err.reason}: ${SAFE_ERRORS[err.reason]}` : err.reason
  return err?.shortMessage ?? String(err?.message ?? e).split('\n')[0]
}

/**
 * The node ran the call and the contract refused it: a revert, or no code / no return data to decode (as opposed to
 * the request failing on its way).
 */
export function isRevert(e: unknown): boolean {
  if (findRevertData(e)) return true
  if (
    names(e).some((n) => /ExecutionRevertedError|ContractFunctionRevertedError|ContractFunctionZeroDataError/.test(n))
  )
    return true
  if (names(e).some((n) => /HttpRequestError|TimeoutError|WebSocketRequestError|SocketClosedError/.test(n)))
    return false
  let cur = e as { details?: string; message?: string; cause?: unknown } | undefined
  for (let n = 0; cur && n < 10; n++) {
    if (/execution reverted|reverted/i.test(cur.details ?? '')) return true
    cur = cur.cause as typeof cur
  }
  return false
}
