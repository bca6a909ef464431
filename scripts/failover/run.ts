/**
 * `npm run test:failover`: lose the primary, lose no admission (issue 19).
 *
 * 1. A pg_auto_failover formation on loopback (./cluster.ts): a monitor and two data nodes with
 *    synchronous replication, in a temporary folder, installing the Debian packages when missing.
 * 2. The built server (`node dist/cli/bin.js serve`) with DATABASE_URL = the formation's multi-host URL
 *    (`pg_autoctl show uri`), a facility, and `--clients` admission clients (./clients.ts), each admission
 *    with its Idempotency-Key, retried with the same key after a network error or a 5xx.
 * 3. After `--before` seconds, SIGKILL of the primary: its pg_autoctl and its postgres, every process.
 *    The monitor promotes the standby; the RTO is the time from the kill to the first admission sent
 *    after it and answered 201. `--after` seconds more of traffic, then the clients stop.
 * 4. On the new primary: every admission answered 201 is in the register exactly once, and its person in
 *    custody; its key is stored with that answer (201) and names its event (`first_seq`); no admission
 *    recorded twice; the roll counts them; `GET /api/v1/audit/verify`.
 * 5. Everything is stopped and the folder removed, also on failure.
 *
 * The last line is `failover: <acknowledged> acknowledged, <found> found, <lost> lost, RTO <s> s`; the exit
 * status is 1 when anything was lost or recorded twice, a key does not match its admission, an admission
 * was refused (every one sent is valid and unique: a refusal of a retry means a write committed
 * without its key), the chain does not verify, a write was answered with a 5xx other than 503 with
 * Retry-After, or the run failed.
 * Options: --clients <n> (8), --before <s> (5), --after <s> (5), --default-timeouts (keep pg_auto_failover's
 * own health-check and demote timeouts instead of the quick ones). Needs `npm run build` (the npm script does it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Answered, facilityBody, startClients, type Traffic } from './clients.js';
import { Cluster, ensurePackages, freePorts, sleep } from './cluster.js';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '8' },
    before: { type: 'string', default: '5' },
    after: { type: 'string', default: '5' },
    // pg_auto_failover's own timeouts (a failover of about a minute) instead of the quick ones
    'default-timeouts': { type: 'boolean', default: false },
  },
});
const whole = (name: string, raw: string) => {
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new Error(`--${name} takes a whole number ≥ 1, not ${raw}`);
  return Number(raw);
};
const CLIENTS = whole('clients', args.clients!);
const BEFORE_S = whole('before', args.before!);
const AFTER_S = whole('after', args.after!);
const BIN = 'dist/cli/bin.js';
const DATABASE = 'custodia';
const FACILITY = 'FAILOVER';
/** The longest the formation may take to take writes again after the kill. */
const PROMOTION_WAIT_MS = 90_000;

const t0 = performance.now();
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const log = (s: string) => console.log(`failover [${seconds(performance.now() - t0).padStart(5)} s] ${s}`);

/** The server on a free port, its output in `logFile`; resolves once /healthz answers. */
async function startServer(databaseUrl: string, password: string, logFile: string) {
  const [port] = await freePorts(1);
  const fd = openSync(logFile, 'a');
  const server = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      CUSTODIA_ADMIN: `failover:${password}`,
      CUSTODIA_DEMO: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const base = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 200) {
    if (server.exitCode !== null)
      throw new Error(`the server exited ${server.exitCode}:\n${await readFile(logFile, 'utf8')}`);
    if (waited > 60_000) throw new Error('the server did not answer /healthz within 60 s');
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await sleep(200);
  }
  return { server, base };
}

async function stopServer(server: ChildProcess | undefined) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
}

/** A request answered 2xx or 4xx: 5xx and network errors are retried (bounded), with the same key if any. */
async function call(base: string, path: string, init: RequestInit & { token?: string; key?: string } = {}) {
  const { token, key, ...rest } = init;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (key) headers['idempotency-key'] = key;
  let last = '';
  for (let attempt = 1; attempt <= 60; attempt++) {
    try {
      const res = await fetch(`${base}${path}`, { ...rest, headers, signal: AbortSignal.timeout(30_000) });
      const text = await res.text();
      if (res.status < 500) return { status: res.status, text, json: () => JSON.parse(text) };
      last = `${res.status} ${text.slice(0, 300)}`;
    } catch (err) {
      last = String(err);
    }
    await sleep(500);
  }
  throw new Error(`${init.method ?? 'GET'} ${path} kept failing: ${last}`);
}

interface Findings {
  recorded: number;
  /** the acknowledged admissions found once in the register, their person in custody */
  found: Set<Answered>;
  duplicates: string[];
  /** acknowledged admissions whose key is missing, holds another answer or names another event */
  keyMismatches: string[];
  inCustody: number;
  rollInCustody: number;
  chainOk: boolean;
  events: number;
}

/** What the new primary holds of the run, by the references and keys the clients used. */
async function inspect(cluster: Cluster, base: string, token: string, traffic: Traffic, tag: string) {
  const primary = await cluster.writable();
  if (!primary) throw new Error('no writable node to inspect');
  /** per legal-basis reference: how many admission events, and the first one's number */
  const admitted = new Map<string, { n: number; seq: number }>();
  /** the keys of the run's user (`failover`): the answer stored and the first event of the write */
  const keys = new Map<string, { status: number | null; firstSeq: number | null }>();
  let inCustody = 0;
  const inCustodyIds = new Set<string>();
  await cluster.sql(primary.port, DATABASE, async (c) => {
    const events = await c.query<{ ref: string; n: number; seq: string }>(
      `select payload->'legalBasis'->>'reference' as ref, count(*)::int as n, min(seq)::text as seq
        from custody_event
        where kind = 'custody.admitted' and payload->'legalBasis'->>'reference' like $1 group by 1`,
      [`${tag}-%`],
    );
    for (const r of events.rows) admitted.set(r.ref, { n: r.n, seq: Number(r.seq) });
    const stored = await c.query<{ key: string; status: number | null; first_seq: string | null }>(
      `select key, status, first_seq::text from idempotency_key where actor = 'failover'`,
    );
    for (const r of stored.rows)
      keys.set(r.key, { status: r.status, firstSeq: r.first_seq === null ? null : Number(r.first_seq) });
    const custody = await c.query<{ person_id: string }>(
      `select person_id from custody where facility_code = $1 and released_at is null`,
      [FACILITY],
    );
    inCustody = custody.rowCount ?? 0;
    for (const r of custody.rows) inCustodyIds.add(r.person_id);
  });
  const duplicates = [...admitted]
    .filter(([, a]) => a.n > 1)
    .map(([ref, a]) => `admission ${ref} recorded ${a.n} times`);
  // a key is unique per user (its primary key): what can go wrong is a key without its write's answer
  const keyMismatches = traffic.acknowledged.flatMap((a) => {
    const k = keys.get(a.admission.key);
    const event = admitted.get(a.admission.reference);
    if (!k) return [`${a.admission.reference}: no key ${a.admission.key}`];
    if (k.status !== 201) return [`${a.admission.reference}: key stored with status ${k.status}`];
    if (!event || k.firstSeq !== event.seq)
      return [`${a.admission.reference}: key names event ${k.firstSeq}, the admission is ${event?.seq}`];
    return [];
  });
  const found = new Set(
    traffic.acknowledged.filter(
      (a) => admitted.get(a.admission.reference)?.n === 1 && inCustodyIds.has(a.personId!),
    ),
  );
  const roll = await call(base, `/api/v1/facilities/${FACILITY}/roll`, { token });
  const verify = await call(base, '/api/v1/audit/verify', { token });
  if (verify.status !== 200) throw new Error(`audit verify: ${verify.status} ${verify.text}`);
  const v = verify.json() as { ok: boolean; events: number };
  return {
    recorded: admitted.size,
    found,
    duplicates,
    keyMismatches,
    inCustody,
    rollInCustody: (roll.json() as { total: { inCustody: number } }).total.inCustody,
    chainOk: v.ok,
    events: v.events,
  } satisfies Findings;
}

function describeTraffic(t: Traffic) {
  const retried = t.acknowledged.filter((a) => a.attempts > 1);
  const failures = [...t.failures].map(([what, n]) => `${what} ×${n}`).join(', ') || 'none';
  return (
    `${t.acknowledged.length} acknowledged (${retried.length} after retries, ` +
    `${t.acknowledged.filter((a) => a.replayed).length} of them answered from their key), ` +
    `${t.refused.length} refused, ${t.unanswered.length} unanswered; failed attempts: ${failures}`
  );
}

async function main(): Promise<number> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  await ensurePackages(log);
  const cluster = await Cluster.prepare({ quick: !args['default-timeouts'] });
  let server: ChildProcess | undefined;
  let summary = '';
  let failed = true;
  // the cluster runs in process groups of its own: an interrupted run stops it too
  const interrupted = (sig: NodeJS.Signals) => {
    log(`${sig}: stopping the server and the cluster…`);
    void stopServer(server)
      .then(() => cluster.teardown())
      .finally(() => process.exit(1));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    log(`cluster in ${cluster.dir}: monitor on 127.0.0.1:${cluster.monitorPort}…`);
    await cluster.startMonitor();
    await cluster.startNodes(DATABASE);
    const url = await cluster.uri();
    const primary = await cluster.writable();
    if (!primary) throw new Error('no writable node after start');
    const sync = await cluster.sql(primary.port, 'postgres', async (c) => ({
      names: (await c.query<{ s: string }>("select current_setting('synchronous_standby_names') as s"))
        .rows[0]!.s,
      standbys: (
        await c.query<{ a: string; s: string }>(
          'select application_name a, sync_state s from pg_stat_replication',
        )
      ).rows,
    }));
    log(
      `formation ready: ${cluster.nodes.map((n) => `${n.name} 127.0.0.1:${n.port}`).join(', ')}; ` +
        `primary ${primary.name}, synchronous_standby_names = '${sync.names}', ` +
        `standbys ${sync.standbys.map((s) => `${s.a} (${s.s})`).join(', ')}`,
    );
    if (!sync.names || !sync.standbys.some((s) => s.s === 'sync' || s.s === 'quorum'))
      throw new Error('replication is not synchronous');

    const password = randomBytes(12).toString('hex');
    const s = await startServer(url, password, join(cluster.dir, 'server.log'));
    server = s.server;
    log(`server on ${s.base}, DATABASE_URL=${url}`);
    const login = await call(s.base, '/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'failover', password }),
    });
    if (login.status !== 200) throw new Error(`sign-in: ${login.status} ${login.text}`);
    const token = (login.json() as { token: string }).token;
    const created = await call(s.base, '/api/v1/facilities', {
      method: 'POST',
      token,
      key: `facility-${FACILITY}`,
      body: JSON.stringify(facilityBody(FACILITY)),
    });
    if (created.status !== 201) throw new Error(`facility: ${created.status} ${created.text}`);

    const tag = `FO${Date.now().toString(36).toUpperCase()}`;
    let killedAt = Number.POSITIVE_INFINITY;
    let firstAfterKill: Answered | undefined;
    const clients = startClients({
      base: s.base,
      token,
      facility: FACILITY,
      clients: CLIENTS,
      tag,
      onAnswer: (a) => {
        if (!firstAfterKill && a.sentAt > killedAt) firstAfterKill = a;
      },
    });
    log(`${CLIENTS} admission clients running for ${BEFORE_S} s before the kill…`);
    await sleep(BEFORE_S * 1000);
    const victim = await cluster.writable();
    if (!victim) throw new Error('no writable node to kill');
    const before = clients.traffic.acknowledged.length;
    const killing = performance.now();
    await cluster.kill(victim);
    // from the moment every process of the primary is dead: an attempt sent while they were being
    // killed may still have been served by the old primary
    killedAt = performance.now();
    log(`every process of ${victim.name} dead ${seconds(killedAt - killing)} s after the first SIGKILL`);
    log(
      `${before} acknowledged so far; SIGKILL of ${victim.name} (the primary, 127.0.0.1:${victim.port}): pg_autoctl and postgres`,
    );

    let promotedAt: number | undefined;
    const until = killedAt + PROMOTION_WAIT_MS;
    while (!firstAfterKill && performance.now() < until) {
      if (s.server.exitCode !== null)
        throw new Error(`the server exited ${s.server.exitCode} after the kill`);
      if (promotedAt === undefined && (await cluster.writable())) {
        promotedAt = performance.now();
        log(`the standby takes writes ${seconds(promotedAt - killedAt)} s after the kill`);
      }
      await sleep(100);
    }
    if (!firstAfterKill)
      throw new Error(`no admission was acknowledged within ${PROMOTION_WAIT_MS / 1000} s of the kill`);
    const rto = (firstAfterKill as Answered).answeredAt - killedAt;
    log(
      `first admission sent after the kill acknowledged ${seconds(rto)} s after it; ${AFTER_S} s more of traffic…`,
    );
    log(`\n${(await cluster.stateTable()).trimEnd()}`);
    await sleep(AFTER_S * 1000);
    const traffic = await clients.stop();
    log(`clients stopped: ${describeTraffic(traffic)}`);
    for (const r of traffic.refused.slice(0, 5))
      log(`refused: ${r.status} ${r.admission.reference} ${r.body ?? ''}`);

    const f = await inspect(cluster, s.base, token, traffic, tag);
    log(
      `new primary holds ${f.recorded} admissions of this run (${f.inCustody} people in custody, the roll says ` +
        `${f.rollInCustody}); audit verify: ${f.chainOk ? 'ok' : 'FAILED'} over ${f.events} events`,
    );
    for (const d of f.duplicates.slice(0, 10)) log(`twice: ${d}`);
    log(
      `keys: ${traffic.acknowledged.length - f.keyMismatches.length} of ${traffic.acknowledged.length} ` +
        'acknowledged admissions have their key, stored with 201 and naming their event',
    );
    for (const m of f.keyMismatches.slice(0, 10)) log(`key mismatch: ${m}`);
    const beforeKill = traffic.acknowledged.filter((a) => a.answeredAt < killedAt);
    log(
      `of the ${beforeKill.length} admissions acknowledged by the old primary before the kill, ` +
        `${beforeKill.filter((a) => f.found.has(a)).length} are on the new primary`,
    );
    const acknowledged = traffic.acknowledged.length;
    const lost = acknowledged - f.found.size;
    const consistent = f.inCustody === f.recorded && f.rollInCustody === f.recorded;
    if (!consistent) log('the projections do not match the register');
    // while no primary takes writes the server answers 503 with Retry-After, never another 5xx
    const wrong = [...traffic.failures].filter(([what]) => /^5/.test(what) && what !== '503');
    for (const [what, n] of wrong) log(`answers that should have been 503 with Retry-After: ${what} ×${n}`);
    // every admission sent is valid and unique: a refusal (a 409 on a retry) means a write committed
    // without its key
    if (traffic.refused.length) log(`${traffic.refused.length} admissions refused`);
    failed =
      lost > 0 ||
      f.duplicates.length > 0 ||
      f.keyMismatches.length > 0 ||
      traffic.refused.length > 0 ||
      !f.chainOk ||
      !consistent ||
      traffic.unanswered.length > 0 ||
      wrong.length > 0;
    summary = `failover: ${acknowledged} acknowledged, ${f.found.size} found, ${lost} lost, RTO ${seconds(rto)} s`;
  } catch (err) {
    log(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    log(`logs:\n${await cluster.logs()}`);
    const serverLog = await readFile(join(cluster.dir, 'server.log'), 'utf8').catch(() => '');
    if (serverLog) log(`--- server.log\n${serverLog.trimEnd().split('\n').slice(-30).join('\n')}`);
  } finally {
    await stopServer(server);
    await cluster.teardown();
    log(`cluster stopped and removed; the run took ${seconds(performance.now() - t0)} s`);
  }
  if (summary) console.log(summary);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
