import type { FacilitySummary, MeAnswer } from '../../src/api/schemas.js';
import i18n from './i18n';
import { idempotencyHeader, retryWait } from './idempotency';

/** An RFC 9457 problem the API answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  violations?: { rule: string; message: string; subject?: string }[];
  /** how many violations there were in all, when more than the problem lists (it lists 100 at most) */
  violationsTotal?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }
}

const CSRF = 'custodia.csrf';
/** Dispatched on window when the server no longer knows the session (401 on a signed-in call). */
export const SIGNED_OUT = 'custodia:signed-out';
/** The session's CSRF token, for requests not made through api() (the bulk upload's XHR). */
export const csrfToken = () => sessionStorage.getItem(CSRF);
export const setCsrf = (token: string | null) =>
  token ? sessionStorage.setItem(CSRF, token) : sessionStorage.removeItem(CSRF);

/**
 * Calls the API with the session cookie; writes carry the session's CSRF token and an Idempotency-Key
 * (a new one for each call: a caller that repeats a write passes the key of its first try as
 * `idempotencyKey`, so that the server records it once). A write whose answer is lost, or that meets a
 * 503 (a failover of the database, a busy server), is sent again with the same key for up to 30 s
 * (`retryWait`). Messages come back in the chosen language. A non-2xx answer throws an ApiError with
 * the problem.
 */
export async function api<T = unknown>(
  path: string,
  opts: { method?: string; body?: unknown; signal?: AbortSignal; idempotencyKey?: string } = {},
): Promise<T> {
  const csrf = sessionStorage.getItem(CSRF);
  const method = opts.method ?? 'GET';
  // one key for every try of this write
  const key = idempotencyHeader(method, opts.idempotencyKey);
  const write = Object.keys(key).length > 0;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`/api/v1${path}`, {
        method,
        headers: {
          'accept-language': i18n.language,
          ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
          ...key,
        },
        ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      // no answer: a write may have been recorded or not; its key makes sending it again safe
      const wait = write && !opts.signal?.aborted ? retryWait(0, null, attempt, Date.now() - started) : null;
      if (wait === null) throw err;
      await new Promise((r) => setTimeout(r, wait));
      continue;
    }
    if (write && res.status === 503) {
      const wait = retryWait(503, res.headers.get('retry-after'), attempt, Date.now() - started);
      if (wait !== null && !opts.signal?.aborted) {
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
    }
    if (res.status === 204) return undefined as T;
    const body = await res.json().catch(() => ({}));
    if (res.status === 401 && csrf && !path.startsWith('/auth/')) window.dispatchEvent(new Event(SIGNED_OUT));
    if (!res.ok) throw new ApiError(res.status, body as Problem);
    return body as T;
  }
}

/** The signed-in user: who, in which facilities, and what they may do (`can`, from the server). */
export type Me = MeAnswer;

export type { FacilitySummary };
