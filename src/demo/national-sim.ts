/** The national demo's deterministic devices: ids from numbers, draws, and its agenda. */

// -- deterministic ids -----------------------------------------------------------------------------

export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
const hex8 = (n: number) => n.toString(16).padStart(8, '0');
/** A UUID (version 4 layout) from a namespace and a number: distinct numbers, distinct ids. */
export function idFor(seed: number, ns: number, n: number): string {
  const w = [0, 1, 2, 3].map((i) => fmix((n ^ fmix(seed * 16 + ns * 4 + i + 1)) >>> 0));
  const a = hex8(w[0]!);
  const b = hex8(w[1]!);
  const c = hex8(w[2]!);
  const d = hex8(w[3]!);
  const variant = ((Number.parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

// -- draws -----------------------------------------------------------------------------------------

/** A standard normal draw (Box-Muller). */
export function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

export function poisson(mean: number, rnd: () => number): number {
  const l = Math.exp(-mean);
  let k = 0;
  for (let p = rnd(); p > l; p *= rnd()) k++;
  return k;
}

/** A binary min-heap of actions by time. */
export class Agenda<A extends { t: number }> {
  private items: A[] = [];
  get size() {
    return this.items.length;
  }
  peek(): A | undefined {
    return this.items[0];
  }
  push(a: A) {
    const xs = this.items;
    xs.push(a);
    let i = xs.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (xs[p]!.t <= a.t) break;
      xs[i] = xs[p]!;
      i = p;
    }
    xs[i] = a;
  }
  pop(): A | undefined {
    const xs = this.items;
    const top = xs[0];
    const last = xs.pop();
    if (!xs.length || !last) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= xs.length) break;
      const r = l + 1;
      const m = r < xs.length && xs[r]!.t < xs[l]!.t ? r : l;
      if (xs[m]!.t >= last.t) break;
      xs[i] = xs[m]!;
      i = m;
    }
    xs[i] = last;
    return top;
  }
}
