/**
 * Errors that mean the database could not be reached or stopped serving writes (a restart, a
 * failover: the primary died or was demoted), as opposed to an error of the request itself. The API
 * answers them 503 with Retry-After: the request may be sent again (with its Idempotency-Key).
 */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs: class 08 (connection exception), 57P01-57P03 (admin shutdown, crash shutdown, cannot
 * connect now), 25006 (read-only transaction: a demoted primary, or a standby), 53300 (too many
 * connections: every server reconnecting to a new primary at once).
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '25006', '53300']);

export function isConnectionLoss(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'DatabaseUnavailable') return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK.has(code) || SQLSTATES.has(code) || code.startsWith('08')))
    return true;
  // node-postgres reports a connection that ended under a query by message only
  return /^Connection terminated|^Client has encountered a connection error|timeout exceeded when trying to connect|^timeout expired/.test(
    err.message,
  );
}
