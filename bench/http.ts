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
import { fmt, NATIONAL, nationalStore } from './national-db.js';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = 50;

async function hammer(url: string, token?: string) {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
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
    // warm up both
    await hammer(`${base}/bench/hello`).catch(() => {});
    const hello = await hammer(`${base}/bench/hello`);
    const typical = await hammer(rollUrl(median.code), s.token);
    const big = await hammer(rollUrl(largest.code), s.token);
    return {
      hello,
      typical: { ...typical, code: median.code, held: median.n },
      big: { ...big, code: largest.code, held: largest.n },
    };
  } finally {
    await app.close();
    await store.close();
  }
}

export function httpTable(r: Awaited<ReturnType<typeof benchHttp>>): string {
  const row = (label: string, x: { rps: number; p99: number; bytes: number }) =>
    `| ${label} | ${fmt(x.rps)} | ${fmt(x.p99)} | ${fmt(x.bytes / 1024, 1)} | ${fmt((x.rps / r.hello.rps) * 100)} % |`;
  return [
    `autocannon, ${CONNECTIONS} connections, ${SECONDS} s each, one server process`,
    '',
    '| route | requests/s | p99 ms | KiB per answer | of hello-world |',
    '|---|---:|---:|---:|---:|',
    row('baseline: hello world on the same server', r.hello),
    row(`**roll of ${r.typical.code}** (median facility, ${fmt(r.typical.held)} held)`, r.typical),
    row(`roll of ${r.big.code} (the largest, ${fmt(r.big.held)} held)`, r.big),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) console.log(httpTable(await benchHttp()));
