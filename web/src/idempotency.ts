/**
 * Idempotent writes (issue 19): every write the web app sends carries an `Idempotency-Key`, so that a
 * write sent again (a retry after a lost answer, a failover of the database) is recorded once; the
 * server answers the repeat with its first answer. Pure: no browser state but `crypto`.
 */

/** The header that makes a write idempotent. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * A new key: a random UUID. `crypto.randomUUID` exists only in a secure context (HTTPS or localhost);
 * a server reached over plain HTTP on a local network gets one made from `crypto.getRandomValues`,
 * which browsers offer everywhere.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The Idempotency-Key header of a request: none for a read; for a write, `key` (the first try's, when a
 * caller sends the same write again) or a new one.
 */
export function idempotencyHeader(method: string, key?: string): Record<string, string> {
  return READS.has(method.toUpperCase()) ? {} : { [IDEMPOTENCY_HEADER]: key ?? newIdempotencyKey() };
}
