/**
 * A small seeded PRNG for the projection engine: xoshiro128** on 32-bit integers (Math.imul), seeded
 * through splitmix32. Pure arithmetic, so the same seed gives the same sequence in Node and in a
 * browser. Each run of a scenario has its own stream, derived from the seed and the run index.
 */

/** splitmix32: one step of a 32-bit mixing function (also used as a hash). */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

const TWO_32 = 4294967296;

export class Rng {
  /**
   * The state a, b, c, d as 32-bit integers in a typed array rather than four fields: a browser's V8
   * (pointer compression, 31-bit small integers) boxes a field holding a 32-bit value on every store,
   * which made the engine about 3 times slower in Chromium than in Node. The arithmetic is the same.
   */
  private readonly s = new Int32Array(4);

  /** `seed` and `stream` are taken as unsigned 32-bit integers. */
  constructor(seed: number, stream = 0) {
    const s = this.s;
    let h = splitmix32((seed >>> 0) ^ splitmix32(stream >>> 0));
    h = splitmix32(h ^ Math.imul(stream >>> 0, 0x85ebca6b));
    s[0] = h = splitmix32(h);
    s[1] = h = splitmix32(h);
    s[2] = h = splitmix32(h);
    s[3] = splitmix32(h);
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1; // the all-zero state is a fixed point
  }

  /** The next unsigned 32-bit integer (xoshiro128**). */
  nextUint32(): number {
    const s = this.s;
    const b = s[1]!;
    let r = Math.imul(b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    const t = b << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= b;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = (s[3]! << 11) | (s[3]! >>> 21);
    return r >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / TWO_32;
  }
}

/** The stream of run `run` of a scenario with seed `seed`. */
export const runStream = (seed: number, run: number): Rng => new Rng(seed, run);
