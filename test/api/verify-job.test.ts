import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Verifications } from '../../src/api/verifications.js';
import { appendEvents, type NewEvent, verifyRegister, withRegister } from '../../src/store/register.js';
import { type Api, admission, smallFacility, testApi } from '../helpers/api.js';

/**
 * The register's verification runs in the background (issue 21 item 9): progress to follow, one at a
 * time, for inspectors, administrators and governors of every facility; GET /audit/verify keeps its
 * answer and no longer holds the event loop while it hashes.
 */
const P = '/api/v1';

describe('verifying the register in the background', () => {
  let api: Api;

  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', `${P}/facilities`, { body: smallFacility('VJ', 60) })).statusCode).toBe(
      201,
    );
    const admissions = Array.from({ length: 600 }, () => {
      const { facility: _, ...one } = admission('VJ');
      return one;
    });
    const bulk = await api.call('POST', `${P}/admissions/bulk`, { body: { facility: 'VJ', admissions } });
    expect(bulk.statusCode, bulk.body.slice(0, 300)).toBe(201);
  });
  afterAll(() => api?.close());

  const follow = async (id: string, token?: string) => {
    const seen: { checked: number; total: number; state: string }[] = [];
    for (;;) {
      const res = await api.call('GET', `${P}/audit/verifications/${id}`, token ? { token } : {});
      expect(res.statusCode, res.body).toBe(200);
      const job = res.json();
      seen.push(job);
      if (job.state !== 'running') return { job, seen };
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('starts a verification, answers where to follow it, and ends with what a verification in the request finds', async () => {
    const started = await api.call('POST', `${P}/audit/verifications`);
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json();
    expect(started.headers.location).toBe(`${P}/audit/verifications/${job.id}`);
    expect(job).toMatchObject({ requestedBy: 'root', finishedAt: null, result: null });
    // the register's length is known from the start
    const head = await api.store.db.selectFrom('register_head').select('seq').executeTakeFirstOrThrow();
    expect(job.total).toBe(head.seq);
    const { job: done, seen } = await follow(job.id);
    expect(done.state).toBe('done');
    // progress only grows
    const checked = seen.map((s) => s.checked);
    expect([...checked].sort((a, b) => a - b)).toEqual(checked);
    const direct = await verifyRegister(api.store.db);
    expect(done.result).toEqual(direct);
    expect(done.checked).toBe(direct.events);
    expect(direct.ok).toBe(true);
    // and the contract's route answers the same
    const verify = await api.call('GET', `${P}/audit/verify`);
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toEqual(direct);
  });

  it('joins the verification running rather than starting a second', async () => {
    const v = new Verifications(api.store.db);
    const a = v.start('one');
    const b = v.start('two');
    expect(b.job.id).toBe(a.job.id);
    await a.done;
    expect(v.get(a.job.id)?.state).toBe('done');
    // once done, the next request starts a new one
    const c = v.start('three');
    expect(c.job.id).not.toBe(a.job.id);
    await c.done;
  });

  it('verifies while admissions keep being recorded, without a false alarm', async () => {
    const verifying = verifyRegister(api.store.db, { sliceMs: 0, pageSize: 100 });
    for (let i = 0; i < 5; i++)
      expect((await api.call('POST', `${P}/admissions`, { body: admission('VJ') })).statusCode).toBe(201);
    const r = await verifying;
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('finds an altered event, through the job and through GET /audit/verify', async () => {
    const seq = 7;
    await api.store.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`update custody_event set actor = 'someone else' where seq = ${seq}`.execute(trx);
    });
    try {
      const started = (await api.call('POST', `${P}/audit/verifications`)).json();
      const { job } = await follow(started.id);
      expect(job.result.ok).toBe(false);
      expect(job.result.problems).toContainEqual({ seq, problem: 'hash' });
      const verify = (await api.call('GET', `${P}/audit/verify`)).json();
      expect(verify.ok).toBe(false);
      expect(verify.problems).toContainEqual({ seq, problem: 'hash' });
    } finally {
      await api.store.db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`update custody_event set actor = 'root' where seq = ${seq}`.execute(trx);
      });
    }
    expect((await api.call('GET', `${P}/audit/verify`)).json().ok).toBe(true);
  });

  it('is for inspectors, administrators and governors of every facility; not a governor of one', async () => {
    const one = await api.user('governor-of-one', ['governor'], ['VJ']);
    for (const [method, url] of [
      ['GET', `${P}/audit/verify`],
      ['POST', `${P}/audit/verifications`],
    ] as const) {
      const res = await api.call(method, url, { token: one });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    for (const [name, roles, facilities] of [
      ['inspector-of-one', ['inspector'], ['VJ']],
      ['admin-of-one', ['admin'], ['VJ']],
      ['governor-of-all', ['governor'], ['*']],
    ] as const) {
      const token = await api.user(name, [...roles], [...facilities]);
      const res = await api.call('POST', `${P}/audit/verifications`, { token });
      expect(res.statusCode, name).toBe(202);
      expect((await follow(res.json().id, token)).job.state).toBe('done');
    }
    for (const role of ['records', 'officer', 'medical'] as const) {
      const token = await api.user(`${role}-of-all`, [role], ['*']);
      expect((await api.call('GET', `${P}/audit/verify`, { token })).statusCode, role).toBe(403);
    }
  });

  it('answers 404 in words for a verification it does not know', async () => {
    const res = await api.call('GET', `${P}/audit/verifications/no-such-id`, { lang: 'es' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().violations[0].rule).toBe('unknown-verification');
    expect(res.body).toMatch(/no existe/);
  });
});

describe('verifying a large register in the background', () => {
  let api: Api;
  const EVENTS = 20_000;

  beforeAll(async () => {
    api = await testApi();
    // many events, written straight into the register (what the chain is made of, not what it says)
    const event: NewEvent<'incident.recorded'> = {
      kind: 'incident.recorded',
      effectiveAt: new Date('2026-03-02T09:00:00Z'),
      facility: 'VL',
      payload: { id: 'inc', kind: 'other', unit: null, people: [], forceUsed: false, description: 'Ñ' },
    };
    for (let i = 0; i < EVENTS; i += 5000)
      await withRegister(api.store.db, (trx) => appendEvents(trx, 'root', Array(5000).fill(event)));
  }, 120_000);
  afterAll(() => api?.close());

  it('answers light requests while it hashes, and a second request joins it', async () => {
    const [a, b] = await Promise.all([
      api.call('POST', `${P}/audit/verifications`),
      api.call('POST', `${P}/audit/verifications`),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    const id = a.json().id;
    expect(b.json().id).toBe(id);
    expect(a.json()).toMatchObject({ state: 'running', total: EVENTS });
    const order: string[] = [];
    // the contract's route joins the running verification and answers when it is done
    const verify = api.call('GET', `${P}/audit/verify`).then((res) => {
      order.push('verify');
      return res;
    });
    // wait until the hashing is under way; between two asks a real wait: injected requests are
    // answered without the event loop reaching its I/O phase, so a loop of them alone would starve
    // the database's answers on PostgreSQL (the first page never arrives, the loop never ends)
    for (;;) {
      const job = (await api.call('GET', `${P}/audit/verifications/${id}`)).json();
      expect(job.state, JSON.stringify(job)).toBe('running');
      if (job.checked > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const health = await api.app.inject({ method: 'GET', url: '/healthz' });
    order.push('healthz');
    expect(health.statusCode).toBe(200);
    const answer = await verify;
    expect(order).toEqual(['healthz', 'verify']);
    expect(answer.statusCode).toBe(200);
    const done = (await api.call('GET', `${P}/audit/verifications/${id}`)).json();
    expect(done).toMatchObject({ state: 'done', checked: EVENTS, total: EVENTS });
    expect(answer.json()).toEqual(done.result);
    expect(done.result).toMatchObject({ ok: true, events: EVENTS });
  });

  it('tells its progress more than once, growing, from the same count verifyRegister gives', async () => {
    const seen: [number, number][] = [];
    const result = await verifyRegister(api.store.db, { onProgress: (c, t) => seen.push([c, t]) });
    expect(result).toMatchObject({ ok: true, events: EVENTS });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[0]).toEqual([0, EVENTS]);
    const checked = seen.map(([c]) => c);
    expect([...checked].sort((x, y) => x - y)).toEqual(checked);
    expect(seen.every(([, t]) => t === EVENTS)).toBe(true);
    expect(checked.at(-1)).toBe(EVENTS);
  });
});
