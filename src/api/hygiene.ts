import type { FastifyRequest } from 'fastify';
import { invalid, type Violation } from '../domain/violation.js';

/** At most this many violations named for one request's NUL characters. */
const MAX_NUL_VIOLATIONS = 20;

/** Paths (`person.givenNames`, `admissions[3].reason`) of the strings in `value` holding a NUL. */
export function nulPaths(value: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= MAX_NUL_VIOLATIONS) return out;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) nulPaths(v, `${path}[${i}]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push(path ? `${path}.${k.replaceAll('\u0000', '\\0')}` : k);
      nulPaths(v, path ? `${path}.${k}` : k, out);
    }
  }
  return out;
}

/**
 * Refuses a request whose body, query or path holds a NUL character (400 naming each field). No
 * text column can store one, and the database would answer with an error instead of a refusal.
 */
export async function refuseNul(req: FastifyRequest): Promise<void> {
  const violations: Violation[] = [];
  for (const [context, value] of [
    ['body', req.body],
    ['querystring', req.query],
    ['params', req.params],
  ] as const) {
    for (const p of nulPaths(value)) {
      const field = p || context;
      violations.push({ rule: 'invalid-field', subject: field, params: { field, problem: 'NUL (\\u0000)' } });
    }
  }
  if (violations.length) throw invalid(violations.slice(0, MAX_NUL_VIOLATIONS));
}

/**
 * What the log keeps of a request: method and path, never the query string (a search's `q=` is a
 * person's name) nor a body. What the log keeps of an error: its kind, message, code and stack,
 * never a database error's `detail` or `where` (they quote the values of the row: names, national ids).
 */
export const logSerializers = {
  req: (req: FastifyRequest) => ({
    method: req.method,
    url: req.url.split('?', 1)[0] ?? '',
    remoteAddress: req.ip,
  }),
  err: (err: Error & { code?: unknown; statusCode?: unknown }) => ({
    type: err.name,
    message: err.message,
    code: err.code === undefined ? undefined : String(err.code),
    statusCode: typeof err.statusCode === 'number' ? err.statusCode : undefined,
    stack: err.stack ?? '',
  }),
};
