/**
 * A light request while heavy work runs (issue 18): the latency of `GET /healthz`, asked every 50 ms
 * over real HTTP, while `POST /api/v1/projections` runs a projection of some seconds (the Chilean
 * scenario with 80 runs), and while
 * `GET /api/v1/audit/verify` checks a register of 100,000 events, on PGlite. Twice: with the work on
 * the event loop (the server's `pool: { threads: 0 }`, as before the worker pool) and in the pool.
 *
 * `npm run bench:stall` (BENCH_EVENTS, BENCH_RUNS change the sizes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer } from '../src/api/server.js';
import { checkScenario } from '../src/domain/projection/scenario.js';
import { project } from '../src/domain/projection/simulate.js';
import { openStore, type Store } from '../src/store/db.js';
import { SCENARIO_DIR } from '../src/store/projection.js';
import { appendEvents, type NewEvent, withRegister } from '../src/store/register.js';
import { BOOTSTRAP_ROLES, createUser } from '../src/store/users.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 80);
const PASSWORD = 'bench password long enough';

const scenario = {
  ...JSON.parse(readFileSync(join(SCENARIO_DIR, 'chile-2025.json'), 'utf8')),
  runs: RUNS,
  seed: 5,
};

/** Register events of about the size of an admission's (some 500 bytes of JSON). */
async function fillRegister(store: Store) {
  const text = 'Riña en el patio del módulo; intervención del personal sin uso de la fuerza. '.repeat(5);
  for (let i = 0; i < EVENTS; i += 5000) {
    const events = Array.from(
      { length: Math.min(5000, EVENTS - i) },
      (_, k): NewEvent<'incident.recorded'> => ({
        kind: 'incident.recorded',
        effectiveAt: new Date(Date.UTC(2026, 0, 1) + (i + k) * 60_000),
        facility: null,
        payload: {
          id: `inc-${i + k}`,
          kind: 'other',
          unit: null,
          people: [],
          forceUsed: false,
          description: text,
        },
      }),
    );
    await withRegister(store.db, (trx) => appendEvents(trx, 'bench', events));
  }
}

interface Probe {
  heavyMs: number;
  status: number;
  probes: number;
  p50: number;
  max: number;
}

/** Asks /healthz every 50 ms while `heavy` runs; its latencies. */
async function probe(base: string, heavy: () => Promise<Response>): Promise<Probe> {
  const t0 = performance.now();
  let done = false;
  const running = heavy().then(async (r) => {
    await r.arrayBuffer();
    done = true;
    return r.status;
  });
  const latencies: number[] = [];
  // every probe asked while the heavy request runs counts, also one answered only after it ended
  while (!done) {
    const t = performance.now();
    const r = await fetch(`${base}/healthz`);
    await r.arrayBuffer();
    latencies.push(performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const status = await running;
  const heavyMs = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  return {
    heavyMs,
    status,
    probes: latencies.length,
    p50: latencies[Math.floor(latencies.length / 2)] ?? 0,
    max: latencies[latencies.length - 1] ?? 0,
  };
}

async function main() {
  const checked = checkScenario(scenario);
  if (!('scenario' in checked)) throw new Error('the scenario is not valid');
  let t = performance.now();
  project(checked.scenario);
  const engineMs = performance.now() - t;
  const store = await openStore({ dataDir: 'memory://' });
  t = performance.now();
  await fillRegister(store);
  console.error(`register of ${EVENTS} events written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await createUser(store.db, {
    username: 'bench',
    password: PASSWORD,
    roles: BOOTSTRAP_ROLES,
    facilities: ['*'],
  });
  const rows: string[] = [];
  try {
    for (const [label, threads] of [
      ['on the event loop (threads 0)', 0],
      ['in the worker pool (1 thread)', 1],
    ] as const) {
      const app = await buildServer(store, { pool: { threads } });
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const login = await fetch(`${base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'bench', password: PASSWORD }),
        });
        const { token } = (await login.json()) as { token: string };
        const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        // warm: the worker threads started, the code compiled
        await fetch(`${base}/api/v1/projections`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ ...scenario, runs: 1 }),
        }).then((r) => r.arrayBuffer());
        const proj = await probe(base, () =>
          fetch(`${base}/api/v1/projections`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify(scenario),
          }),
        );
        const verify = await probe(base, () => fetch(`${base}/api/v1/audit/verify`, { headers: auth }));
        for (const [what, p] of [
          [`projection (${RUNS} runs)`, proj],
          [`audit verify (${EVENTS.toLocaleString('en')} events)`, verify],
        ] as const)
          rows.push(
            `| ${what} | ${label} | ${p.status} | ${(p.heavyMs / 1000).toFixed(2)} | ${p.probes} | ${p.p50.toFixed(1)} | ${p.max.toFixed(1)} |`,
          );
      } finally {
        await app.close();
      }
    }
  } finally {
    await store.close();
  }
  console.log(`projection alone, engine on the main thread: ${(engineMs / 1000).toFixed(2)} s\n`);
  console.log(
    '| heavy request | where it runs | status | heavy request s | /healthz asked | /healthz p50 ms | /healthz max ms |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
}

await main();
