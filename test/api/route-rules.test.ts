import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_RULES } from '../../src/api/openapi/route-rules.js';
import { findRouteRules } from '../../src/api/openapi/rule-finder.js';
import { buildServer } from '../../src/api/server.js';
import { messages } from '../../src/domain/messages.js';
import { onPostgres } from '../helpers/store.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HOUSING = ['capacity-exceeded', 'facility-full', 'separation', 'not-accepted', 'non-association'];

// the document and this code do not depend on the database: checked on the PGlite run only
describe.skipIf(onPostgres)('the rule ids of each route, found in the code (issue 22)', () => {
  let found: Record<string, string[]>;
  beforeAll(() => {
    found = findRouteRules(root);
  });

  it('route-rules.ts is what the code says now (else: npx tsx scripts/route-rules.ts)', () => {
    expect(ROUTE_RULES).toEqual(found);
  });

  it('every route of the server has an entry, and no entry names a route it lacks', async () => {
    // the routes are registered without a word to the database: a store that only listens will do,
    // where a fresh database would cost seconds of migrations
    const store = { kind: 'pglite', db: {}, listen: async () => async () => {} };
    const app = await buildServer(store as never, { pool: { threads: 0 } });
    try {
      const served = app.routeTable.map((r) => `${r.method} ${r.url}`).sort();
      expect(Object.keys(found).sort()).toEqual(served);
    } finally {
      await app.close();
    }
  });

  it('lists the refusals a write can answer, a helper’s and a domain rule’s alike', () => {
    expect(found['POST /api/v1/admissions']).toEqual(
      expect.arrayContaining(['legal-basis-required', 'capacity-exceeded', 'separation', 'unknown-facility']),
    );
    // `notFound('unknown-unit', …)` in the store, behind the handler
    expect(found['GET /api/v1/facilities/:code/units/:unit']).toContain('unknown-unit');
    // `${what}-too-long` with `what` left to its default ('visit') or given ('visit-session')
    expect(found['POST /api/v1/visits']).toEqual(
      expect.arrayContaining(['visit-ends-before-start', 'visit-too-long', 'visitor-banned']),
    );
    expect(found['POST /api/v1/facilities/:code/visit-sessions']).toContain('visit-session-too-long');
    expect(found['POST /api/v1/facilities/:code/visit-sessions']).not.toContain('visit-too-long');
    // a profile's isolation limit (data, read as `l.rule`) and the code's own mandela-43
    expect(found['POST /api/v1/disciplinary-charges/:chargeId/hearing']).toEqual(
      expect.arrayContaining(['mandela-43', 'mandela-44', 'sanction-without-proof']),
    );
  });

  it('lists nothing a route cannot answer', () => {
    for (const rule of HOUSING) expect(found['GET /api/v1/facilities']).not.toContain(rule);
    expect(found['GET /api/v1/people']).toEqual([]);
    // the idempotency hook acts on writes only
    expect(found['POST /api/v1/visitors']).toContain('idempotency-key-reused');
    expect(found['GET /api/v1/visitors/:visitorId']).not.toContain('idempotency-key-reused');
    // a profile's findings are data no refusal reads
    expect(found['POST /api/v1/sentences']).not.toContain('mandela-44');
  });

  it('lists catalogue ids only, without the generic ones every route may answer', () => {
    for (const [route, rules] of Object.entries(found)) {
      for (const rule of rules) expect(messages[rule], `${route}: ${rule}`).toBeDefined();
      expect(rules).not.toContain('invalid-field');
      expect(rules).not.toContain('concurrent-change');
      expect(rules).toEqual([...rules].sort());
    }
  });
});

/** A small program of its own: each way the analysis follows a call, tried once. */
const FIXTURE: Record<string, string> = {
  'src/api/openapi/document.ts': `export const GENERIC_RULES = ['invalid-field', 'concurrent-change'] as const;`,
  'src/domain/violation.ts': `
    export const notFound = (rule: string, params: Record<string, unknown>) => ({ status: 404, violations: [{ rule, params }] });`,
  'src/domain/rules/index.ts': `export * from './a.js';\nexport { b as bee } from './b.js';`,
  'src/domain/rules/a.ts': `export function a() { return [{ rule: 'capacity-exceeded' }]; }`,
  'src/domain/rules/b.ts': `
    export const b = (what: 'visit' | 'visit-session' = 'visit') => [{ rule: \`\${what}-too-long\` }];`,
  'src/domain/profile.ts': `
    export const PROFILE = { discipline: { isolations: [{ maxDays: 15, rule: 'mandela-44' }] }, lights: { rule: 'mandela-43' } };`,
  'src/store/thing.ts': `
    import * as R from '../domain/rules/index.js';
    import { notFound } from '../domain/violation.js';
    import type { PROFILE } from '../domain/profile.js';
    export class Store { check() { return R.a(); } }
    export const helpers = { find(id: string) { if (!id) throw notFound('unknown-person', {}); } };
    const no = (rule: string) => ({ rule });
    export function many() { return ['separation', 'rival-group'].map((rule) => ({ rule })); }
    export function viaNo() { return no('facility-full'); }
    export function limits(p: typeof PROFILE) {
      const out = [];
      for (const l of p.discipline.isolations) out.push({ rule: l.rule });
      return out;
    }`,
  'src/api/routes/x.ts': `
    import { bee } from '../../domain/rules/index.js';
    import { PROFILE } from '../../domain/profile.js';
    import { type Store, helpers, limits, many, viaNo } from '../../store/thing.js';
    export const routes = (store: Store) => async (app) => {
      app.get('/a', { config: {} }, async () => store.check());
      app.post('/b', async () => bee());
      app.get('/c', async () => { helpers.find(''); return many(); });
      const record = (path: string) => app.get(path, async () => viaNo());
      record('/d');
      record('/e');
      app.get('/f', async () => [limits(PROFILE), PROFILE.lights]);
    };`,
  'src/api/server.ts': `
    import { routes } from './routes/x.js';
    const WRITES = new Set(['POST']);
    export async function build(app, store) {
      app.addHook('preHandler', async (req) => {
        if (!WRITES.has(req.method)) return;
        throw { violations: [{ rule: 'idempotency-key-reused' }] };
      });
      await app.register(routes(store), { prefix: '/api/v1' });
      app.get('/healthz', async () => ({ rule: 'unknown-cell' }));
    }`,
};

describe.skipIf(onPostgres)('how the analysis follows the code', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'custodia-rules-'));
    for (const [file, text] of Object.entries(FIXTURE)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('through namespaces, re-exports, typed objects, helpers, callbacks, defaults, hooks and data', () => {
    expect(findRouteRules(dir)).toEqual({
      'GET /api/v1/a': ['capacity-exceeded'],
      'POST /api/v1/b': ['idempotency-key-reused', 'visit-too-long'],
      'GET /api/v1/c': ['rival-group', 'separation', 'unknown-person'],
      'GET /api/v1/d': ['facility-full'],
      'GET /api/v1/e': ['facility-full'],
      'GET /api/v1/f': ['mandela-44'],
    });
  });
});
