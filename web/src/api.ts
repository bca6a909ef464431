import type { FacilitySummary, MeAnswer } from '../../src/api/schemas.js';
import i18n from './i18n';
import { idempotencyHeader } from './idempotency';

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
 * `idempotencyKey`, so that the server records it once). Messages come back in the chosen language.
 * A non-2xx answer throws an ApiError with the problem.
 */
export async function api<T = unknown>(
  path: string,
  opts: { method?: string; body?: unknown; signal?: AbortSignal; idempotencyKey?: string } = {},
): Promise<T> {
  const csrf = sessionStorage.getItem(CSRF);
  const method = opts.method ?? 'GET';
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: {
      'accept-language': i18n.language,
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
      ...idempotencyHeader(method, opts.idempotencyKey),
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => ({}));
  if (res.status === 401 && csrf && !path.startsWith('/auth/')) window.dispatchEvent(new Event(SIGNED_OUT));
  if (!res.ok) throw new ApiError(res.status, body as Problem);
  return body as T;
}

/** The signed-in user: who, in which facilities, and what they may do (`can`, from the server). */
export type Me = MeAnswer;

export type { FacilitySummary };
