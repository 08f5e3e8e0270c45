import type { LintContext, LintParams } from './params.js'

/** The spec's own example parameters, with where each number comes from, so `vault lint --spec` can lint the spec. */
export interface SpecExample {
  params: LintParams
  context: LintContext
  /** Amounts are in the spec's "units" (whole tokens). */
  unit: 'token'
  /** Parameter or context name → its source in the spec, or why we assumed it. */
  sources: Record<string, string>
}

/**
 * The spec's example numbers. Where the spec gives none, the value is marked "assumed" or "derived" in
 * `sources` and kept at the end of the spec's own range that is most favourable to the spec.
 */
export function specExampleParams(): SpecExample {
  return {
    unit: 'token',
    params: {
      tradeSize: 25n,
      frequencyPerMin: 33n,
      thresholdBps: 10n,
      sustainBlocks: 3,
      twapWindow: 5,
      minBlocks: 3,
      perBlockCap: 25n,
    },
    context: {
      flowPerHour: 50_000n,
      flashDrain: 2_000n,
      flashRecoveryTargetBlocks: 3,
      rebalanceLatencyTargetBlocks: 5,
      pegTargetBps: 10n,
      reserve: 150_000n,
      peakOutflowPerMin: 10_000n,
      windowMin: 5n,
      minSafety: 3n,
    },
    sources: {
      tradeSize: '§11: optimized TradeSize = 25',
      frequencyPerMin: '§11: Frequency = 33/minute',
      flowPerHour: '§11: external flow 50,000/hr (the spec rounds it to 833/minute; exactly 833.33)',
      thresholdBps: 'derived: θ set to the §16 peg target ±0.10% (the spec gives no θ)',
      sustainBlocks:
        'assumed: N = 3, the low end of the 3–5 blocks Appendix A uses for its block filters (the spec gives no N)',
      twapWindow: 'assumed: W = 5 blocks (the spec gives no TWAP window)',
      minBlocks: 'Appendix A: MIN_BLOCKS 3–5; the low end',
      perBlockCap:
        'derived: one §11 trade (25) per block; Appendix A names maxStabilizationVolumePerBlock without a value',
      flashDrain: '§11: max drift 2,000 (depth 1,000,000 × 0.2%), the largest move the public pool is sized for',
      flashRecoveryTargetBlocks: '§16: flash drain recovery < 3 blocks',
      rebalanceLatencyTargetBlocks: '§16: rebalance latency < 5 blocks',
      pegTargetBps: '§16: peg stability ±0.10%',
      reserve: '§7: reserve with 3× safety = 150,000',
      peakOutflowPerMin: '§7: PeakMinuteOutflow = 10,000',
      windowMin: '§7: T = 5 minutes',
      minSafety: '§7: recommended safety factor 3–5×; the low end',
    },
  }
}
