import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POOL_ALLOCATION_MIN } from '../../src/api/routes/custody.js';
import type { ServerOptions } from '../../src/api/server.js';
import { SCENARIO_DIR } from '../../src/store/projection.js';
import { admission, smallFacility, testApi } from '../helpers/api.js';

/**
 * Issue 18: a large batch of admissions is allocated in the worker pool (src/api/pool.ts), with the
 * cells the allocator gives on the event loop; while every thread is busy it is allocated in place
 * (its transaction holds the register's lock: it must not wait in the queue); a small batch never
 * goes to the pool.
 */
const P = '/api/v1';

async function server(opts: ServerOptions) {
  const api = await testApi(opts);
  const { app, store } = api;
  const call = (method: 'GET' | 'POST', url: string, body?: unknown) => api.call(method, url, { body });
  expect((await call('POST', `${P}/facilities`, smallFacility('POOL', 60))).statusCode).toBe(201);
  // which tasks the routes hand the pool
  const tasks: string[] = [];
  const run = app.pool.run.bind(app.pool);
  app.pool.run = ((name, input) => {
    tasks.push(name);
    return run(name, input);
  }) as typeof app.pool.run;
  const people = async () =>
    Number(
      (
        await store.db
          .selectFrom('person')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    app,
    store,
    call,
    tasks,
    people,
    close: api.close,
  };
}

/** A batch of n admissions, the same people in the same order whoever asks (for two servers). */
const batch = (n: number, from = 0) => {
  const items = Array.from({ length: n }, (_, i) => {
    const { facility: _f, ...a } = admission('POOL', { securityLevel: i % 3 === 0 ? 'high' : 'medium' });
    return { ...a, person: { ...a.person, familyNames: `Pool ${from + i}`, nationalId: `P-${from + i}` } };
  });
  return { facility: 'POOL', admissions: items };
};

describe('bulk admissions and the worker pool', () => {
  let pooled: Awaited<ReturnType<typeof server>>;
  let inline: Awaited<ReturnType<typeof server>>;
  beforeAll(async () => {
    pooled = await server({ pool: { threads: 1 } });
    inline = await server({ pool: { threads: 0 } });
  }, 120_000);
  afterAll(async () => {
    await pooled?.close();
    await inline?.close();
  });

  it('allocates a large batch in a worker, to exactly the cells the event loop would give', async () => {
    const n = POOL_ALLOCATION_MIN + 20;
    const a = await pooled.call('POST', `${P}/admissions/bulk`, batch(n));
    const b = await inline.call('POST', `${P}/admissions/bulk`, batch(n));
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(pooled.tasks).toEqual(['allocate']);
    const cells = (r: typeof a) => (r.json().placements as { cell: string }[]).map((p) => p.cell);
    expect(cells(a)).toHaveLength(n);
    expect(cells(a)).toEqual(cells(b));
    expect(await pooled.people()).toBe(n);
  }, 120_000);

  it('keeps a small batch on the event loop', async () => {
    pooled.tasks.length = 0;
    const r = await pooled.call('POST', `${P}/admissions/bulk`, batch(5, 10_000));
    expect(r.statusCode).toBe(201);
    expect(pooled.tasks).toEqual([]);
  });

  it('allocates on the event loop, never waiting in the queue, while every thread is busy', async () => {
    const busy = await server({ pool: { threads: 1, maxQueue: 0, retryAfter: 4 } });
    try {
      const heavy = busy.call('POST', `${P}/projections`, {
        ...JSON.parse(readFileSync(join(SCENARIO_DIR, 'chile-2025.json'), 'utf8')),
        runs: 24,
        seed: 3,
      });
      while (busy.app.pool.pending === 0) await new Promise((r) => setTimeout(r, 2));
      busy.tasks.length = 0;
      // the pool is full: the batch is admitted all the same, its cells chosen here
      const admitted = await busy.call('POST', `${P}/admissions/bulk`, batch(POOL_ALLOCATION_MIN, 20_000));
      expect(admitted.statusCode).toBe(201);
      expect(busy.tasks).toEqual([]);
      expect(await busy.people()).toBe(POOL_ALLOCATION_MIN);
      expect((await heavy).statusCode).toBe(200);
    } finally {
      await busy.close();
    }
  }, 180_000);
});
