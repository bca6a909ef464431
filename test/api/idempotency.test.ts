import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerTimeout, IdempotencyScope, purgeKeys, runIdempotent } from '../../src/store/idempotency.js';
import { appendEvents } from '../../src/store/register.js';
import { HoldEnded } from '../../src/store/request-scope.js';
import { type Api, admission, footprint, smallFacility, testApi } from '../helpers/api.js';

/** A write with an Idempotency-Key, as a client that retries sends it. */
async function send(api: Api, url: string, body: unknown, key?: string, username = 'root') {
  const token = await api.token(username);
  return api.app.inject({
    method: 'POST',
    url,
    payload: body as object,
    headers: { authorization: `Bearer ${token}`, ...(key === undefined ? {} : { 'idempotency-key': key }) },
  });
}

const keyRows = async (api: Api) =>
  Number(
    (
      await api.store.db
        .selectFrom('idempotency_key')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('Idempotency-Key on writes', () => {
  let api: Api;
  beforeAll(async () => {
    api = await testApi();
    expect((await api.call('POST', '/api/v1/facilities', { body: smallFacility('IDE', 6) })).statusCode).toBe(
      201,
    );
    await api.user('clerk', ['records']);
  });
  afterAll(() => api.close());

  it('answers a retry with the first answer and records nothing twice', async () => {
    const body = admission('IDE');
    const before = await footprint(api);
    const first = await send(api, '/api/v1/admissions', body, 'admit-1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    const afterFirst = await footprint(api);
    expect(afterFirst.events).toBe(before.events + 1);
    const again = await send(api, '/api/v1/admissions', body, 'admit-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.json()).toEqual(first.json());
    expect(await footprint(api)).toEqual(afterFirst);
    // the key names the events it recorded
    const row = await api.store.db
      .selectFrom('idempotency_key')
      .selectAll()
      .where('key', '=', 'admit-1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actor: 'root',
      status: 201,
      first_seq: before.events + 1,
      last_seq: before.events + 1,
    });
  });

  it('refuses the same key with another request (422), recording nothing', async () => {
    await send(api, '/api/v1/admissions', admission('IDE'), 'admit-2');
    const before = await footprint(api);
    for (const lang of ['en', 'es']) {
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/admissions',
        payload: admission('IDE'),
        headers: {
          authorization: `Bearer ${await api.token('root')}`,
          'idempotency-key': 'admit-2',
          'accept-language': lang,
        },
      });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        status: 422,
        violations: [{ rule: 'idempotency-key-reused', subject: 'Idempotency-Key' }],
      });
      expect(res.json().violations[0].message).toMatch(lang === 'es' ? /ya se usó/ : /already used/);
    }
    expect(await footprint(api)).toEqual(before);
  });

  it('keeps keys per user: the same key from another user is another request', async () => {
    const body = admission('IDE');
    const a = await send(api, '/api/v1/admissions', body, 'shared-key');
    const b = await send(api, '/api/v1/admissions', admission('IDE'), 'shared-key', 'clerk');
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.headers['idempotency-replayed']).toBeUndefined();
    expect(b.json().personId).not.toBe(a.json().personId);
  });

  it('keeps nothing of a refused write: the key is free for the corrected request', async () => {
    const before = await footprint(api);
    const keys = await keyRows(api);
    const refused = await send(
      api,
      '/api/v1/admissions',
      { ...admission('IDE'), legalBasis: null },
      'fix-me',
    );
    expect(refused.statusCode).toBe(409);
    expect(await footprint(api)).toEqual(before);
    expect(await keyRows(api)).toBe(keys);
    const fixed = await send(api, '/api/v1/admissions', admission('IDE'), 'fix-me');
    expect(fixed.statusCode).toBe(201);
    expect((await footprint(api)).events).toBe(before.events + 1);
  });

  it('refuses a malformed key with 400 naming the header, recording nothing', async () => {
    const before = await footprint(api);
    for (const key of ['has space', 'x'.repeat(256), 'ñandú']) {
      const res = await send(api, '/api/v1/admissions', admission('IDE'), key);
      expect(res.statusCode, key).toBe(400);
      expect(res.json().violations).toEqual([
        expect.objectContaining({ rule: 'invalid-field', subject: 'Idempotency-Key' }),
      ]);
    }
    expect(await footprint(api)).toEqual(before);
  });

  it('records one admission when the same request races itself, and answers all alike', async () => {
    const body = admission('IDE');
    const before = await footprint(api);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => send(api, '/api/v1/admissions', body, 'race-1')),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotency-replayed'] === 'true')).toHaveLength(5);
    expect((await footprint(api)).events).toBe(before.events + 1);
  });

  it('serves other requests, keyed or not, while keyed writes wait for their answers', async () => {
    const before = await footprint(api);
    const token = await api.token('root');
    const work = [
      ...Array.from({ length: 5 }, (_, i) => send(api, '/api/v1/admissions', admission('IDE'), `mixed-${i}`)),
      ...Array.from({ length: 5 }, () => send(api, '/api/v1/admissions', admission('IDE'))),
      ...Array.from({ length: 5 }, () =>
        api.app.inject({
          method: 'GET',
          url: '/api/v1/facilities/IDE/roll',
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    ];
    const answers = await Promise.all(work);
    expect(answers.map((a) => a.statusCode)).toEqual([...Array(10).fill(201), ...Array(5).fill(200)]);
    const after = await footprint(api);
    expect(after.events).toBe(before.events + 10);
    expect(after.ok).toBe(true);
  });

  it('replays a bulk admission whole', async () => {
    const body = {
      facility: 'IDE',
      admissions: [admission('IDE'), admission('IDE')].map(({ facility, ...a }) => a),
    };
    const first = await send(api, '/api/v1/admissions/bulk', body, 'bulk-1');
    expect(first.statusCode).toBe(201);
    const before = await footprint(api);
    const again = await send(api, '/api/v1/admissions/bulk', body, 'bulk-1');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await footprint(api)).toEqual(before);
  });

  it('answers 503 when the commit fails, keeps nothing, and the retry records it once', async () => {
    // a check that fails only at COMMIT, as a lost connection would: the write's outcome is unknown
    // to the client, which repeats it with the same key
    await sql`create function idem_fail() returns trigger language plpgsql as $$
      begin raise exception 'commit refused for the test'; end $$`.execute(api.store.db);
    await sql`create constraint trigger idem_fail after update on idempotency_key
      deferrable initially deferred for each row when (new.key = 'commit-fails')
      execute function idem_fail()`.execute(api.store.db);
    const body = admission('IDE');
    const before = await footprint(api);
    const keys = await keyRows(api);
    for (const lang of ['en', 'es']) {
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/admissions',
        payload: body,
        headers: {
          authorization: `Bearer ${await api.token('root')}`,
          'idempotency-key': 'commit-fails',
          'accept-language': lang,
        },
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 503, retryAfter: 1 });
      expect(res.json().detail).toMatch(lang === 'es' ? /misma clave/ : /same Idempotency-Key/);
    }
    expect(await footprint(api)).toEqual(before);
    expect(await keyRows(api)).toBe(keys);
    await sql`drop trigger idem_fail on idempotency_key`.execute(api.store.db);
    const retry = await send(api, '/api/v1/admissions', body, 'commit-fails');
    expect(retry.statusCode).toBe(201);
    const again = await send(api, '/api/v1/admissions', body, 'commit-fails');
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect((await footprint(api)).events).toBe(before.events + 1);
  });

  it('leaves writes without a key as they were', async () => {
    const body = admission('IDE');
    const before = await footprint(api);
    const keys = await keyRows(api);
    expect((await send(api, '/api/v1/admissions', body)).statusCode).toBe(201);
    // the same body again is another admission of the same person: refused by the custody rules
    expect((await send(api, '/api/v1/admissions', body)).statusCode).toBe(409);
    expect((await footprint(api)).events).toBe(before.events + 1);
    expect(await keyRows(api)).toBe(keys);
  });

  it('forgets keys after seven days, and only those', async () => {
    await send(api, '/api/v1/admissions', admission('IDE'), 'old-key');
    await api.store.db
      .updateTable('idempotency_key')
      .set({ recorded_at: new Date(Date.now() - 8 * 86_400_000) })
      .where('key', '=', 'old-key')
      .execute();
    const keys = await keyRows(api);
    expect(await purgeKeys(api.store.db, new Date())).toBe(1);
    expect(await keyRows(api)).toBe(keys - 1);
    expect(await purgeKeys(api.store.db, new Date())).toBe(0);
  });

  it('cuts off a handler that was inside a nested transaction when its answer timed out', async () => {
    const scope = new IdempotencyScope(
      { actor: 'root', key: 'late-2', fingerprint: 'f', method: 'POST', path: '/x' },
      50,
    );
    let inside: unknown = null;
    await runIdempotent(scope, async () => {
      await scope.begin(api.store.db);
      await api.store.db
        .transaction()
        .execute(async (t) => {
          await new Promise((r) => setTimeout(r, 200));
          // the connection went back to its pool with the rollback: not this request's any more
          inside = await t
            .selectFrom('facility')
            .select('code')
            .execute()
            .then(
              () => 'ran',
              (err: unknown) => err,
            );
        })
        .catch(() => {});
    });
    expect(inside).toBeInstanceOf(HoldEnded);
    // and the store serves the next request as usual
    expect((await send(api, '/api/v1/admissions', admission('IDE'), 'after-late-2')).statusCode).toBe(201);
  });

  it('keeps the key of a write outside the register (an account) and replays it', async () => {
    const body = {
      username: 'nueva.clerk',
      password: 'correct horse battery',
      roles: ['records'],
      facilities: ['IDE'],
    };
    const first = await send(api, '/api/v1/users', body, 'user-1');
    expect(first.statusCode).toBe(201);
    const again = await send(api, '/api/v1/users', body, 'user-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    // without the key the repetition is a new request, refused: the name is taken
    expect((await send(api, '/api/v1/users', body)).statusCode).toBe(409);
    // a refused account write keeps no key
    const keys = await keyRows(api);
    expect((await send(api, '/api/v1/users', body, 'user-2')).statusCode).toBe(409);
    expect(await keyRows(api)).toBe(keys);
  });

  it('never confirms a write whose answer came too late: rolled back, and commit refuses', async () => {
    const before = await footprint(api);
    const scope = new IdempotencyScope(
      { actor: 'root', key: 'late-1', fingerprint: 'f', method: 'POST', path: '/x' },
      50,
    );
    await runIdempotent(scope, async () => {
      const trx = await scope.begin(api.store.db);
      await appendEvents(trx, 'root', [
        {
          kind: 'incident.recorded',
          effectiveAt: new Date(),
          facility: 'IDE',
          payload: {
            id: 'late',
            kind: 'other',
            unit: null,
            people: [],
            forceUsed: false,
            description: 'late',
          },
        },
      ]);
      await new Promise((r) => setTimeout(r, 200));
      expect(scope.expired).toBe(true);
      expect(scope.open).toBe(false);
      await expect(scope.commit(201, 'application/json', '{}')).rejects.toBeInstanceOf(AnswerTimeout);
      // nor may the request write again, nor use the database at all (its connection is not its own)
      await expect(scope.begin(api.store.db)).rejects.toBeInstanceOf(AnswerTimeout);
      await expect(api.store.db.selectFrom('facility').select('code').execute()).rejects.toBeInstanceOf(
        HoldEnded,
      );
    });
    expect(await footprint(api)).toEqual(before);
    expect(
      await api.store.db.selectFrom('idempotency_key').select('key').where('key', '=', 'late-1').execute(),
    ).toEqual([]);
    // the connection went back to the pool: the store answers other work
    expect((await send(api, '/api/v1/admissions', admission('IDE'), 'after-late')).statusCode).toBe(201);
  });
});
