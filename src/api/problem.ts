import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type Lang, messages, t } from '../domain/messages.js';
import { RuleError, type Violation } from '../domain/violation.js';

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
  429: 'too-many-requests',
  500: 'internal-error',
};

/** An error the API answers as RFC 9457 problem details. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detailKey: string,
    readonly params: Record<string, unknown> = {},
    readonly violations: Violation[] = [],
  ) {
    super(detailKey);
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
export const MAX_VIOLATIONS = 500;

export function sendProblem(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  detail: string,
  violations: Violation[] = [],
) {
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
  };
  if (violations.length) {
    // bounded: a batch of 100,000 bad items must not answer megabytes of problems
    body.violations = violations.slice(0, MAX_VIOLATIONS).map((v) => localise(v, lang));
    if (violations.length > MAX_VIOLATIONS) body.violationsTotal = violations.length;
  }
  return reply.code(status).type('application/problem+json').header('content-language', lang).send(body);
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
    return sendProblem(reply, req, error.status, t(error.detailKey, lang, error.params), error.violations);
  }
  if (error.validation) {
    const violations = schemaViolations(error.validation, error.validationContext ?? 'body', lang);
    return sendProblem(reply, req, 400, t('detail.400', lang, { count: violations.length }), violations);
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
