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
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` and `stream` are taken as unsigned 32-bit integers. */
  constructor(seed: number, stream = 0) {
    let h = splitmix32((seed >>> 0) ^ splitmix32(stream >>> 0));
    h = splitmix32(h ^ Math.imul(stream >>> 0, 0x85ebca6b));
    this.a = h = splitmix32(h);
    this.b = h = splitmix32(h);
    this.c = h = splitmix32(h);
    this.d = splitmix32(h);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the all-zero state is a fixed point
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    const b = this.b;
    let r = Math.imul(b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return r >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / TWO_32;
  }
}

/** The stream of run `run` of a scenario with seed `seed`. */
export const runStream = (seed: number, run: number): Rng => new Rng(seed, run);
