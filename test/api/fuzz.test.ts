import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/store/users.js';
import { type Api, testApi } from '../helpers/api.js';
import { Fixtures, IN, IN2, needsEverywhere, ROUTES } from '../helpers/routes.js';

/**
 * Every write endpoint gets malformed bodies, made from a valid one by breaking it against the route's
 * own schema (from openapi.json): a wrong type, a missing required field, a value outside its enum,
 * length, range or format, a body that is not an object, or JSON cut short. Each must answer 400
 * problem+json, and the database must be exactly as before.
 */
type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  nullable?: boolean;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};
type Body = unknown;
type Breaker = { name: string; apply: (b: Body) => Body };
/** A second break may find its path gone with the first; then the first alone stands. */
const safely = (b: Breaker, body: Body): Body => {
  try {
    return b.apply(body);
  } catch {
    return body;
  }
};

const clone = (v: Body): Body => structuredClone(v);
function setAt(body: Body, path: (string | number)[], value: unknown, remove = false): Body {
  const out = clone(body) as Record<string | number, unknown>;
  let at = out;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete at[last];
  else at[last] = value;
  return out;
}
const typesOf = (s: Schema): string[] =>
  s.anyOf
    ? s.anyOf.flatMap(typesOf)
    : s.type
      ? [s.type === 'integer' ? 'number' : s.type, ...(s.nullable ? ['null'] : [])]
      : [];
const SAMPLES: Record<string, unknown> = {
  string: 'x',
  number: 7.5,
  boolean: true,
  object: { a: 1 },
  array: [1],
  null: null,
};

/** Ways to break `value` (valid for `schema`) at `path`. */
function breakers(schema: Schema, value: unknown, path: (string | number)[] = []): Breaker[] {
  const at = path.join('.') || 'body';
  const out: Breaker[] = [];
  const accepted = typesOf(schema);
  if (accepted.length) {
    for (const [t, sample] of Object.entries(SAMPLES)) {
      if (accepted.includes(t) || (t === 'number' && accepted.includes('integer'))) continue;
      out.push({
        name: `${at}: ${t} instead of ${accepted.join('|')}`,
        apply: (b) => (path.length ? setAt(b, path, sample) : sample),
      });
    }
  }
  if (schema.enum)
    out.push({ name: `${at}: outside enum`, apply: (b) => setAt(b, path, 'not-one-of-them ☃') });
  if (schema.type === 'string') {
    if (schema.minLength) out.push({ name: `${at}: too short`, apply: (b) => setAt(b, path, '') });
    if (schema.maxLength && schema.maxLength < 100_000)
      out.push({ name: `${at}: too long`, apply: (b) => setAt(b, path, 'x'.repeat(schema.maxLength! + 1)) });
    if (schema.format === 'date-time' || schema.format === 'date')
      out.push({
        name: `${at}: not a ${schema.format}`,
        apply: (b) => setAt(b, path, '2026-02-30T25:61:00'),
      });
  }
  if (schema.type === 'integer') out.push({ name: `${at}: fractional`, apply: (b) => setAt(b, path, 1.5) });
  if (schema.minimum !== undefined)
    out.push({ name: `${at}: below minimum`, apply: (b) => setAt(b, path, schema.minimum! - 1) });
  if (schema.maximum !== undefined)
    out.push({ name: `${at}: above maximum`, apply: (b) => setAt(b, path, schema.maximum! + 1) });
  if (schema.type === 'array') {
    if (schema.minItems) out.push({ name: `${at}: empty`, apply: (b) => setAt(b, path, []) });
    if (Array.isArray(value) && value.length && schema.items)
      out.push(...breakers(schema.items, value[0], [...path, 0]));
  }
  if (schema.type === 'object' && value && typeof value === 'object') {
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      const v = (value as Record<string, unknown>)[k];
      if (schema.required?.includes(k))
        out.push({
          name: `${[...path, k].join('.')}: missing`,
          apply: (b) => setAt(b, [...path, k], undefined, true),
        });
      if (v !== undefined) out.push(...breakers(s, v, [...path, k]));
    }
  }
  return out;
}

describe('fuzzing every write endpoint with malformed bodies', () => {
  let api: Api;
  let fx: Fixtures;
  let openapi: {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  };

  beforeAll(async () => {
    api = await testApi();
    fx = new Fixtures(api);
    await fx.setup();
    for (const role of ROLES) {
      await api.user(`${role}-user`, [role], [IN, IN2]);
      // routes that only staff of every facility may call (rival groups)
      await api.user(`${role}-all`, [role], ['*']);
    }
    openapi = (await api.call('GET', '/api/v1/openapi.json')).json();
  });
  afterAll(() => api?.close());

  /** Every table, row by row: a change anywhere shows. */
  const snapshot = async () => {
    const tables = (
      await sql<{
        t: string;
      }>`select tablename as t from pg_tables where schemaname = 'public' order by 1`.execute(api.store.db)
    ).rows.map((r) => r.t);
    const out: Record<string, string> = {};
    for (const t of tables) {
      const r = await sql<{ n: number; h: string | null }>`select count(*)::int as n,
          md5(string_agg(x::text, '|' order by x::text)) as h from ${sql.table(t)} x`.execute(api.store.db);
      out[t] = `${r.rows[0]!.n}:${r.rows[0]!.h}`;
    }
    return out;
  };
  const head = async () =>
    (await api.store.db.selectFrom('register_head').select(['seq', 'hash']).executeTakeFirstOrThrow()).hash;

  const writes = Object.entries(ROUTES).filter(
    ([k, spec]) => !k.startsWith('GET ') && k !== 'POST /api/v1/auth/logout' && !spec.bodiless,
  );

  it('has write endpoints to fuzz, each with a body schema', () => {
    expect(writes.length).toBeGreaterThanOrEqual(23);
  });

  for (const [key, spec] of writes) {
    it(key, async () => {
      const [method, url] = key.split(' ') as [string, string];
      const schema =
        openapi.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()]?.requestBody?.content[
          'application/json'
        ]?.schema;
      expect(schema, `${key} has a body schema`).toBeDefined();
      const roles = spec.roles === 'any' || spec.roles === 'public' ? ROLES : spec.roles;
      const role: Role = roles.find((r) => r !== 'medical') ?? roles[0]!;
      const req = await spec.request(fx, { facility: IN, role });
      const everywhere = needsEverywhere(spec, role);
      const token = await api.token(everywhere ? `${role}-all` : `${role}-user`);
      const bs = breakers(schema!, req.body);
      expect(bs.length).toBeGreaterThan(0);
      const before = await snapshot();
      const send = (payload: string) =>
        api.app.inject({
          method: method as 'POST',
          url: req.url,
          payload,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });
      const check = async ({ name, text }: { name: string; text: string }) => {
        const h = await head();
        const res = await send(text);
        expect(res.statusCode, `${key} ${name}: ${res.body.slice(0, 200)}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json().violations?.length ?? 0, `${key} ${name} names the bad field`).toBeGreaterThan(0);
        expect(await head()).toBe(h);
      };
      // every way the schema can be broken, each once
      for (const b of bs) await check({ name: b.name, text: JSON.stringify(b.apply(req.body)) });
      // then random garbage: JSON cut short, bodies that are not objects, two breaks at once
      const text = JSON.stringify(req.body);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc
              .integer({ min: 0, max: text.length - 1 })
              .map((n) => ({ name: `JSON cut at ${n}`, text: text.slice(0, n) })),
            fc
              .oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }))
              .map((v) => ({ name: `not an object: ${JSON.stringify(v)}`, text: JSON.stringify(v) })),
            fc.tuple(fc.constantFrom(...bs), fc.constantFrom(...bs)).map(([a, b]) => ({
              name: `${a.name} and ${b.name}`,
              text: JSON.stringify(safely(b, safely(a, req.body))),
            })),
          ),
          check,
        ),
        { numRuns: 30 },
      );
      expect(await snapshot()).toEqual(before);
      // and the valid body still works: the fuzzing did not break the endpoint (nor was it refusing all)
      const ok = await send(JSON.stringify(req.body));
      expect(ok.statusCode, `${key} with the valid body: ${ok.body.slice(0, 200)}`).toBe(spec.ok);
    });
  }
});
