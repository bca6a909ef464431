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

/** How long the web app keeps sending a write again through a failover before it shows the error. */
export const RETRY_FOR_MS = 30_000;
/** The longest wait between two tries, whatever Retry-After asks. */
const MAX_WAIT_MS = 10_000;

/**
 * Whether a write is sent again with the same key after an answer of `status` (0: none came, a
 * network error), and after how many milliseconds; null: not again. Only a lost answer and a 503 (a
 * failover, a busy server) are tried again: the key makes the repetition safe (the server answers it
 * with the first answer if the write was recorded). Retry-After is honoured up to 10 s; otherwise
 * 0.5, 1, 2, 4 s. Never past RETRY_FOR_MS since the first try.
 */
export function retryWait(
  status: number,
  retryAfter: string | null,
  attempt: number,
  elapsedMs: number,
): number | null {
  if (status !== 0 && status !== 503) return null;
  const asked = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : null;
  const wait = Math.min(MAX_WAIT_MS, asked ?? 500 * 2 ** Math.min(attempt, 3));
  return elapsedMs + wait <= RETRY_FOR_MS ? wait : null;
}
