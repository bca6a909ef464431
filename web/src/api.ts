import createClient, {
  type Client,
  type ClientPathsWithMethod,
  type MaybeOptionalInit,
  type MethodResponse,
} from 'openapi-fetch';
import type { components, paths } from './api-schema';
import i18n from './i18n';
import { IDEMPOTENCY_HEADER, idempotencyHeader, retryWait } from './idempotency';

/** A schema the description names (components.schemas), by its name: `Schema<'PersonFile'>`. */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

/** An RFC 9457 problem the API answered. */
export type Problem = Schema<'Problem'>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }
}

const BASE = '/api/v1';
const CSRF = 'custodia.csrf';
/** Dispatched on window when the server no longer knows the session (401 on a signed-in call). */
export const SIGNED_OUT = 'custodia:signed-out';
/** The session's CSRF token, for requests not made through the client (the bulk upload's XHR). */
export const csrfToken = () => sessionStorage.getItem(CSRF);
export const setCsrf = (token: string | null) =>
  token ? sessionStorage.setItem(CSRF, token) : sessionStorage.removeItem(CSRF);

/**
 * Sends a request with the session cookie; a write carries the session's CSRF token and an
 * Idempotency-Key (the request's own, when the caller repeats a write with the key of its first try, or
 * a new one). A write whose answer is lost, or that meets a 503 (a failover of the database, a busy
 * server), is sent again with the same key for up to 30 s (`retryWait`). Messages come back in the
 * chosen language. A 401 on a signed-in call other than /auth/* says the session is gone (SIGNED_OUT).
 */
async function send(request: Request): Promise<Response> {
  const csrf = sessionStorage.getItem(CSRF);
  // one key for every try of this write
  const key = idempotencyHeader(request.method, request.headers.get(IDEMPOTENCY_HEADER) ?? undefined);
  const write = Object.keys(key).length > 0;
  const headers = new Headers(request.headers);
  headers.set('accept-language', i18n.language);
  if (csrf) headers.set('x-csrf-token', csrf);
  for (const [name, value] of Object.entries(key)) headers.set(name, value);
  const req = new Request(request, { headers });
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      // a copy each time: a body can be sent once
      res = await fetch(req.clone());
    } catch (err) {
      // no answer: a write may have been recorded or not; its key makes sending it again safe
      const wait = write && !req.signal.aborted ? retryWait(0, null, attempt, Date.now() - started) : null;
      if (wait === null) throw err;
      await new Promise((r) => setTimeout(r, wait));
      continue;
    }
    if (write && res.status === 503) {
      const wait = retryWait(503, res.headers.get('retry-after'), attempt, Date.now() - started);
      if (wait !== null && !req.signal.aborted) {
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
    }
    const path = new URL(req.url).pathname.slice(BASE.length);
    if (res.status === 401 && csrf && !path.startsWith('/auth/')) window.dispatchEvent(new Event(SIGNED_OUT));
    return res;
  }
}

/** The problem of a refused call: the answer's, or an empty one when the answer was not JSON. */
const problemOf = (error: unknown): Problem => (error && typeof error === 'object' ? error : {}) as Problem;

/** The API's client, typed by the OpenAPI description (web/src/api-schema.ts, `npm run api:client`). */
export const client = createClient<paths>({ baseUrl: BASE, fetch: send });

type Api = Client<paths>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The description's paths that take `M` (relative to /api/v1, with {parameters}). */
export type PathOf<M extends Method> = ClientPathsWithMethod<Api, M>;
/**
 * What the server answers to `M P` (its 2xx body), as the description tells it; undefined when it tells
 * no body (a 204, or a route whose answer is not described yet).
 */
export type Answer<P extends PathOf<M>, M extends Method = 'get'> = OrNone<MethodResponse<Api, M, P>>;
type OrNone<T> = [T] extends [never] ? undefined : T;
/** The JSON body of `M P`, as the description tells it. */
export type Body<P extends PathOf<M>, M extends Method = 'post'> = NonNullable<
  NonNullable<paths[P][M]>['requestBody']
>['content']['application/json'];

/** The options of a call: parameters, body and signal (openapi-fetch's), and the key of a repeated write. */
export type Call<P extends PathOf<M>, M extends Method> = NonNullable<MaybeOptionalInit<paths[P], M>> & {
  /** the Idempotency-Key of the first try, when the caller sends the same write again */
  idempotencyKey?: string;
};
/** The options argument: optional when the route needs no parameter or body. */
type Args<P extends PathOf<M>, M extends Method> =
  undefined extends MaybeOptionalInit<paths[P], M> ? [init?: Call<P, M>] : [init: Call<P, M>];

/** One call through the typed client: its answer, or an ApiError with the problem. */
export async function call<M extends Method, P extends PathOf<M>>(
  method: M,
  path: P,
  ...[init]: Args<P, M>
): Promise<Answer<P, M>> {
  const { idempotencyKey, ...rest } = (init ?? {}) as { idempotencyKey?: string } & Record<string, unknown>;
  const { data, error, response } = await client.request(
    method,
    path as never,
    {
      ...rest,
      ...(idempotencyKey ? { headers: { [IDEMPOTENCY_HEADER]: idempotencyKey } } : {}),
    } as never,
  );
  if (!response.ok) throw new ApiError(response.status, problemOf(error));
  return data as Answer<P, M>;
}

/** GET `path`: its answer, typed by the description. */
export const get = <P extends PathOf<'get'>>(path: P, ...init: Args<P, 'get'>) => call('get', path, ...init);
/** POST `path` (idempotent, as every write): its answer, typed by the description. */
export const post = <P extends PathOf<'post'>>(path: P, ...init: Args<P, 'post'>) =>
  call('post', path, ...init);

/** The signed-in user: who, in which facilities, and what they may do (`can`, from the server). */
export type Me = Answer<'/auth/me'>;
/** A facility in the user's scope, as GET /facilities lists it. */
export type FacilitySummary = Schema<'Facility'>;
