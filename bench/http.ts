/**
 * HTTP throughput (autocannon, 50 connections): GET /api/v1/facilities/{code}/roll on the national
 * database (bench/national-db.ts), next to a hello-world route added to the same Fastify server —
 * same process, same hooks (security headers, language) — in the same run. The roll is asked with a
 * bearer token, as a client would, so every request is authenticated and scoped.
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { buildServer } from '../src/api/server.js';
import { DEMO_PASSWORD } from '../src/demo/load.js';
import { signIn } from '../src/store/users.js';
import { fmt, NATIONAL, nationalStore, percentile } from './national-db.js';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 5);
const CONNECTIONS = 50;

async function hammer(url: string, token?: string) {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    // the load comes from a thread of its own, not the server's event loop
    workers: 1,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    bytes: r.throughput.average / Math.max(1, r.requests.average),
  };
}

export async function benchHttp() {
  const store = await nationalStore(NATIONAL);
  const app = await buildServer(store);
  app.get('/bench/hello', async () => ({ hello: 'world' }));
  let staticBody = Buffer.alloc(0);
  app.get('/bench/static', async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(staticBody),
  );
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const s = await signIn(store.db, 'admin', DEMO_PASSWORD);
    if (!('token' in s)) throw new Error('the benchmark database has no demo admin');
    // a facility of median size, and the largest
    const sizes = await sql<{
      code: string;
      n: number;
    }>`select u.facility_code as code, sum(o.occupants)::int as n
      from cell_occupancy o join unit u on u.id = o.unit_id group by 1 order by 2`.execute(store.db);
    const median = sizes.rows[Math.floor(sizes.rows.length / 2)]!;
    const largest = sizes.rows[sizes.rows.length - 1]!;
    const rollUrl = (code: string) => `${base}/api/v1/facilities/${code}/roll`;
    // the same bytes as the median facility's roll, straight from memory: what its size alone allows
    const bytes = Buffer.from(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/facilities/${median.code}/roll`,
          headers: { authorization: `Bearer ${s.token}` },
        })
      ).rawPayload,
    );
    staticBody = bytes;
    // rounds of each in turn (this machine's throughput drifts from one minute to the next): each
    // figure is the median over the rounds, and each ratio the median of the rounds' ratios
    const cases = {
      hello: () => hammer(`${base}/bench/hello`),
      same: () => hammer(`${base}/bench/static`),
      typical: () => hammer(rollUrl(median.code), s.token),
      big: () => hammer(rollUrl(largest.code), s.token),
    };
    await cases.hello(); // warm up
    await cases.typical();
    const runs: Record<keyof typeof cases, Awaited<ReturnType<typeof hammer>>[]> = {
      hello: [],
      same: [],
      typical: [],
      big: [],
    };
    for (let round = 0; round < ROUNDS; round++)
      for (const k of Object.keys(cases) as (keyof typeof cases)[]) runs[k].push(await cases[k]());
    const mid = (xs: number[]) => percentile(xs, 50);
    const summary = (k: keyof typeof cases) => ({
      rps: mid(runs[k].map((r) => r.rps)),
      p99: mid(runs[k].map((r) => r.p99)),
      bytes: mid(runs[k].map((r) => r.bytes)),
      ofHello: mid(runs[k].map((r, i) => r.rps / runs.hello[i]!.rps)),
      range: [
        Math.min(...runs[k].map((r, i) => r.rps / runs.hello[i]!.rps)),
        Math.max(...runs[k].map((r, i) => r.rps / runs.hello[i]!.rps)),
      ],
    });
    return {
      hello: summary('hello'),
      same: summary('same'),
      typical: { ...summary('typical'), code: median.code, held: median.n },
      big: { ...summary('big'), code: largest.code, held: largest.n },
    };
  } finally {
    await app.close();
    await store.close();
  }
}

export function httpTable(r: Awaited<ReturnType<typeof benchHttp>>): string {
  type Row = { rps: number; p99: number; bytes: number; ofHello: number; range: number[] };
  const row = (label: string, x: Row) =>
    `| ${label} | ${fmt(x.rps)} | ${fmt(x.p99)} | ${fmt(x.bytes / 1024, 1)} | ${fmt(x.ofHello * 100)} % (${fmt(x.range[0]! * 100)}–${fmt(x.range[1]! * 100)} %) |`;
  return [
    `autocannon (in a thread of its own), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each, one server process; medians over the rounds`,
    '',
    '| route | requests/s | p99 ms | KiB per answer | of hello-world (range over rounds) |',
    '|---|---:|---:|---:|---:|',
    row('baseline: hello world on the same server', r.hello),
    row("the median roll's bytes from memory, no work", r.same),
    row(`**roll of ${r.typical.code}** (median facility, ${fmt(r.typical.held)} held)`, r.typical),
    row(`roll of ${r.big.code} (the largest, ${fmt(r.big.held)} held)`, r.big),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) console.log(httpTable(await benchHttp()));
