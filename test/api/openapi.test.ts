import SwaggerParser from '@apidevtools/swagger-parser';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Closed } from '../../src/api/openapi/answer.js';
import { checkAnswers } from '../../src/api/openapi/check.js';
import { collectRoutes } from '../../src/api/openapi/document.js';
import { takeMismatches } from '../../src/api/openapi/mismatches.js';
import { rulesOf } from '../../src/api/openapi/rules.js';
import { errorHandler } from '../../src/api/problem.js';
import { RuleError } from '../../src/domain/violation.js';
import { type Api, testApi } from '../helpers/api.js';
import { onPostgres } from '../helpers/store.js';

type Op = {
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
  'x-roles'?: string[];
  'x-rules'?: { rule: string; en: string; es: string }[];
};

let api: Api;
let doc: {
  openapi: string;
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, string>> };
};
const ops = () =>
  Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ path, method, op })),
  );

beforeAll(async () => {
  if (onPostgres) return;
  api = await testApi({ pool: { threads: 0 } });
  doc = (await api.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
});
afterAll(() => api?.close());

// the document and this code do not depend on the database: checked on the PGlite run only
describe.skipIf(onPostgres)('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document by a maintained validator', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // the validator dereferences in place: give it a copy
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('describes every route the server has', () => {
    const documented = new Set(
      ops().map((o) => `${o.method.toUpperCase()} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const served = api.app.routeTable.filter(
      (r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/openapi.json',
    );
    expect(served.length).toBeGreaterThan(80);
    expect(served.map((r) => `${r.method} ${r.url}`).filter((k) => !documented.has(k))).toEqual([]);
  });

  it('says in words, in English and Spanish, what each operation answers on success', () => {
    for (const { path, method, op } of ops()) {
      const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
      expect(success.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const [status, r] of success) {
        expect(r.description, `${method} ${path} ${status}`).not.toMatch(/Default Response/);
        expect(r.description, `${method} ${path} ${status}`).toMatch(/\*es:\* \S/);
        if (status !== '204') expect(r.content, `${method} ${path} ${status} has a body schema`).toBeTruthy();
      }
      expect(op.description, `${method} ${path}`).toMatch(/\*es:\* /);
    }
  });

  it('describes error answers with one problem+json schema, referenced per status', () => {
    expect(doc.components.schemas.Problem).toBeTruthy();
    const admit = doc.paths['/api/v1/admissions']?.post as Op;
    for (const status of ['400', '401', '403', '409', '413', '503'])
      expect(admit.responses[status]?.content?.['application/problem+json']?.schema).toEqual({
        $ref: '#/components/schemas/Problem',
      });
    // a public read answers neither 401 nor 403; only sign-in answers 429
    const series = doc.paths['/api/v1/projections/series']?.get as Op;
    expect(Object.keys(series.responses)).not.toContain('429');
    expect(Object.keys(doc.paths['/api/v1/auth/login']?.post?.responses ?? {})).toContain('429');
  });

  it('lists the rule ids each operation may answer, from the code, in both languages', () => {
    const admit = doc.paths['/api/v1/admissions']?.post as Op;
    const rules = admit['x-rules'] ?? [];
    expect(rules.map((r) => r.rule)).toEqual(
      expect.arrayContaining(['legal-basis-required', 'capacity-exceeded']),
    );
    expect(rules.map((r) => r.rule)).toEqual(
      expect.arrayContaining([...rulesOf('POST', '/api/v1/admissions')]),
    );
    const basis = rules.find((r) => r.rule === 'legal-basis-required');
    expect(basis?.en).toMatch(/legal basis/);
    expect(basis?.es).toMatch(/base legal/);
    expect(admit.description).toContain('`capacity-exceeded`');
  });

  it('declares bearer and the session cookie with its CSRF header, and each operation’s roles', () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'custodia_session' });
    expect(schemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' });
    const login = doc.paths['/api/v1/auth/login']?.post as Op;
    expect(login.security).toEqual([]);
    const admit = doc.paths['/api/v1/admissions']?.post as Op;
    expect(admit.security).toEqual([{ bearer: [] }, { session: [], csrf: [] }]);
    expect(doc.paths['/api/v1/people']?.get?.security).toEqual([{ bearer: [] }, { session: [] }]);
    const served = api.app.routeTable.find((r) => r.method === 'POST' && r.url === '/api/v1/admissions');
    expect(admit['x-roles']).toEqual(served?.policy && 'roles' in served.policy ? served.policy.roles : []);
    expect(admit.description).toMatch(/Roles: .*records/);
  });

  it('carries every text in Spanish too: each description of a schema, parameter or answer', () => {
    const english: string[] = [];
    const walk = (v: unknown, at: string): void => {
      if (!v || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) walk(x, `${at}/${i}`);
        return;
      }
      for (const [k, x] of Object.entries(v)) {
        // an operation's summary has its Spanish in the operation's description (checked above)
        const text = k === 'description' || (k === 'title' && at !== '/info');
        if (text && typeof x === 'string') {
          if (!x.includes('*es:*')) english.push(`${at}/${k}: ${x}`);
        } else walk(x, `${at}/${k}`);
      }
    };
    walk(doc, '');
    expect(english).toEqual([]);
    // and a description the check would miss is caught: one without its Spanish
    const before = english.length;
    walk({ components: { schemas: { X: { description: 'English only' } } } }, '');
    expect(english.length).toBe(before + 1);
  });

  it('names the answer schemas a client would name', () => {
    const named = Object.keys(doc.components.schemas);
    expect(named.length).toBeGreaterThan(10);
    expect(JSON.stringify(doc.paths)).toContain('"$ref":"#/components/schemas/');
  });
});

describe.skipIf(onPostgres)('the check of answers against the description', () => {
  // a server of four routes that answer as described, or not
  async function server() {
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    const routes = collectRoutes(app, '/api/v1');
    checkAnswers(app, routes);
    const answer = {
      status: 200 as const,
      en: 'A thing.',
      es: 'Una cosa.',
      schema: Closed({ n: Type.Integer() }),
    };
    const config = { policy: { public: true as const }, answer, summaryEs: 'Una prueba' };
    const schema = { summary: 'A test' };
    app.get('/api/v1/good', { config, schema }, async () => ({ n: 1 }));
    app.get('/api/v1/extra', { config, schema }, async () => ({ n: 1, secret: 'x' }));
    app.get('/api/v1/created', { config, schema }, async (_req, reply) => reply.code(201).send({ n: 1 }));
    // answered by schema.response, as some routes are: its serialiser would drop `secret` unseen
    const open = { status: 200 as const, en: 'A thing.', es: 'Una cosa.' };
    const serialised = { ...schema, response: { 200: Type.Object({ n: Type.Integer() }) } };
    app.get('/api/v1/dropped', { config: { ...config, answer: open }, schema: serialised }, async () => ({
      n: 1,
      secret: 'x',
    }));
    app.get('/api/v1/kept', { config: { ...config, answer: open }, schema: serialised }, async () => ({
      n: 1,
    }));
    app.post('/api/v1/admissions', { config, schema }, async () => {
      throw new RuleError(409, [{ rule: 'not-a-rule-of-admissions' }]);
    });
    await app.ready();
    return app;
  }

  it('lets an answer as described through and turns one that is not into a 500 naming what is wrong', async () => {
    const app = await server();
    try {
      expect((await app.inject('/api/v1/good')).json()).toEqual({ n: 1 });
      const extra = await app.inject('/api/v1/extra');
      expect(extra.statusCode).toBe(500);
      expect(extra.json().detail).toMatch(/GET \/api\/v1\/extra 200: .*additionalProperty/);
      const created = await app.inject('/api/v1/created');
      expect(created.statusCode).toBe(500);
      expect(created.json().detail).toMatch(/status 201 is not documented/);
      const refused = await app.inject({ method: 'POST', url: '/api/v1/admissions', payload: {} });
      expect(refused.statusCode).toBe(500);
      expect(refused.json().detail).toMatch(/rules not listed for the route: not-a-rule-of-admissions/);
      expect((await app.inject('/api/v1/kept')).json()).toEqual({ n: 1 });
      const dropped = await app.inject('/api/v1/dropped');
      expect(dropped.statusCode).toBe(500);
      expect(dropped.json().detail).toMatch(/GET \/api\/v1\/dropped 200: before serialisation.*secret/);
      // each one kept for the test file's end (test/helpers/check-answers.ts), and taken off by this look
      expect(takeMismatches().map((m) => m.split(':')[1]?.trim())).toEqual([
        'GET /api/v1/extra 200',
        'GET /api/v1/created 201',
        'POST /api/v1/admissions 409',
        'GET /api/v1/dropped 200',
      ]);
      expect(takeMismatches()).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('refuses at start-up a route that does not describe its answer', async () => {
    const app = Fastify();
    collectRoutes(app, '/api/v1');
    const policy = { public: true as const };
    expect(() => app.get('/api/v1/mute', { config: { policy } }, async () => ({}))).toThrow(
      /describes no answer/,
    );
    await app.close();
  });
});
