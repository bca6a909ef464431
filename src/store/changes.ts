/**
 * What changed, for caches: the register (any committed append) and accounts (users, sessions).
 * Writes in this process announce themselves here as soon as they commit; writes of other processes
 * arrive through the database's notifications (`Store.listen`, migration 7). A cache is only valid
 * while those notifications are being received: 'lost' says they may not have been.
 */
export type Change = 'register' | 'accounts' | 'lost';

const listeners = new Set<(c: Change) => void>();

export function onChange(fn: (c: Change) => void): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

export function announce(c: Change): void {
  for (const fn of listeners) fn(c);
}

/**
 * Versions of what changed, and whether the database's notifications are being received. A value
 * computed while `version(kind)` was v may be kept while it still is v and `live` is true.
 */
export class Freshness {
  private versions = { register: 0, accounts: 0 };
  live = false;
  private readonly stop: () => void;

  constructor() {
    this.stop = onChange((c) => {
      if (c === 'lost') {
        this.live = false;
        this.versions.register++;
        this.versions.accounts++;
      } else this.versions[c]++;
    });
  }

  /**
   * Listening (again): trusted from now on. The versions move, so nothing computed while nobody
   * listened (a commit elsewhere may have gone unheard) is kept.
   */
  resume(): void {
    this.versions.register++;
    this.versions.accounts++;
    this.live = true;
  }

  version(kind: 'register' | 'accounts'): number {
    return this.versions[kind];
  }

  /** A value computed at `version` of `kind` may still be used (or kept). */
  holds(kind: 'register' | 'accounts', version: number): boolean {
    return this.live && version === this.versions[kind];
  }

  close(): void {
    this.stop();
    this.live = false;
  }
}
