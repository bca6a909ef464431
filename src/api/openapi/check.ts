import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../problem.js';
import { errorStatuses, GENERIC_RULES, type RouteDoc } from './document.js';
import { keepMismatch } from './mismatches.js';
import { rulesOf } from './rules.js';

/**
 * The check of answers against their description, for the test suite (CUSTODIA_CHECK_ANSWERS=1, set
 * by vitest.config.ts): every answer of a documented route must have a documented status, a success
 * body must match its documented schema, and a problem's rule ids must be among those the route lists.
 * An answer that does not is replaced by a 500 naming the route and what is wrong, printed, and kept
 * (mismatches.ts; test/helpers/check-answers.ts fails the test file that provoked it). A route
 * whose answer Fastify serialises by `schema.response` is checked before serialisation too, against
 * that schema closed: a property the schema does not list would be dropped from the answer without a
 * word. Never on in production: it parses every answer again.
 */
export function checkAnswers(app: FastifyInstance, routes: Map<string, RouteDoc>): void {
  const ajv = new Ajv2020({ allErrors: true, strict: false, addUsedSchema: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const problem = ajv.compile(Problem);
  const compiled = new Map<string, ValidateFunction | null>();
  const validatorOf = (route: RouteDoc, status: number): ValidateFunction | null => {
    const k = `${route.method} ${route.url} ${status}`;
    if (!compiled.has(k)) {
      const a = route.answers.find((x) => x.status === status);
      const schema = a?.schema ?? route.response?.[status];
      const json = !a?.media || a.media.startsWith('application/json');
      compiled.set(k, schema && json ? ajv.compile(schema as object) : null);
    }
    return compiled.get(k) ?? null;
  };
  const unserialised = new Map<string, ValidateFunction | null>();
  const serialiserOf = (route: RouteDoc, status: number): ValidateFunction | null => {
    const k = `${route.method} ${route.url} ${status}`;
    if (!unserialised.has(k)) {
      const a = route.answers.find((x) => x.status === status);
      const json = !!a && (!a.media || a.media.startsWith('application/json'));
      const response = route.response?.[status];
      unserialised.set(k, json && response ? ajv.compile(closed(a.schema ?? response) as object) : null);
    }
    return unserialised.get(k) ?? null;
  };
  const found = new WeakMap<FastifyReply, string>();

  app.addHook('preSerialization', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const url = req.routeOptions.url;
    const route = url ? routes.get(`${req.method} ${url}`) : undefined;
    const validate = route && reply.statusCode < 300 ? serialiserOf(route, reply.statusCode) : null;
    if (validate && !validate(JSON.parse(JSON.stringify(payload ?? null))))
      found.set(
        reply,
        `before serialisation (schema.response drops what it does not list): ${errorsText(validate)}`,
      );
    return payload;
  });

  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const url = req.routeOptions.url;
    if (!url || req.method === 'HEAD') return payload;
    const route = routes.get(`${req.method} ${url}`);
    if (!route || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    const status = reply.statusCode;
    const wrong = found.get(reply) ?? mismatch(route, status, String(payload), reply, validatorOf, problem);
    if (!wrong) return payload;
    const text = `answer not as documented: ${req.method} ${url} ${status}: ${wrong}`;
    keepMismatch(text);
    process.stderr.write(`[check-answers] ${text}\n`);
    reply.code(500).type('application/problem+json');
    reply.removeHeader('content-length');
    return JSON.stringify({
      type: 'urn:custodia:problem:internal-error',
      title: 'Internal error',
      status: 500,
      detail: text,
    });
  });
}

/**
 * A copy of a schema in which every object that does not say whether it takes more properties takes
 * none, so that the check sees a property the serialiser would drop.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = closed(v);
  if (out.type === 'object' && out.properties && !('additionalProperties' in out))
    out.additionalProperties = false;
  return out;
}

function mismatch(
  route: RouteDoc,
  status: number,
  body: string,
  reply: FastifyReply,
  validatorOf: (r: RouteDoc, s: number) => ValidateFunction | null,
  problem: ValidateFunction,
): string | null {
  if (status < 400) {
    if (!route.answers.some((a) => a.status === status)) return `status ${status} is not documented`;
    const validate = validatorOf(route, status);
    if (!validate) return null;
    const ok = validate(status === 204 || body === '' ? undefined : JSON.parse(body));
    return ok ? null : errorsText(validate);
  }
  if (!errorStatuses(route).includes(status)) return `error status ${status} is not documented`;
  if (!String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json'))
    return 'an error answer that is not application/problem+json';
  const parsed = JSON.parse(body) as { violations?: { rule: string }[] };
  if (!problem(parsed)) return errorsText(problem);
  const listed = new Set<string>([...rulesOf(route.method, route.url), ...GENERIC_RULES]);
  const unlisted = (parsed.violations ?? []).map((v) => v.rule).filter((r) => !listed.has(r));
  return unlisted.length ? `rules not listed for the route: ${[...new Set(unlisted)].join(', ')}` : null;
}

function errorsText(v: ValidateFunction): string {
  return (v.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('; ');
}
