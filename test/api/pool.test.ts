import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkPool } from '../../src/api/pool.js';
import { type ComplianceTask, complianceReport } from '../../src/api/pool-worker.js';
import type { ServerOptions } from '../../src/api/server.js';
import { checkScenario } from '../../src/domain/projection/scenario.js';
import { project } from '../../src/domain/projection/simulate.js';
import { hashPage } from '../../src/domain/register/chain.js';
import { SCENARIO_DIR } from '../../src/store/projection.js';
import { appendEvents, type NewEvent, verifyRegister, withRegister } from '../../src/store/register.js';
import { complianceInput } from '../../src/store/safeguards/compliance.js';
import { admission, smallFacility, testApi } from '../helpers/api.js';
import { smallScenario } from '../helpers/routes.js';

/**
 * Issue 18: CPU-heavy work (projections, the hashing of audit verify) runs in a pool of worker
 * threads (src/api/pool.ts), so a light request is answered while it runs; a full queue answers 503
 * with Retry-After. The pool here is the real one: worker threads loading src/api/pool-worker.ts.
 */
const P = '/api/v1';

/** A server on a fresh database, with its own pool options, and a request helper signed in as root. */
async function server(opts: ServerOptions = {}) {
  const api = await testApi(opts);
  const call = (method: 'GET' | 'POST', url: string, body?: unknown, lang = 'en') =>
    api.call(method, url, { body, lang });
  return { app: api.app, store: api.store, call, close: api.close };
}
type Server = Awaited<ReturnType<typeof server>>;

/** The shipped Chilean scenario with more runs: a projection of a second or more on this machine. */
const heavyScenario = (runs = 24) => ({
  ...JSON.parse(readFileSync(join(SCENARIO_DIR, 'chile-2025.json'), 'utf8')),
  runs,
  seed: 11,
});

/** Resolves once the pool has a task in hand (so the heavy request is really running). */
async function untilBusy(pool: WorkPool, done: Promise<unknown>) {
  let finished = false;
  done.then(
    () => {
      finished = true;
    },
    () => {
      finished = true;
    },
  );
  while (pool.pending === 0 && !finished) await new Promise((r) => setTimeout(r, 2));
  return !finished;
}

/** 1,200 events: several pages of the verification, each past the size that goes to the pool. */
async function fill(s: Server) {
  const event: NewEvent<'incident.recorded'> = {
    kind: 'incident.recorded',
    effectiveAt: new Date('2026-03-02T09:00:00Z'),
    facility: null,
    payload: { id: 'inc', kind: 'other', unit: null, people: [], forceUsed: false, description: 'Ñandú «x»' },
  };
  for (let i = 0; i < 3; i++)
    await withRegister(s.store.db, (trx) =>
      appendEvents(
        trx,
        'root',
        Array.from({ length: 400 }, (_, k) => ({
          ...event,
          payload: { ...event.payload, id: `inc-${i}-${k}` },
        })),
      ),
    );
}

describe('the worker pool', () => {
  let s: Server;

  beforeAll(async () => {
    s = await server({ pool: { threads: 1 } });
    await fill(s);
  }, 120_000);
  afterAll(() => s?.close());

  it('runs the work in worker threads', () => {
    expect(s.app.pool.enabled).toBe(true);
    expect(s.app.pool.threads).toBe(1);
  });

  it('answers a projection with exactly what the engine answers when called directly', async () => {
    const body = { ...smallScenario(), runs: 30 };
    const res = await s.call('POST', `${P}/projections`, body);
    expect(res.statusCode, res.body).toBe(200);
    const checked = checkScenario(body);
    if (!('scenario' in checked)) throw new Error('the test scenario is not valid');
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(project(checked.scenario))));
  });

  it('still refuses a bad scenario with 400 before any work is queued', async () => {
    const res = await s.call('POST', `${P}/projections`, { ...smallScenario(), months: 0 });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(s.app.pool.pending).toBe(0);
  });

  it('answers /healthz while a heavy projection runs, before the projection is done', async () => {
    const order: string[] = [];
    const heavy = s.call('POST', `${P}/projections`, heavyScenario()).then((r) => {
      order.push('projection');
      return r;
    });
    expect(await untilBusy(s.app.pool, heavy)).toBe(true);
    const health = await s.app.inject({ method: 'GET', url: '/healthz' });
    order.push('healthz');
    expect(health.statusCode).toBe(200);
    const res = await heavy;
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(order).toEqual(['healthz', 'projection']);
  }, 120_000);

  it('verifies through the pool with the answer of a verification on the event loop', async () => {
    const direct = await verifyRegister(s.store.db, { pageSize: 500 });
    expect(direct.ok).toBe(true);
    expect(direct.events).toBe(1200);
    const res = await s.call('GET', `${P}/audit/verify`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(direct);
    // the same through a hasher in the pool, page by page, with anchors
    const anchors = [
      { seq: 300, hash: (await hashOf(s, 300)) as string },
      { seq: 1100, hash: '0'.repeat(64) },
    ];
    const viaPool = await verifyRegister(s.store.db, {
      pageSize: 500,
      anchors,
      hasher: (page) => s.app.pool.run('hashPage', page),
    });
    expect(viaPool).toEqual(await verifyRegister(s.store.db, { pageSize: 500, anchors }));
    expect(viaPool.problems).toEqual([{ seq: 1100, problem: 'anchor' }]);
  });

  it('finds a tampered register through the pool, and names the same events as on the event loop', async () => {
    const tamper = (actor: string, payload: string) =>
      s.store.db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`update custody_event set actor = ${actor} where seq = 7`.execute(trx);
        await sql`update custody_event set payload = ${payload}::jsonb where seq = 1150`.execute(trx);
      });
    const original = await s.store.db
      .selectFrom('custody_event')
      .select(sql<string>`payload::text`.as('p'))
      .where('seq', '=', 1150)
      .executeTakeFirstOrThrow();
    await tamper('someone else', original.p.replace('inc-2-', 'inc-9-'));
    try {
      const res = await s.call('GET', `${P}/audit/verify`);
      expect(res.statusCode).toBe(200);
      const found = res.json();
      expect(found.ok).toBe(false);
      expect(found.problems).toEqual([
        { seq: 7, problem: 'hash' },
        { seq: 1150, problem: 'hash' },
      ]);
      expect(found).toEqual(await verifyRegister(s.store.db));
      expect(found).toEqual(await verifyRegister(s.store.db, { pageSize: 100, sliceMs: 0 }));
    } finally {
      await tamper('root', original.p);
    }
    expect((await s.call('GET', `${P}/audit/verify`)).json().ok).toBe(true);
  });

  it('hashes in a worker exactly as on the event loop, and reports what no event can hold', async () => {
    const rows = await s.store.db.selectFrom('custody_event').selectAll().orderBy('seq').limit(50).execute();
    const page = rows.map((r) => [
      r.seq,
      r.recorded_at.getTime(),
      r.effective_at.getTime(),
      r.actor,
      r.kind,
      r.person_id,
      r.facility_code,
      r.corrects,
      r.prev_hash,
      r.hash,
      r.payload,
      true,
    ]);
    // a time no event can hold, as PostgreSQL writes an infinite one into JSON
    const broken = [...page[0]!];
    broken[1] = 'Infinity';
    const json = JSON.stringify([...page, broken]);
    const inWorker = await s.app.pool.run('hashPage', json);
    expect(inWorker).toEqual(hashPage(json));
    expect(inWorker.slice(0, 50).map((e) => e.computed)).toEqual(rows.map((r) => r.hash));
    expect(inWorker[50]).toMatchObject({ seq: rows[0]!.seq, computed: null });
  });

  it('judges a compliance report in a worker exactly as on the event loop', async () => {
    const made = await s.call('POST', `${P}/facilities`, smallFacility('POOL', 3));
    expect(made.statusCode, made.body).toBe(201);
    // more people than design places, some of them sentenced: findings of several rules
    const admissions = Array.from({ length: 24 }, (_, i) => {
      const { facility: _f, ...one } = admission('POOL', i % 3 ? {} : { status: 'sentenced' });
      return one;
    });
    const bulk = await s.call('POST', `${P}/admissions/bulk`, { facility: 'POOL', admissions });
    expect(bulk.statusCode, bulk.body.slice(0, 300)).toBe(201);
    const { input } = await complianceInput(s.store.db, 'POOL', new Date(), {});
    const tasks: ComplianceTask[] = [
      { input, profile: 'cl', compare: 'sv-exception', limit: 1 },
      { input, profile: 'un-mandela', compare: null, limit: null },
    ];
    for (const task of tasks) {
      const direct = complianceReport(task);
      expect(direct.findings.length).toBeGreaterThan(0);
      expect(await s.app.pool.run('complianceReport', task)).toEqual(direct);
    }
    // the limit keeps one finding per rule and counts the others
    const limited = complianceReport(tasks[0]!);
    expect(new Set(limited.findings.map((f) => f.rule)).size).toBe(limited.findings.length);
  });
});

describe('a full pool', () => {
  let s: Server;

  beforeAll(async () => {
    // one thread, no room to wait: a second heavy request while one runs is refused
    s = await server({ pool: { threads: 1, maxQueue: 0, retryAfter: 3 } });
    await fill(s);
  }, 120_000);
  afterAll(() => s?.close());

  it('answers 503 problem+json with Retry-After, in the request’s language, and serves again once free', async () => {
    const heavy = s.call('POST', `${P}/projections`, heavyScenario());
    expect(await untilBusy(s.app.pool, heavy)).toBe(true);
    expect(s.app.pool.full).toBe(true);
    for (const lang of ['en', 'es']) {
      const refused = await s.call('POST', `${P}/projections`, smallScenario(), lang);
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers['retry-after']).toBe('3');
      expect(refused.headers['content-language']).toBe(lang);
      const problem = refused.json();
      expect(problem).toMatchObject({ status: 503, retryAfter: 3, instance: `${P}/projections` });
      expect(problem.detail).toMatch(lang === 'es' ? /ocupado.*3 s/ : /busy.*3 s/);
    }
    // a new verification is refused too (503), not queued behind
    const verify = await s.call('GET', `${P}/audit/verify`);
    expect(verify.statusCode).toBe(503);
    expect(verify.headers['retry-after']).toBe('3');
    // light requests are served meanwhile
    expect((await s.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // the running one finishes; then there is room again
    expect((await heavy).statusCode).toBe(200);
    expect(s.app.pool.full).toBe(false);
    expect((await s.call('POST', `${P}/projections`, smallScenario())).statusCode).toBe(200);
    expect((await s.call('GET', `${P}/audit/verify`)).json()).toMatchObject({ ok: true, events: 1200 });
  }, 120_000);

  it('lets a verification already running wait for room rather than fail half-way', async () => {
    const verifying = verifyRegister(s.store.db, {
      pageSize: 300,
      hasher: (page) => s.app.pool.runWhenRoom('hashPage', page),
    });
    const heavy = s.call('POST', `${P}/projections`, heavyScenario(8));
    const [v, h] = await Promise.all([verifying, heavy]);
    expect(v).toMatchObject({ ok: true, events: 1200 });
    expect([200, 503]).toContain(h.statusCode);
  }, 120_000);
});

describe('the pool switched off (threads 0)', () => {
  it('runs the same work on the event loop, with the same answers', async () => {
    const pool = new WorkPool({ threads: 0 });
    expect(pool.enabled).toBe(false);
    const checked = checkScenario(smallScenario());
    if (!('scenario' in checked)) throw new Error('the test scenario is not valid');
    expect(await pool.run('project', checked.scenario)).toEqual(project(checked.scenario));
    await pool.close();
  });
});

async function hashOf(s: Server, seq: number) {
  const r = await s.store.db
    .selectFrom('custody_event')
    .select('hash')
    .where('seq', '=', seq)
    .executeTakeFirst();
  return r?.hash;
}
