// A small seeded pseudo-random generator for the simulation: the same seed gives the same stream on every
// machine, so a simulation report can be reproduced from its seed. Not for anything secret.

/** Mixes a 32-bit value (the finalizer of a well-known integer hash: xor-shifts and odd multipliers). */
function mix32(x: number): number {
  let h = x >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** A seed for stream `index` derived from a base seed (run r of a simulation gets `deriveSeed(seed, r)`). */
export function deriveSeed(seed: number, index: number): number {
  return mix32(mix32(seed >>> 0) ^ mix32((index + 0x9e3779b9) >>> 0))
}

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number
  /** Uniform whole number in [0, n). */
  int(n: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** Exponentially distributed with this mean (inverse transform). */
  exp(mean: number): number
  /** −1 or 1, evenly. */
  sign(): -1 | 1
  /** Standard normal (Box–Muller on two uniforms; one value per call). */
  normal(): number
}

/**
 * Small fast counter generator (four 32-bit words: a, b, c and a counter), seeded from one 32-bit seed and
 * warmed up so nearby seeds give unrelated streams.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer (${seed})`)
  // state in a typed array: 32-bit words held in closure variables would be boxed on every step
  const st = new Int32Array(4)
  st[0] = mix32(seed)
  st[1] = mix32(st[0] ^ 0x6a09e667)
  st[2] = mix32(st[1] ^ 0xbb67ae85)
  st[3] = 1
  const u32 = () => {
    const b = st[1]
    const c = st[2]
    const t = (((st[0] + b) | 0) + st[3]) | 0
    st[3] = (st[3] + 1) | 0
    st[0] = b ^ (b >>> 9)
    st[1] = (c + (c << 3)) | 0
    const r = (c << 21) | (c >>> 11)
    st[2] = (r + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 16; i++) u32()
  const next = () => u32() / 4294967296
  return {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    exp: (mean) => -mean * Math.log(1 - next()),
    sign: () => (u32() & 1 ? 1 : -1),
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  }
}
