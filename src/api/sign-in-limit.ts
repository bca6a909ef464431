/**
 * Failed sign-ins counted in memory. The account lockout itself is stored with the account
 * (src/store/users.ts); `FailureWindow` adds a limit per client address, and `NameLock` mirrors the
 * account lockout for usernames that do not exist, so that neither a lock nor its Retry-After
 * tells an attacker a name is real.
 *
 * Every check-and-count here is synchronous (no await between reading and writing a count), so
 * requests sent in parallel are counted one by one.
 */

const MAX_KEYS = 100_000;

/** At most `limit` attempts per key in a sliding window of `windowMs`. */
export class FailureWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** When the key may try again, or null when it may now. */
  blockedUntil(key: string, now = Date.now()): Date | null {
    const recent = this.recent(key, now);
    return recent.length >= this.limit ? new Date((recent[0] ?? now) + this.windowMs) : null;
  }

  /**
   * Counts an attempt before it is made, so that attempts in flight together cannot all pass
   * the check: null when it may go ahead, else when the key may try again (nothing counted).
   */
  take(key: string, now = Date.now()): Date | null {
    const blocked = this.blockedUntil(key, now);
    if (blocked) return blocked;
    this.fail(key, now);
    return null;
  }

  /** Takes back one attempt counted by `take` (it succeeded). */
  forgive(key: string): void {
    const hits = this.hits.get(key);
    hits?.pop();
    if (hits && !hits.length) this.hits.delete(key);
  }

  fail(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > MAX_KEYS) this.prune(now);
  }

  clear(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  private prune(now: number) {
    for (const [k, v] of this.hits) if (!v.some((t) => t > now - this.windowMs)) this.hits.delete(k);
  }
}

/**
 * The account lockout, for names that are no account: `lockAfter` failures in a row lock the name
 * for `lockMs` from the failure that locked it, exactly as the stored lockout does, so both give
 * the same Retry-After.
 */
export class NameLock {
  private readonly state = new Map<string, { failures: number; lockedUntil: number }>();
  constructor(
    readonly lockAfter: number,
    readonly lockMs: number,
  ) {}

  /** Until when the name is locked, or null. */
  lockedUntil(name: string, now = Date.now()): Date | null {
    const s = this.state.get(name);
    return s && s.lockedUntil > now ? new Date(s.lockedUntil) : null;
  }

  /** Counts a failure; answers the lock's end when this failure locked the name. */
  fail(name: string, now = Date.now()): Date | null {
    const s = this.state.get(name) ?? { failures: 0, lockedUntil: 0 };
    s.failures += 1;
    const locks = s.failures >= this.lockAfter;
    if (locks) {
      s.failures = 0;
      s.lockedUntil = now + this.lockMs;
    }
    this.state.set(name, s);
    if (this.state.size > MAX_KEYS) this.prune(now);
    return locks ? new Date(s.lockedUntil) : null;
  }

  private prune(now: number) {
    for (const [k, v] of this.state) if (v.lockedUntil <= now) this.state.delete(k);
  }
}
