import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/db.js';
import {
  dbPoolUse,
  embeddedOpen,
  isWritablePrimary,
  registerHead,
  replicationStatus,
  type StandbyStatus,
} from '../store/health.js';
import { HttpProblem } from './problem.js';
import { TIMED_OUT, within } from './within.js';

export interface OperationsOptions {
  /** how long `/readyz` and the database part of `/metrics` wait for the database (default 2,000 ms) */
  timeoutMs?: number;
  /** the Retry-After (seconds) of a 503 of `/readyz` (default 5) */
  retryAfter?: number;
}

/** Why a server is not ready: the database does not answer, answers too late, or is a standby. */
export type NotReady = 'unreachable' | 'timeout' | 'read-only';

/**
 * One call at a time: while a call is under way, callers share it. A database that hangs holds one
 * connection for these questions, never one per request of `/readyz` or scrape of `/metrics`.
 */
function shared<T>(fn: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () => {
    running ??= fn().finally(() => {
      running = null;
    });
    return running;
  };
}

/** What the database says at a scrape: null members when it did not answer in time. */
interface DbSnapshot {
  up: boolean;
  writable: boolean;
  head: number | null;
  standbys: StandbyStatus[];
}

/** Seconds buckets of request durations: a light read in milliseconds, heavy work in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The operators' routes: `GET /readyz` (200 while the database answers and takes writes, else a 503
 * problem with Retry-After, within a bounded time) and `GET /metrics` (Prometheus text: request
 * durations by method, route pattern and status; the worker pool; the database's connection pool,
 * writability, replication lag and register head; the process). Both are public and carry no person's
 * data: route patterns and numbers only (docs/operations.md, "Readiness and metrics").
 *
 * Call once on the root instance, before the routes are registered (its hook times every route).
 */
export function registerOperations(app: FastifyInstance, store: Store, opts: OperationsOptions = {}): void {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const retryAfter = opts.retryAfter ?? 5;
  // a registry of this server's own: two servers in one process keep their figures apart
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    // the route's pattern (`/api/v1/people/:id`), never the URL: a bounded set of labels, no identifiers
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });

  // the worker pool (src/api/pool.ts), read when scraped
  const pool = () => (app.hasDecorator('pool') ? app.pool : { threads: 0, maxQueue: 0, pending: 0 });
  const gauge = (name: string, help: string, read: () => number | null) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const v = read();
        if (v !== null) this.set(v);
        // unknown (the database did not answer): no sample at all rather than a false 0; prom-client
        // keeps a 0 for a gauge without labels even after reset(), so its samples are emptied
        else (this as unknown as { hashMap: Record<string, unknown> }).hashMap = {};
      },
    });
  gauge(
    'custodia_work_pool_threads',
    'Worker threads of CPU-heavy work (0: it runs on the event loop)',
    () => pool().threads,
  );
  gauge(
    'custodia_work_pool_queue_limit',
    'Tasks that may wait for a thread before requests get 503',
    () => pool().maxQueue,
  );
  gauge('custodia_work_pool_running', 'Tasks running in a worker thread now', () =>
    Math.min(pool().pending, pool().threads),
  );
  gauge('custodia_work_pool_queued', 'Tasks waiting for a free worker thread', () =>
    Math.max(0, pool().pending - pool().threads),
  );
  gauge('custodia_work_pool_utilisation_ratio', 'Share of the worker threads busy now (0 to 1)', () => {
    const { threads, pending } = pool();
    return threads > 0 ? Math.min(pending, threads) / threads : 0;
  });

  // the database connection pool, where the store tells it (PostgreSQL)
  new Gauge({
    name: 'custodia_db_pool_connections',
    help: 'Connections of the database pool: open, idle, in use, and the most it opens',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const use = dbPoolUse(store);
      if (!use) return;
      this.set({ state: 'open' }, use.total);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'in_use' }, Math.max(0, use.total - use.idle));
      this.set({ state: 'max' }, use.max);
    },
  });
  gauge(
    'custodia_db_pool_waiting',
    'Requests waiting for a database connection',
    () => dbPoolUse(store)?.waiting ?? null,
  );

  // the database itself: asked once per scrape, within the bound, shared by the gauges below
  const askDb = shared(async (): Promise<DbSnapshot> => {
    const [writable, head, standbys] = await Promise.all([
      isWritablePrimary(store),
      registerHead(store.db),
      replicationStatus(store),
    ]);
    return { up: true, writable, head: head.seq, standbys };
  });
  let snapshot: DbSnapshot = { up: false, writable: false, head: null, standbys: [] };
  const readDb = async () => {
    const got = await within(askDb(), timeoutMs).catch(() => null);
    snapshot =
      got === null || got === TIMED_OUT ? { up: false, writable: false, head: null, standbys: [] } : got;
  };
  const dbGauge = (name: string, help: string, read: (s: DbSnapshot) => number | null) =>
    gauge(name, help, () => read(snapshot));
  dbGauge('custodia_database_up', 'Whether the database answered the scrape in time (1) or not (0)', (s) =>
    s.up ? 1 : 0,
  );
  dbGauge('custodia_database_writable', 'Whether the database is a writable primary (1) or not (0)', (s) =>
    s.writable ? 1 : 0,
  );
  dbGauge('custodia_register_head_seq', 'Number of the last event of the custody register', (s) => s.head);
  dbGauge('custodia_replication_standbys', 'Standbys replicating from the database', (s) =>
    s.up ? s.standbys.length : null,
  );
  dbGauge(
    'custodia_replication_sync_standbys',
    'Standbys that confirm a commit before it is answered (sync or quorum)',
    (s) =>
      s.up ? s.standbys.filter((x) => x.syncState === 'sync' || x.syncState === 'quorum').length : null,
  );
  const perStandby = (name: string, help: string, read: (x: StandbyStatus) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['standby', 'sync_state'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const x of snapshot.standbys) {
          const v = read(x);
          if (v !== null) this.set({ standby: x.name, sync_state: x.syncState }, v);
        }
      },
    });
  perStandby(
    'custodia_replication_lag_seconds',
    'Seconds between a commit on the primary and its replay on the standby',
    (x) => x.replayLagSeconds,
  );
  perStandby(
    'custodia_replication_lag_bytes',
    'Bytes of WAL written on the primary and not yet replayed on the standby',
    (x) => x.lagBytes,
  );

  // readiness: one probe at a time, bounded
  const probe = shared(async (): Promise<NotReady | null> => {
    try {
      // PGlite: one connection, lent to one transaction at a time; a question would wait behind a long
      // write (a bulk admission) and take the only server out of service. It is ready while open.
      if (store.kind === 'pglite') return (await embeddedOpen(store)) ? null : 'unreachable';
      return (await isWritablePrimary(store)) ? null : 'read-only';
    } catch (err) {
      app.log.warn({ err }, 'readiness: the database does not answer');
      return 'unreachable';
    }
  });

  app.get(
    '/readyz',
    { config: { policy: { public: true } }, schema: { hide: true } },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      const got = await within(probe(), timeoutMs);
      // no answer in time while every connection of the pool is lent out: the database is busy
      // serving this server's requests (writers queue on the register lock), not lost; a load
      // balancer must not take every server out at once for it
      const use = got === TIMED_OUT ? dbPoolUse(store) : null;
      const busy = use !== null && use.total >= use.max && use.idle === 0;
      const why: NotReady | null = got === TIMED_OUT ? (busy ? null : 'timeout') : got;
      if (!why) return { ready: true };
      // a 503 problem with Retry-After, and why in `reason`
      const seconds = Math.max(1, Math.ceil(retryAfter));
      throw new HttpProblem(503, `detail.503-not-ready.${why}`, { seconds, ms: timeoutMs }, [], {
        members: { retryAfter: seconds, reason: why },
        headers: { 'retry-after': String(seconds) },
      });
    },
  );
  app.get(
    '/metrics',
    { config: { policy: { public: true } }, schema: { hide: true } },
    async (_req, reply) => {
      await readDb();
      const text = await registry.metrics();
      return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
    },
  );
  app.addHook('onClose', async () => registry.clear());
}
