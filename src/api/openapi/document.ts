import type { FastifyInstance } from 'fastify';
import { messages } from '../../domain/messages.js';
import type { Policy } from '../auth.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth.js';
import { Problem } from '../problem.js';
import { type Answer, answersOf } from './answer.js';
import { rulesOf } from './rules.js';

/** What the document needs to know of a route (collected by `collectRoutes` as routes are added). */
export interface RouteDoc {
  method: string;
  url: string;
  policy: Policy | undefined;
  answers: Answer[];
  summaryEs: string | undefined;
  /** error statuses the route answers beyond those its inputs and policy imply (e.g. 429 of sign-in) */
  errors: number[];
  hasBody: boolean;
  hasInput: boolean;
  /** `schema.response` as the route declares it (Fastify writes those answers by it) */
  response: Record<string, unknown> | undefined;
}

const key = (method: string, url: string) => `${method} ${url}`;

/** Keeps every /api/v1 route's documentation facts, by "METHOD url" (Fastify's `:param` syntax). */
export function collectRoutes(app: FastifyInstance, prefix: string): Map<string, RouteDoc> {
  const routes = new Map<string, RouteDoc>();
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!url.startsWith(`${prefix}/`) || route.schema?.hide) return;
    const schema = route.schema ?? {};
    // a route clients cannot read about is refused at start-up, as one without a policy is (auth.ts)
    if (!route.config?.answer || !route.config.summaryEs || !schema.summary)
      throw new Error(
        `route ${[route.method].flat().join(',')} ${url} describes no answer (config.answer, summaryEs)`,
      );
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.set(key(method, url), {
        method,
        url,
        policy: route.config?.policy,
        answers: answersOf(route.config?.answer),
        summaryEs: route.config?.summaryEs,
        errors: route.config?.errors ?? [],
        hasBody: !!schema.body || ['POST', 'PUT', 'PATCH'].includes(method),
        hasInput: !!(schema.body || schema.querystring || schema.params || url.includes(':')),
        response: schema.response as Record<string, unknown> | undefined,
      });
    }
  });
  return routes;
}

/** Rule ids any route may answer: a malformed field, and a race a constraint caught (problem.ts). */
export const GENERIC_RULES = ['invalid-field', 'concurrent-change'] as const;

/**
 * The error statuses a route answers, from what it reads and who may call it; the document and the
 * check of answers (check.ts) both use this, so the description cannot promise less than is sent.
 */
export function errorStatuses(r: RouteDoc): number[] {
  const out = new Set<number>([500, 503, ...r.errors]);
  if (r.hasInput || r.hasBody) out.add(400).add(404);
  if (!r.policy || !('public' in r.policy)) out.add(401).add(403);
  if (r.method !== 'GET') out.add(409).add(422);
  if (r.hasBody) out.add(413).add(415);
  const rules = rulesOf(r.method, r.url);
  if (rules.length) out.add(409);
  // a thing named that does not exist answers 404 (domain/violation.ts notFound), its rule `unknown-…`
  if (rules.some((rule) => rule.startsWith('unknown-'))) out.add(404);
  return [...out].sort((a, b) => a - b);
}

const ERROR_TEXT: Record<number, { en: string; es: string }> = {
  400: {
    en: 'A malformed request: each bad field is named in `violations` (rule `invalid-field`), or a rule of this operation refused the input.',
    es: 'Una petición mal formada: cada campo erróneo se nombra en `violations` (regla `invalid-field`), o una regla de esta operación rechazó los datos.',
  },
  401: { en: 'Not signed in, or the session has ended.', es: 'Sin sesión iniciada, o la sesión terminó.' },
  403: {
    en: 'Signed in, but this caller may not: a role it lacks, a facility outside its scope, or a write by session cookie without its CSRF header.',
    es: 'Con sesión, pero quien llama no puede: le falta el rol, el recinto está fuera de su alcance, o una escritura con la cookie de sesión no trae su cabecera CSRF.',
  },
  404: {
    en: 'Something named does not exist (the rule in `violations` says what).',
    es: 'Algo nombrado no existe (la regla en `violations` dice qué).',
  },
  409: {
    en: 'Refused by a custody rule: each violation named, with its rule id (see this operation’s rules). Nothing was recorded.',
    es: 'Rechazado por una regla de custodia: cada infracción con su identificador de regla (ver las reglas de esta operación). No se registró nada.',
  },
  413: {
    en: 'The body is larger than this route reads (`limit`, in bytes). Nothing was recorded.',
    es: 'El cuerpo supera lo que esta ruta lee (`limit`, en bytes). No se registró nada.',
  },
  415: {
    en: 'The body is not application/json.',
    es: 'El cuerpo no es application/json.',
  },
  422: {
    en: 'The Idempotency-Key was used before for a different request.',
    es: 'La Idempotency-Key ya se usó para otra petición.',
  },
  429: {
    en: 'Too many attempts: try again after the time in `detail`.',
    es: 'Demasiados intentos: vuelva a intentar después de la hora que indica `detail`.',
  },
  500: {
    en: 'An internal error; `detail` carries the request id to report. Nothing was recorded.',
    es: 'Un error interno; `detail` trae el identificador de la petición para informarlo. No se registró nada.',
  },
  503: {
    en: 'The database is unavailable (a failover) or the server is busy: send it again after Retry-After seconds (a write with the same Idempotency-Key). Nothing was recorded.',
    es: 'La base de datos no está disponible (una conmutación) o el servidor está ocupado: reenvíe tras Retry-After segundos (una escritura con la misma Idempotency-Key). No se registró nada.',
  },
};

const both = (t: { en: string; es: string }) => `${t.en}\n\n*es:* ${t.es}`;

const ROLE_TEXT = {
  public: { en: 'Public: no sign-in needed.', es: 'Pública: no requiere sesión.' },
  any: { en: 'Roles: any signed-in user.', es: 'Roles: cualquier usuario con sesión.' },
  some: (roles: string) => ({ en: `Roles: ${roles}.`, es: `Roles: ${roles}.` }),
  everywhere: {
    en: 'Only an account that holds every facility may call it',
    es: 'Solo puede llamarla una cuenta que abarque todos los recintos',
  },
};

function rolesText(policy: Policy | undefined): { en: string; es: string } {
  if (!policy || 'public' in policy) return ROLE_TEXT.public;
  const base = policy.roles === 'any' ? ROLE_TEXT.any : ROLE_TEXT.some(policy.roles.join(', '));
  if (!policy.everywhere) return base;
  const roles = policy.everywhere === true ? null : policy.everywhere.join(', ');
  return {
    en: `${base.en} ${ROLE_TEXT.everywhere.en}${roles ? ` as ${roles}` : ''}.`,
    es: `${base.es} ${ROLE_TEXT.everywhere.es}${roles ? ` como ${roles}` : ''}.`,
  };
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/**
 * Moves every sub-schema with a `$id` into `components.schemas` under that name and refers to it, so
 * a generated client names the type; two different schemas under one name are an error.
 */
function hoist(schema: unknown, components: Record<string, unknown>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => hoist(s, components));
  if (!schema || typeof schema !== 'object') return schema;
  const { $id, ...rest } = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) out[k] = hoist(v, components);
  if (typeof $id !== 'string') return out;
  const seen = components[$id];
  if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(out))
    throw new Error(`two different answer schemas are named ${$id}`);
  components[$id] = out;
  return { $ref: `#/components/schemas/${$id}` };
}

function successAnswers(r: RouteDoc, op: Record<string, unknown>, components: Record<string, unknown>) {
  const generated = (op.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
  const out: Record<string, unknown> = {};
  for (const a of r.answers) {
    const media = a.media ?? 'application/json';
    const content = a.schema
      ? { [media]: { schema: hoist(a.schema, components) } }
      : generated[a.status]?.content;
    out[a.status] = { description: both(a), ...(content ? { content } : {}) };
  }
  return out;
}

function ruleList(method: string, url: string) {
  return [...rulesOf(method, url), ...GENERIC_RULES].map((rule) => ({
    rule,
    en: messages[rule]?.en ?? rule,
    es: messages[rule]?.es ?? rule,
  }));
}

/**
 * Completes the document @fastify/swagger made from the routes: every operation's success answers
 * in words (English and Spanish) with their schemas, its error answers (one problem+json schema,
 * referenced per status), the rule ids it may answer (found in the code: rules.ts), who may call it
 * (security and roles).
 */
export function completeDocument(
  doc: Record<string, unknown>,
  routes: Map<string, RouteDoc>,
  prefix: string,
): Record<string, unknown> {
  const components = (doc.components ?? {}) as Record<string, Record<string, unknown>>;
  const schemas: Record<string, unknown> = { ...(components.schemas ?? {}), Problem };
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [path, ops] of Object.entries(paths)) {
    const url = `${prefix}${path}`.replace(/\{([^}]+)\}/g, ':$1').replace(`${prefix}${prefix}`, prefix);
    for (const [method, op] of Object.entries(ops)) {
      const r = routes.get(key(method.toUpperCase(), url));
      if (!r) continue;
      const roles = rolesText(r.policy);
      const rules = ruleList(r.method, r.url);
      const summaryEs = r.summaryEs ? `*es:* ${r.summaryEs}\n\n` : '';
      op.description = `${summaryEs}${roles.en}\n\n*es:* ${roles.es}\n\n${rulesMarkdown(rules)}`;
      op['x-roles'] =
        !r.policy || 'public' in r.policy ? [] : r.policy.roles === 'any' ? ['any'] : r.policy.roles;
      if (r.policy && 'everywhere' in r.policy && r.policy.everywhere)
        op['x-every-facility'] = r.policy.everywhere;
      op['x-rules'] = rules;
      op.security = securityOf(r);
      const responses: Record<string, unknown> = successAnswers(r, op, schemas);
      for (const status of errorStatuses(r)) {
        const text = ERROR_TEXT[status] ?? { en: 'An error.', es: 'Un error.' };
        responses[status] = {
          description: both(text),
          content: { 'application/problem+json': { schema: PROBLEM_REF } },
        };
      }
      op.responses = responses;
    }
  }
  return {
    ...doc,
    components: {
      ...components,
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: both({
            en: 'The token of POST /api/v1/auth/login, as `Authorization: Bearer <token>`.',
            es: 'El token de POST /api/v1/auth/login, como `Authorization: Bearer <token>`.',
          }),
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: both({
            en: 'The web app’s session cookie, set by sign-in. Writes with it also need the CSRF header.',
            es: 'La cookie de sesión de la aplicación web, fijada al iniciar sesión. Las escrituras con ella necesitan además la cabecera CSRF.',
          }),
        },
        csrf: {
          type: 'apiKey',
          in: 'header',
          name: CSRF_HEADER,
          description: both({
            en: 'The CSRF token that sign-in and GET /api/v1/auth/me answer (`csrfToken`), on every write sent with the session cookie.',
            es: 'El token CSRF que devuelven el inicio de sesión y GET /api/v1/auth/me (`csrfToken`), en cada escritura enviada con la cookie de sesión.',
          }),
        },
      },
    },
  };
}

function rulesMarkdown(rules: { rule: string; en: string; es: string }[]): string {
  const lines = rules.map((r) => `- \`${r.rule}\`: ${r.en} · *es:* ${r.es}`);
  return `Rules it may answer (\`violations[].rule\`) · *es:* reglas que puede responder:\n\n${lines.join('\n')}`;
}

function securityOf(r: RouteDoc): Record<string, string[]>[] {
  if (!r.policy || 'public' in r.policy) return [];
  return r.method === 'GET' ? [{ bearer: [] }, { session: [] }] : [{ bearer: [] }, { session: [], csrf: [] }];
}
