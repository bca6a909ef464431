/**
 * `npm run bench:load` (not in CI): mixed traffic against ONE server process on PostgreSQL.
 *
 * A scratch database (`custodia_load_<timestamp>`, dropped at the end) gets the demo (`custodia demo`:
 * CECOT and the Chilean remand centre, about 17,700 synthetic people); then `node dist/cli/bin.js serve`
 * runs as a child process on a free port, and four autocannon instances hammer it at the same time, one
 * per route, so that latency is known per route: the roll of the largest facility, the person search
 * (names taken from the demo, answers in Spanish), person files (ids taken from the demo) and admissions
 * of new synthetic people into CECOT, which has room. Every answer that is not 2xx counts as an error.
 * The server's memory is read from outside: resident set from /proc/<pid>/status, JavaScript heap from
 * a Node diagnostic report that a small preload (PROBE) writes on SIGUSR2 after a full garbage collection,
 * so that the heap figures are live data, not garbage waiting; nothing new is exposed.
 *
 * Options: --duration <s> (default 60), --people <n> (people in CECOT, default the demo's 17,000),
 * --connections <n> (per read route, default 10; admissions get a fifth of that, at least 2).
 * DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres).
 * Needs `npm run build` first (the npm script does it). Prints Markdown for docs/benchmarks.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { CECOT_INTAKE, DEMO_PASSWORD } from '../src/demo/load.js';
import { demoAdmissions } from '../src/demo/people.js';
import type { AdmissionInput } from '../src/domain/custody/admission.js';
import { scratchDatabase } from './scratch.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    people: { type: 'string' },
    connections: { type: 'string', default: '10' },
  },
});
const whole = (name: string, raw: string | undefined) => {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new Error(`--${name} takes a whole number ≥ 1, not ${raw}`);
  return Number(raw);
};
const DURATION = whole('duration', args.duration)!;
const PEOPLE = whole('people', args.people);
const CONNECTIONS = whole('connections', args.connections)!;
const ADMISSION_CONNECTIONS = Math.max(2, Math.round(CONNECTIONS / 5));
const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BIN = 'dist/cli/bin.js';

const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (x: number, d = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const MiB = (bytes: number) => fmt(bytes / 1024 / 1024, 1);

/** Runs the CLI to the end; its output goes to stderr, and is kept for the error if it fails. */
function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`custodia ${argv.join(' ')} exited ${code}:\n${out}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's resident set, from the kernel. */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb[1]) * 1024;
}

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  cpuSeconds: number;
}

/**
 * Loaded into the server process (`--import`, with `--expose-gc`): on SIGUSR2, a full collection, then a
 * diagnostic report into `--report-directory`. The collection pauses the server for a moment (a few
 * times a run).
 */
const PROBE = `data:text/javascript,${encodeURIComponent(
  "process.on('SIGUSR2', () => { globalThis.gc(); process.report.writeReport(); });",
)}`;

/** A diagnostic report of the server (PROBE): live heap and CPU time, and RSS from /proc. */
async function memoryOf(server: ChildProcess, reportDir: string): Promise<Memory> {
  const before = new Set(await readdir(reportDir));
  server.kill('SIGUSR2');
  for (let waited = 0; waited < 10_000; waited += 50) {
    await sleep(50);
    const fresh = (await readdir(reportDir)).filter((f) => !before.has(f) && f.endsWith('.json'));
    if (!fresh.length) continue;
    const path = join(reportDir, fresh[0]!);
    let report: {
      javascriptHeap: { usedMemory: number; totalMemory: number };
      resourceUsage: { userCpuSeconds: number; kernelCpuSeconds: number };
    };
    try {
      report = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      continue; // still being written
    }
    await rm(path);
    return {
      rss: await rssOf(server.pid!),
      heapUsed: report.javascriptHeap.usedMemory,
      heapTotal: report.javascriptHeap.totalMemory,
      cpuSeconds: report.resourceUsage.userCpuSeconds + report.resourceUsage.kernelCpuSeconds,
    };
  }
  throw new Error('the server wrote no diagnostic report within 10 s');
}

async function startServer(dbUrl: string, reportDir: string) {
  const port = await freePort();
  const server = spawn(
    process.execPath,
    ['--expose-gc', `--import=${PROBE}`, `--report-directory=${reportDir}`, BIN, 'serve'],
    {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        CUSTODIA_DEMO: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  server.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (server.exitCode !== null) throw new Error(`the server exited ${server.exitCode}:\n${stderr}`);
    if (waited > 30_000) throw new Error(`the server did not answer /healthz within 30 s:\n${stderr}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  const stop = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (server.exitCode === null) server.kill('SIGKILL');
  };
  return { server, base, stop, stderr: () => stderr };
}

/** What the traffic is made of, read from the demo database. */
async function demoSample(dbUrl: string) {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const largest = await db.query<{ code: string; n: number }>(
      `select u.facility_code as code, sum(o.occupants)::int as n
         from cell_occupancy o join unit u on u.id = o.unit_id group by 1 order by 2 desc limit 1`,
    );
    const people = await db.query<{ id: string; given: string; family: string }>(
      `select p.id, p.given_names as given, p.family_names as family
         from person p join custody c on c.person_id = p.id and c.released_at is null
        order by md5(p.id) limit 2000`,
    );
    return { largest: largest.rows[0]!, people: people.rows };
  } finally {
    await db.end();
  }
}

async function countPeople(dbUrl: string) {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    return Number((await db.query<{ n: number }>('select count(*)::int as n from person')).rows[0]!.n);
  } finally {
    await db.end();
  }
}

/** One request after another from a list, round and round. */
function cycle<T>(xs: T[]): () => T {
  let i = 0;
  return () => xs[i++ % xs.length]!;
}

/** New synthetic people for CECOT: demo names and legal bases, national ids outside the demo's range. */
function admissionsFor(facility: string): () => string {
  const pool = demoAdmissions({
    count: 2000,
    now: new Date(),
    seed: 4242,
    since: new Date(Date.now() - 30 * 86_400_000),
    ...CECOT_INTAKE,
  });
  let serial = 0;
  return () => {
    const k = serial++;
    const { admittedAt: _now, ...a }: AdmissionInput = pool[k % pool.length]!;
    // the demo's ids are 01000000 to 28999999: these never meet them, nor each other
    const n = 40_000_000 + k;
    return JSON.stringify({
      ...a,
      facility,
      person: { ...a.person, nationalId: `${n}-${n % 10}` },
      legalBasis: {
        ...a.legalBasis,
        reference: `LOAD-${n}`,
        issuedAt: new Date(Date.now() - 3600_000).toISOString(),
      },
    });
  };
}

interface RouteResult {
  label: string;
  connections: number;
  result: autocannon.Result;
  problems: Map<string, number>;
}

async function main() {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const scratch = await scratchDatabase(pgUrl, 'custodia_load');
  const reportDir = await mkdtemp(join(tmpdir(), 'custodia-load-'));
  let stop: (() => Promise<void>) | undefined;
  try {
    log(`demo into ${scratch.name}…`);
    const env = { ...process.env, DATABASE_URL: scratch.url };
    const t0 = performance.now();
    await cli(['demo', ...(PEOPLE ? ['--people', String(PEOPLE)] : [])], env);
    const demoSeconds = (performance.now() - t0) / 1000;
    const sample = await demoSample(scratch.url);
    log(`demo ready in ${fmt(demoSeconds, 1)} s; starting the server…`);

    const s = await startServer(scratch.url, reportDir);
    stop = s.stop;
    const login = await fetch(`${s.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`sign-in: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'accept-language': 'es' };

    const facility = sample.largest.code;
    const rollPath = `/api/v1/facilities/${facility}/roll`;
    const names = cycle(sample.people.map((p) => `${p.given.split(' ')[0]} ${p.family.split(' ')[0]}`));
    const ids = cycle(sample.people.map((p) => p.id));
    const nextAdmission = admissionsFor('CECOT');
    const routes = [
      {
        label: `GET roll of ${facility} (${fmt(sample.largest.n)} held)`,
        connections: CONNECTIONS,
        method: 'GET' as const,
        next: () => ({ path: rollPath }),
      },
      {
        label: 'GET search `?q=<given> <family>`',
        connections: CONNECTIONS,
        method: 'GET' as const,
        next: () => ({ path: `/api/v1/people?q=${encodeURIComponent(names())}` }),
      },
      {
        label: 'GET person file',
        connections: CONNECTIONS,
        method: 'GET' as const,
        next: () => ({ path: `/api/v1/people/${ids()}` }),
      },
      {
        label: 'POST admission into CECOT',
        connections: ADMISSION_CONNECTIONS,
        method: 'POST' as const,
        next: () => ({ path: '/api/v1/admissions', body: nextAdmission() }),
      },
    ];

    // warm-up: a few of each, so that start-up costs (JIT, caches, pool) are not in the figures
    for (const r of routes)
      for (let i = 0; i < 20; i++) {
        const { path, body } = { body: undefined, ...r.next() } as { path: string; body?: string };
        const res = await fetch(`${s.base}${path}`, {
          method: r.method,
          headers: {
            ...headers,
            ...(body ? { 'content-type': 'application/json', 'idempotency-key': randomUUID() } : {}),
          },
          body,
        });
        if (res.status >= 300)
          throw new Error(`warm-up ${r.method} ${path}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    await sleep(1000);
    const peopleBefore = await countPeople(scratch.url);
    const loadBefore = loadavg()[0]!;
    const start = await memoryOf(s.server, reportDir);
    // memory at each quarter of the run, and the highest resident set seen (every second)
    const memory: { at: string; m: Memory }[] = [{ at: 'start (after warm-up)', m: start }];
    let peakRss = start.rss;
    const sampler = setInterval(() => {
      rssOf(s.server.pid!).then(
        (rss) => {
          peakRss = Math.max(peakRss, rss);
        },
        () => {},
      );
    }, 1000);
    const quarters = [1, 2, 3].map((q) =>
      setTimeout(
        () => {
          memoryOf(s.server, reportDir).then(
            (m) => memory.push({ at: `${fmt((DURATION * q) / 4)} s`, m }),
            () => {},
          );
        },
        (DURATION * 1000 * q) / 4,
      ),
    );

    log(`${DURATION} s of mixed traffic on ${s.base}…`);
    const results: RouteResult[] = await Promise.all(
      routes.map(async (r) => {
        const problems = new Map<string, number>();
        const result = await autocannon({
          url: s.base,
          connections: r.connections,
          duration: DURATION,
          headers: { ...headers, 'content-type': 'application/json' },
          requests: [
            {
              method: r.method,
              // a write carries a new Idempotency-Key, as every client's does (issue 19)
              setupRequest: (req) => ({
                ...req,
                ...r.next(),
                ...(r.method === 'POST'
                  ? { headers: { ...req.headers, 'idempotency-key': randomUUID() } }
                  : {}),
              }),
              // only the admissions' answers are read (small); the others are counted by status
              ...(r.method === 'POST'
                ? {
                    onResponse: (status: number, body: string) => {
                      if (status < 300) return;
                      let type = '';
                      try {
                        type = String(JSON.parse(body).type ?? '');
                      } catch {}
                      const key = `${status} ${type}`.trim();
                      problems.set(key, (problems.get(key) ?? 0) + 1);
                    },
                  }
                : {}),
            },
          ],
        });
        return { label: r.label, connections: r.connections, result, problems };
      }),
    );
    clearInterval(sampler);
    for (const t of quarters) clearTimeout(t);
    const end = await memoryOf(s.server, reportDir);
    const load = [loadBefore, loadavg()[0]!] as const;
    memory.push({ at: `end (${fmt(DURATION)} s)`, m: end });
    peakRss = Math.max(peakRss, end.rss);
    // and once the traffic has stopped and the last answers are written
    await sleep(10_000);
    memory.push({ at: '10 s idle after', m: await memoryOf(s.server, reportDir) });
    await s.stop();
    const peopleAfter = await countPeople(scratch.url);
    const verify = await cli(['audit', 'verify', '--json'], env).then(
      (out) => {
        try {
          return JSON.parse(out.slice(out.indexOf('{'))) as { ok: boolean; events: number };
        } catch {
          return { ok: false, events: 0 };
        }
      },
      () => ({ ok: false, events: 0 }),
    );
    const admitted = results[3]!.result['2xx'];
    print({ results, memory, peakRss, demoSeconds, peopleBefore, peopleAfter, admitted, verify, load });
  } finally {
    await stop?.();
    await rm(reportDir, { recursive: true, force: true });
    await scratch.drop();
  }
}

function print(o: {
  results: RouteResult[];
  memory: { at: string; m: Memory }[];
  peakRss: number;
  demoSeconds: number;
  peopleBefore: number;
  peopleAfter: number;
  admitted: number;
  verify: { ok: boolean; events: number };
  load: readonly [number, number];
}) {
  const total = o.results.reduce((n, r) => n + r.connections, 0);
  const start = o.memory[0]!.m;
  const end = o.memory.find((x) => x.at.startsWith('end'))!.m;
  const lines = [
    `One server process (\`node dist/cli/bin.js serve\`, LOG_LEVEL=warn) on PostgreSQL, node ${process.version}; ` +
      `the demo database (${fmt(o.peopleBefore)} people, loaded in ${fmt(o.demoSeconds)} s); ` +
      `${DURATION} s of four autocannon instances at once in one client process, ${total} connections in all, ` +
      'signed in as `admin`, `Accept-Language: es`.',
    '',
    '| route | connections | answers | answers/s | p50 ms | p99 ms | errors (non-2xx, socket errors, timeouts) |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  let errors = 0;
  for (const { label, connections, result: r, problems } of o.results) {
    const statuses = Object.entries(r.statusCodeStats ?? {})
      .filter(([code]) => Number(code) >= 300)
      .map(([code, s]) => `${code}: ${fmt(s.count ?? 0)}`);
    const detail = [...problems].map(([k, n]) => `${k} × ${n}`);
    const bad = r.non2xx + r.errors + r.timeouts;
    errors += bad;
    const note = bad
      ? `**${fmt(bad)}** (${[...statuses, ...detail].join(', ') || `${r.errors} errors, ${r.timeouts} timeouts`})`
      : '0';
    lines.push(
      `| ${label} | ${connections} | ${fmt(r.requests.total)} | ${fmt(r.requests.average)} | ${fmt(r.latency.p50)} | ${fmt(r.latency.p99)} | ${note} |`,
    );
  }
  const grew = o.peopleAfter - o.peopleBefore;
  // an admission still in flight when the clock stops is recorded but not counted by autocannon
  const inFlight = grew - o.admitted;
  const consistent = inFlight >= 0 && inFlight <= ADMISSION_CONNECTIONS;
  lines.push(
    '',
    `Errors: ${fmt(errors)}. Admissions answered 201: ${fmt(o.admitted)}; the database holds ${fmt(grew)} more people ` +
      `than before the run (${consistent ? `consistent: ${inFlight} were still in flight when the clock stopped` : '**not consistent**'}); ` +
      `\`custodia audit verify\` after the run: ${o.verify.ok ? `the register verifies (${fmt(o.verify.events)} events)` : '**it does not verify**'}. ` +
      `Load average (1 min) of the machine: ${fmt(o.load[0], 2)} before, ${fmt(o.load[1], 2)} at the end.`,
    '',
    `| server process, MiB | ${o.memory.map((x) => x.at).join(' | ')} |`,
    `|---|${o.memory.map(() => '---:|').join('')}`,
    `| resident set (VmRSS) | ${o.memory.map((x) => MiB(x.m.rss)).join(' | ')} |`,
    `| JavaScript heap used (after a full GC) | ${o.memory.map((x) => MiB(x.m.heapUsed)).join(' | ')} |`,
    `| JavaScript heap total | ${o.memory.map((x) => MiB(x.m.heapTotal)).join(' | ')} |`,
    '',
    `Highest resident set seen (sampled every second): ${MiB(o.peakRss)} MiB. Server CPU during the run: ` +
      `${fmt(end.cpuSeconds - start.cpuSeconds, 1)} s in ${DURATION} s (${fmt(((end.cpuSeconds - start.cpuSeconds) / DURATION) * 100)} % of one core).`,
  );
  console.log(lines.join('\n'));
}

await main();
