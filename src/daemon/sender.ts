import {
  type Address,
  type Chain,
  type Hex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  type Transport,
} from 'viem'

/** A transaction this process sent and has not yet seen settled. */
export interface InFlight {
  /** What it was sent for (e.g. the pool), so one decision never gets two transactions. */
  key: string
  hash: Hex
  nonce: number
  sentAtBlock: bigint
}

export type Settled =
  | { kind: 'mined'; tx: InFlight; status: 'success' | 'reverted'; blockNumber: bigint; feeWei: bigint }
  /** The nonce was used by another transaction (replaced, or sent elsewhere with the same key). */
  | { kind: 'replaced'; tx: InFlight }
  /** The node no longer holds it and its nonce is unused: it will never be mined. */
  | { kind: 'dropped'; tx: InFlight }
  /** Not mined after `stuckBlocks` blocks; still in flight. */
  | { kind: 'stuck'; tx: InFlight; blocks: bigint }

export interface FeeCap {
  /** The most the transaction may pay per gas (the contract's gas-price cap). */
  maxFeePerGas: bigint
  /** Tip offered, cut so that base fee + tip never exceeds the cap. */
  priorityFeePerGas: bigint
}

/**
 * The fee a transaction sent now would pay, against a cap: `null` when the next block's base fee plus the smallest
 * tip already exceeds it (sending could only revert or sit unmined), else fees that can never exceed the cap.
 */
export function feeUnderCap(nextBaseFee: bigint, cap: bigint, tip: bigint): FeeCap | null {
  if (nextBaseFee > cap) return null
  const room = cap - nextBaseFee
  return { maxFeePerGas: cap, priorityFeePerGas: tip < room ? tip : room }
}

/** EIP-1559: the base fee of the block after one with `baseFee` that used `gasUsed` of `gasLimit`. */
export function nextBaseFee(b: { baseFeePerGas: bigint | null; gasUsed: bigint; gasLimit: bigint }): bigint {
  const base = b.baseFeePerGas ?? 0n
  const target = b.gasLimit / 2n
  if (target === 0n || b.gasUsed === target) return base
  if (b.gasUsed > target) {
    const delta = (base * (b.gasUsed - target)) / target / 8n
    return base + (delta > 0n ? delta : 1n)
  }
  return base - (base * (target - b.gasUsed)) / target / 8n
}

/**
 * Sends from one key with a nonce this process owns: no two transactions for one key (decision) while the first is
 * in flight; at start, transactions a previous run left pending hold every decision until they settle (so a restart
 * executes nothing twice); a nonce gap (a dropped transaction) is closed by re-reading the chain.
 */
export class NonceSender {
  private next?: number
  private readonly flying = new Map<string, InFlight>()
  /** A previous run left transactions pending: nothing is sent until the chain's latest nonce reaches this. */
  private inheritedUpTo?: number

  constructor(
    private readonly pub: PublicClient<Transport, Chain | undefined>,
    private readonly account: LocalAccount,
    private readonly chainId: number,
    readonly stuckBlocks = 20n,
  ) {}

  get address(): Address {
    return this.account.address
  }

  get inFlight(): InFlight[] {
    return [...this.flying.values()]
  }

  /** Whether a send for `key` must wait: one is in flight for it, or an earlier run's are unsettled. */
  busy(key: string): boolean {
    return this.flying.has(key) || this.inheritedUpTo !== undefined
  }

  /** Reads the key's nonces; pending transactions from an earlier run hold all sends until they settle. */
  async start(): Promise<{ latest: number; pending: number }> {
    const [latest, pending] = await Promise.all([
      this.pub.getTransactionCount({ address: this.address, blockTag: 'latest' }),
      this.pub.getTransactionCount({ address: this.address, blockTag: 'pending' }),
    ])
    this.next = pending
    this.inheritedUpTo = pending > latest ? pending : undefined
    return { latest, pending }
  }

  /** Settles what can be settled at this block: receipts of in-flight transactions, inherited ones, gaps. */
  async poll(head: bigint): Promise<Settled[]> {
    const out: Settled[] = []
    const latest = await this.pub.getTransactionCount({ address: this.address, blockTag: 'latest' })
    if (this.inheritedUpTo !== undefined) {
      const pending = await this.pub.getTransactionCount({ address: this.address, blockTag: 'pending' })
      this.inheritedUpTo = pending > latest ? pending : undefined
      if (this.inheritedUpTo === undefined && this.next !== undefined && this.next > pending) this.next = pending
    }
    for (const tx of [...this.flying.values()].sort((a, b) => a.nonce - b.nonce)) {
      const receipt = await this.pub.getTransactionReceipt({ hash: tx.hash }).catch(notFound)
      if (receipt) {
        this.flying.delete(tx.key)
        out.push({
          kind: 'mined',
          tx,
          status: receipt.status,
          blockNumber: receipt.blockNumber,
          feeWei: receipt.gasUsed * receipt.effectiveGasPrice,
        })
      } else if (latest > tx.nonce) {
        this.flying.delete(tx.key)
        out.push({ kind: 'replaced', tx })
      } else if ((await this.pub.getTransaction({ hash: tx.hash }).catch(notFound)) === null) {
        // the node no longer holds it: the nonce is free again (a gap the next send fills)
        this.flying.delete(tx.key)
        if (this.next !== undefined && tx.nonce < this.next) this.next = tx.nonce
        out.push({ kind: 'dropped', tx })
      } else if (head - tx.sentAtBlock >= this.stuckBlocks) {
        out.push({ kind: 'stuck', tx, blocks: head - tx.sentAtBlock })
      }
    }
    return out
  }

  /**
   * Sends one transaction for `key` at the owned nonce with capped fees (the caller simulated it first). It is
   * signed here, so its hash is known before it is sent: when the reply is lost it stays in flight and `poll`
   * finds it mined or gone; a node's refusal (an RPC error) means it was not taken and is thrown.
   */
  async send(key: string, tx: { to: Address; data: Hex; gas: bigint }, fee: FeeCap, head: bigint): Promise<InFlight> {
    if (this.next === undefined) await this.start()
    if (this.busy(key)) throw new Error(`a transaction for ${key} is already in flight`)
    const nonce = this.next as number
    const serializedTransaction = await this.account.signTransaction({
      chainId: this.chainId,
      type: 'eip1559',
      to: tx.to,
      data: tx.data,
      gas: tx.gas,
      nonce,
      maxFeePerGas: fee.maxFeePerGas,
      maxPriorityFeePerGas: fee.priorityFeePerGas,
      value: 0n,
    })
    const f: InFlight = { key, hash: keccak256(serializedTransaction), nonce, sentAtBlock: head }
    this.flying.set(key, f)
    this.next = nonce + 1
    try {
      await this.pub.sendRawTransaction({ serializedTransaction })
    } catch (e) {
      if (!isLostReply(e)) {
        this.flying.delete(key)
        this.next = nonce
        throw e
      }
    }
    return f
  }
}

/** The request may have reached the node (a timeout, a reset, an HTTP error page): only the chain can tell. */
function isLostReply(e: unknown): boolean {
  const name = (e as { name?: string })?.name ?? ''
  return ['HttpRequestError', 'TimeoutError', 'WebSocketRequestError', 'SocketClosedError'].includes(name)
}

const notFound = (e: Error): null => {
  if (/NotFoundError$/.test(e.name)) return null
  throw e
}
