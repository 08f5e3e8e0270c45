/**
 * A spending limit over a sliding window (e.g. gas per hour, volume of one token per hour): what was spent in
 * the last `windowMs` plus what a decision would spend must stay within `limit`. Pure; time is passed in.
 */
export class WindowBudget {
  private spent: { at: number; amount: bigint }[] = []
  constructor(
    readonly limit: bigint,
    readonly windowMs: number,
  ) {}

  used(now: number): bigint {
    this.spent = this.spent.filter((s) => s.at > now - this.windowMs)
    return this.spent.reduce((a, s) => a + s.amount, 0n)
  }

  /** What can still be spent now. */
  left(now: number): bigint {
    const l = this.limit - this.used(now)
    return l > 0n ? l : 0n
  }

  allows(amount: bigint, now: number): boolean {
    return this.used(now) + amount <= this.limit
  }

  record(amount: bigint, now: number): void {
    this.spent.push({ at: now, amount })
  }
}
