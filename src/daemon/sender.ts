// The daemons' transaction sender: one nonce sequence per key and chain, fees under the cap, replacement of a
// stuck transaction, and lost replies looked up on chain. Over 300 lines on purpose: NonceSender is one state
// machine (in-flight transactions by nonce); its pieces only make sense together.
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
  /** Fees it offered (a replacement must offer more). */
  fee?: FeeCap
  /** The cancellation sent at its nonce once it was stuck. */
  cancel?: Hex
}

export type Settled =
  | { kind: 'mined'; tx: InFlight; status: 'success' | 'reverted'; blockNumber: bigint; feeWei: bigint }
  /** The nonce was used by another transaction (replaced, or sent elsewhere with the same key). */
  | { kind: 'replaced'; tx: InFlight }
  /** The node no longer holds it and its nonce is unused: it will never be mined. */
  | { kind: 'dropped'; tx: InFlight }
  /**
   * Not mined after `stuckBlocks` blocks (underpriced, or behind a gap): a 0-value transaction to itself at its
   * nonce, paying above the base fee, replaces it (`cancel`); it settles as `replaced`, or `mined` if it won.
   */
  | { kind: 'stuck'; tx: InFlight; blocks: bigint; cancel?: Hex }
  /** A nonce an earlier run left pending for `stuckBlocks` blocks, cancelled the same way. */
  | { kind: 'cancel'; nonce: number; hash: Hex }

export interface FeeCap {
  /** The most the transaction may pay per gas (the contract's gas-price cap). */
  maxFeePerGas: bigint
  /** Tip offered, cut so that base fee + tip never exceeds the cap. */
  priorityFeePerGas: bigint
  /** What it pays per gas in the next block (base fee + tip, never above the cap): a legacy transaction's price. */
  gasPrice: bigint
}

/**
 * The fee a transaction sent now would pay, against a cap: `null` when the next block's base fee plus the smallest
 * tip already exceeds it (sending could only revert or sit unmined), else fees that can never exceed the cap.
 */
export function feeUnderCap(nextBaseFee: bigint, cap: bigint, tip: bigint): FeeCap | null {
  if (nextBaseFee > cap) return null
  const room = cap - nextBaseFee
  const priorityFeePerGas = tip < room ? tip : room
  return { maxFeePerGas: cap, priorityFeePerGas, gasPrice: nextBaseFee + priorityFeePerGas }
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

/** The fields that price a transaction: type 2 (EIP-1559) by default, type 0 at `gasPrice` when legacy. */
function feeFields(fee: FeeCap, legacy: boolean) {
  return legacy
    ? ({ type: 'legacy', gasPrice: fee.gasPrice } as const)
    : ({ type: 'eip1559', maxFeePerGas: fee.maxFeePerGas, maxPriorityFeePerGas: fee.priorityFeePerGas } as const)
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
  /** The block the inherited transactions were first seen (or last cancelled) at. */
  private inheritedSince?: bigint
  /** Cancellations sent for inherited nonces, by nonce (each replaced by a higher-paying one if stuck again). */
  private readonly cancels = new Map<number, { hash: Hex; fee: FeeCap }>()

  private readonly account: LocalAccount
  private readonly chainId: number

  constructor(
    private readonly pub: PublicClient<Transport, Chain | undefined>,
    opts: {
      /** The key that sends (its nonces are this sender's). */
      account: LocalAccount
      chainId: number
      /** Blocks unmined before a transaction counts as stuck and is cancelled. */
      stuckBlocks?: bigint
      /** Type-0 transactions at the fee's gasPrice (`--legacy`; also chosen at start on a chain without a base fee). */
      legacy?: boolean
    },
  ) {
    this.account = opts.account
    this.chainId = opts.chainId
    this.stuckBlocks = opts.stuckBlocks ?? 20n
    this.legacy = opts.legacy ?? false
  }

  readonly stuckBlocks: bigint
  private legacy: boolean

  get address(): Address {
    return this.account.address
  }

  /** How a call sent at `fee` is priced (for a gas estimate that matches what will be sent). */
  pricing(fee: FeeCap): { gasPrice: bigint } | { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } {
    const { type: _, ...fields } = feeFields(fee, this.legacy)
    return fields
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
    const [latest, pending, head] = await Promise.all([
      this.pub.getTransactionCount({ address: this.address, blockTag: 'latest' }),
      this.pub.getTransactionCount({ address: this.address, blockTag: 'pending' }),
      this.pub.getBlock({ blockTag: 'latest' }),
    ])
    // a chain without EIP-1559 (no base fee in its blocks) takes only type-0 transactions
    if (head.baseFeePerGas === null) this.legacy = true
    this.next = pending
    this.inheritedUpTo = pending > latest ? pending : undefined
    this.inheritedSince = undefined
    return { latest, pending }
  }

  private held(nonce: number): boolean {
    for (const f of this.flying.values()) if (f.nonce === nonce) return true
    return false
  }

  /** The next nonce from the chain's pending count, above every nonce held in flight. */
  private async resync() {
    const pending = await this.pub
      .getTransactionCount({ address: this.address, blockTag: 'pending' })
      .catch(() => this.next as number)
    const held = Math.max(-1, ...[...this.flying.values()].map((f) => f.nonce))
    this.next = Math.max(pending, held + 1)
  }

  /** Settles what can be settled at this block: receipts of in-flight transactions, inherited ones, gaps. */
  async poll(head: bigint): Promise<Settled[]> {
    const out: Settled[] = []
    const latest = await this.pub.getTransactionCount({ address: this.address, blockTag: 'latest' })
    if (this.inheritedUpTo !== undefined) {
      const pending = await this.pub.getTransactionCount({ address: this.address, blockTag: 'pending' })
      this.inheritedUpTo = pending > latest ? pending : undefined
      if (this.inheritedUpTo === undefined && this.next !== undefined && this.next > pending) this.next = pending
      if (this.inheritedUpTo === undefined) this.cancels.clear()
      else if (this.inheritedSince === undefined) this.inheritedSince = head
      else if (head - this.inheritedSince >= this.stuckBlocks) {
        // an earlier run's transactions have not moved: replace each by a cancellation, then wait again
        this.inheritedSince = head
        for (let nonce = latest; nonce < this.inheritedUpTo; nonce++) {
          const hash = await this.cancelAt(nonce, this.cancels.get(nonce)?.fee)
          if (hash) out.push({ kind: 'cancel', nonce, hash })
        }
      }
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
        // stale: cancel it (the decision is made again once its nonce is used), again if the cancellation sticks
        const blocks = head - tx.sentAtBlock
        const cancel = await this.cancelAt(tx.nonce, tx.fee)
        if (cancel) {
          tx.cancel = cancel
          tx.fee = this.cancels.get(tx.nonce)?.fee
          tx.sentAtBlock = head
        }
        out.push({ kind: 'stuck', tx, blocks, ...(cancel ? { cancel } : {}) })
      }
    }
    return out
  }

  /**
   * A 0-value transfer to itself at `nonce`, paying twice the pending base fee plus a tip and at least 25% more than
   * `over` (what the transaction it replaces offered). When that is unknown (an earlier run's) and the node wants
   * more, the offer doubles, a few times. Undefined when the node refuses it (it stays stuck).
   */
  private async cancelAt(nonce: number, over: FeeCap | undefined): Promise<Hex | undefined> {
    const block = await this.pub.getBlock({ blockTag: 'latest' })
    let tip = bump(over?.priorityFeePerGas ?? 0n, 10n ** 9n)
    let maxFee = bump(over?.maxFeePerGas ?? 0n, nextBaseFee(block) * 2n + tip)
    for (let attempt = 0; attempt < (over ? 1 : 5); attempt++, tip *= 2n, maxFee *= 2n) {
      const fee = { maxFeePerGas: maxFee, priorityFeePerGas: tip, gasPrice: maxFee }
      const serializedTransaction = await this.account.signTransaction({
        chainId: this.chainId,
        to: this.address,
        value: 0n,
        gas: 21_000n,
        nonce,
        ...feeFields(fee, this.legacy),
      })
      try {
        await this.pub.sendRawTransaction({ serializedTransaction })
      } catch (e) {
        if (!isLostReply(e)) continue
      }
      const hash = keccak256(serializedTransaction)
      this.cancels.set(nonce, { hash, fee })
      return hash
    }
    return undefined
  }

  /**
   * Sends one transaction for `key` at the owned nonce with capped fees (the caller simulated it first). It is
   * signed here, so its hash is known before it is sent: when the reply is lost it stays in flight and `poll`
   * finds it mined or gone; a node's refusal (an RPC error) means it was not taken and is thrown.
   */
  async send(key: string, tx: { to: Address; data: Hex; gas: bigint }, fee: FeeCap, head: bigint): Promise<InFlight> {
    try {
      return await this.sendOnce(key, tx, fee, head)
    } catch (e) {
      // the nonce was used elsewhere (a gap filled under another run's transaction): once more at the chain's count
      if (!NONCE_TAKEN.test(String((e as Error)?.message))) throw e
      return this.sendOnce(key, tx, fee, head)
    }
  }

  private async sendOnce(
    key: string,
    tx: { to: Address; data: Hex; gas: bigint },
    fee: FeeCap,
    head: bigint,
  ): Promise<InFlight> {
    if (this.next === undefined) await this.start()
    if (this.busy(key)) throw new Error(`a transaction for ${key} is already in flight`)
    let nonce = this.next as number
    // after a gap was filled, the nonces above it may still be held by transactions in flight
    while (this.held(nonce)) nonce++
    const serializedTransaction = await this.account.signTransaction({
      chainId: this.chainId,
      to: tx.to,
      data: tx.data,
      gas: tx.gas,
      nonce,
      ...feeFields(fee, this.legacy),
      value: 0n,
    })
    const f: InFlight = { key, hash: keccak256(serializedTransaction), nonce, sentAtBlock: head, fee }
    this.flying.set(key, f)
    this.next = nonce + 1
    while (this.held(this.next)) this.next++
    try {
      await this.pub.sendRawTransaction({ serializedTransaction })
    } catch (e) {
      if (!isLostReply(e)) {
        this.flying.delete(key)
        this.next = nonce
        // the node holds another transaction at this nonce, or it was used: take the chain's count again
        if (NONCE_TAKEN.test(String((e as Error)?.message))) await this.resync()
        throw e
      }
    }
    return f
  }
}

/** The node's refusals of a nonce that is used or held by another transaction (geth, anvil, others). */
const NONCE_TAKEN = /nonce too low|already known|replacement transaction underpriced|nonce has already been used/i

/** `current` raised by a quarter (a node takes a replacement only above +10%), and at least `floor`. */
const bump = (current: bigint, floor: bigint) => {
  const up = current + current / 4n + 1n
  return up > floor ? up : floor
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
