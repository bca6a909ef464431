import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type Lang, messages, t } from '../domain/messages.js';
import { RuleError, type Violation } from '../domain/violation.js';
import { isConnectionLoss } from '../store/connection-errors.js';
import { bilingual } from './openapi/answer.js';

/** seconds a client waits when the database is unavailable (a failover takes a few) */
const DATABASE_RETRY_AFTER = 2;

export interface ProblemViolation {
  rule: string;
  message: string;
  subject?: string;
}

const SLUG: Record<number, string> = {
  400: 'invalid-request',
  401: 'not-signed-in',
  403: 'forbidden',
  404: 'not-found',
  409: 'rule-violation',
  413: 'payload-too-large',
  422: 'idempotency-key-reused',
  429: 'too-many-requests',
  500: 'internal-error',
  503: 'service-unavailable',
};

/** An RFC 9457 problem as this API writes it (for the OpenAPI description of error answers). */
export const Problem = Type.Object(
  {
    type: Type.String({
      description: bilingual('urn:custodia:problem:<slug>', 'urn:custodia:problem:<slug>'),
    }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    violations: Type.Optional(
      Type.Array(
        Type.Object({ rule: Type.String(), message: Type.String(), subject: Type.Optional(Type.String()) }),
        {
          description: bilingual(
            'at most 100; violationsTotal counts them all when there were more',
            'como máximo 100; violationsTotal las cuenta todas cuando hubo más',
          ),
        },
      ),
    ),
    violationsTotal: Type.Optional(Type.Integer()),
    limit: Type.Optional(
      Type.Integer({
        description: bilingual(
          '413: the largest body this route reads, in bytes',
          '413: el cuerpo más grande que lee esta ruta, en bytes',
        ),
      }),
    ),
    retryAfter: Type.Optional(
      Type.Integer({
        description: bilingual(
          '503: seconds to wait, as in Retry-After',
          '503: segundos de espera, como en Retry-After',
        ),
      }),
    ),
  },
  { additionalProperties: true },
);

const ANSWERS: Record<number, string> = {
  400: 'A malformed request: each bad field named',
  409: 'Refused by a custody rule: each violation named; nothing was recorded',
  413: 'The body is larger than this route reads (the limit in bytes in `limit`); nothing was recorded',
  503: 'The server is busy with heavy work: try again after Retry-After seconds; nothing was recorded',
};

/** Response entries of a route schema for these error statuses, as application/problem+json. */
export function problemAnswers(...statuses: (400 | 409 | 413 | 503)[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: ANSWERS[s], content: { 'application/problem+json': { schema: Problem } } },
    ]),
    // typed loosely: the answers of a handler are typed by its success statuses alone
  ) as Record<number, unknown>;
}

/** What a problem may carry beyond its detail and violations. */
export interface ProblemExtras {
  /** more members of the problem object (RFC 9457 extension members), e.g. `{ limit: 2_000_000 }` */
  members?: Record<string, unknown>;
  /** headers of the answer, e.g. `{ 'retry-after': '5' }` */
  headers?: Record<string, string>;
}

/** An error the API answers as RFC 9457 problem details. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detailKey: string,
    readonly params: Record<string, unknown> = {},
    readonly violations: Violation[] = [],
    readonly extras: ProblemExtras = {},
  ) {
    super(detailKey);
  }
}

/**
 * 503 with `Retry-After`: the server is too busy for this request now (a full queue of heavy work).
 * Throw it from a handler or hook; the answer names the wait in `detail` and in `retryAfter` (seconds).
 */
export class Unavailable extends HttpProblem {
  constructor(
    readonly retryAfterSeconds: number,
    detailKey = 'detail.503',
    params: Record<string, unknown> = {},
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(503, detailKey, { seconds, ...params }, [], {
      members: { retryAfter: seconds },
      headers: { 'retry-after': String(seconds) },
    });
  }
}

export function localise(v: Violation, lang: Lang): ProblemViolation {
  return {
    rule: v.rule,
    message: t(v.message ?? v.rule, lang, v.params),
    ...(v.subject === undefined ? {} : { subject: v.subject }),
  };
}

/** A problem names at most this many violations; `violationsTotal` then says how many there were. */
export const MAX_VIOLATIONS = 100;

export function sendProblem(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  detail: string,
  violations: Violation[] = [],
  extras: ProblemExtras = {},
) {
  const body = problemBody(req, status, detail, violations, extras);
  for (const [name, value] of Object.entries(extras.headers ?? {})) reply.header(name, value);
  return reply
    .code(status)
    .type('application/problem+json')
    .header('content-language', req.lang ?? 'en')
    .send(body);
}

/** The problem object of an answer (sendProblem sends it; an onSend hook may put it in place of a payload). */
export function problemBody(
  req: FastifyRequest,
  status: number,
  detail: string,
  violations: Violation[] = [],
  extras: ProblemExtras = {},
): Record<string, unknown> {
  const lang = req.lang ?? 'en';
  const body: Record<string, unknown> = {
    type: `urn:custodia:problem:${SLUG[status] ?? 'error'}`,
    title: t(
      messages[`title.${status}`] ? `title.${status}` : status >= 500 ? 'title.500' : 'title.400',
      lang,
    ),
    status,
    detail,
    instance: req.url,
    ...extras.members,
  };
  if (violations.length) {
    // bounded: a batch of thousands of bad items must not answer megabytes of problems
    body.violations = violations.slice(0, MAX_VIOLATIONS).map((v) => localise(v, lang));
    if (violations.length > MAX_VIOLATIONS) body.violationsTotal = violations.length;
  }
  return body;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** Turns schema validation errors into violations naming each bad field (`person.dateOfBirth`). */
export function schemaViolations(errors: AjvError[], context: string, lang: Lang): Violation[] {
  const out = new Map<string, Violation>();
  for (const e of errors) {
    if (e.keyword === 'anyOf' || (e.keyword === 'type' && e.params.type === 'null')) continue;
    let path = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
    if (e.keyword === 'required')
      path = path ? `${path}.${String(e.params.missingProperty)}` : String(e.params.missingProperty);
    const field = path || context;
    const key = `schema.${['required', 'type', 'format', 'enum', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'pattern'].includes(e.keyword) ? e.keyword : e.keyword === 'exclusiveMinimum' ? 'minimum' : 'other'}`;
    const params = {
      type: e.params.type,
      format: e.params.format,
      values: e.params.allowedValues,
      limit: e.params.limit,
    };
    if (!out.has(field)) {
      out.set(field, {
        rule: 'invalid-field',
        subject: field,
        params: { field, problem: t(key, lang, params) },
      });
    }
  }
  return [...out.values()];
}

export function errorHandler(
  error: FastifyError & { validation?: AjvError[]; validationContext?: string },
  req: FastifyRequest,
  reply: FastifyReply,
) {
  const lang = req.lang ?? 'en';
  if (error instanceof RuleError) {
    const key = error.status === 404 ? 'title.404' : `detail.${error.status}`;
    const detail =
      error.status === 404
        ? error.violations.map((v) => t(v.message ?? v.rule, lang, v.params)).join(' ')
        : t(key, lang, { count: error.violations.length });
    return sendProblem(reply, req, error.status, detail, error.violations);
  }
  if (error instanceof HttpProblem) {
    const detail = t(error.detailKey, lang, error.params);
    return sendProblem(reply, req, error.status, detail, error.violations, error.extras);
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return tooLarge(req, reply);
  if (error.validation) {
    const violations = schemaViolations(error.validation, error.validationContext ?? 'body', lang);
    return sendProblem(reply, req, 400, t('detail.400', lang, { count: violations.length }), violations);
  }
  if (isConnectionLoss(error)) {
    // a failover or restart under way (or every connection in use: the pool is busy, not lost); a
    // commit that may have happened is answered in idempotency.ts; the request may be sent again
    req.log.warn({ err: error }, 'database unavailable');
    const busy = error.name === 'PoolBusy';
    const e = new Unavailable(DATABASE_RETRY_AFTER, busy ? 'detail.503-pool-busy' : 'detail.503-database');
    return sendProblem(reply, req, 503, t(e.detailKey, lang, e.params), [], e.extras);
  }
  const pgCode = (error as { code?: string }).code;
  if (pgCode === '23505' || pgCode === '23P01' || pgCode === '40001' || pgCode === '40P01') {
    // a unique or exclusion constraint caught a race the checks could not see: nothing was written
    const v = [{ rule: 'concurrent-change' }];
    return sendProblem(reply, req, 409, t('detail.409', lang, { count: 1 }), v);
  }
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) {
    req.log.error({ err: error }, 'request failed');
    return sendProblem(reply, req, 500, t('detail.500', lang, { requestId: req.id }));
  }
  // Fastify's own 4xx (bad JSON, wrong content type, body too large)
  const violations: Violation[] =
    status === 400
      ? [
          {
            rule: 'invalid-field',
            subject: 'body',
            params: { field: 'body', problem: t('schema.body', lang) },
          },
        ]
      : [];
  return sendProblem(reply, req, status, error.message, violations);
}

/** 413: the body is larger than the route's limit (Fastify's FST_ERR_CTP_BODY_TOO_LARGE); nothing was read. */
function tooLarge(req: FastifyRequest, reply: FastifyReply) {
  const lang = req.lang ?? 'en';
  const limit = req.routeOptions.bodyLimit ?? 0;
  const mb = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(limit / (1024 * 1024));
  const detail = t('detail.413', lang, { limit, mb });
  return sendProblem(reply, req, 413, detail, [], { members: { limit } });
}
