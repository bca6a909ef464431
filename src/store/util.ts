/**
 * A value the store's own invariants say is there (a row just written, a cell the housing just
 * loaded): returns it, or throws an internal error naming `what` was missing. Not for input a
 * caller sent: that is refused with violations.
 */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`Internal error: missing ${what}`);
  return value;
}
