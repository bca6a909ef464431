/**
 * Failed sign-ins counted in memory per key over a sliding window. The account lockout itself is
 * stored with the account (src/store/users.ts); this adds a limit per client address, and mirrors
 * the lockout for usernames that do not exist, so a lock does not tell an attacker a name is real.
 */
export class FailureWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** When the key may try again, or null when it may now. */
  blockedUntil(key: string, now = Date.now()): Date | null {
    const recent = this.recent(key, now);
    return recent.length >= this.limit ? new Date(recent[0]! + this.windowMs) : null;
  }

  fail(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 100_000) this.prune(now);
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
