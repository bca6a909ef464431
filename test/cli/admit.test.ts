import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admission, smallFacility } from '../helpers/api.js';
import { type Served, serve } from '../helpers/cli.js';
import { type TestDb, testDb } from '../helpers/store.js';

// `custodia admit`: the built CLI against a served server, as an operator runs it (npm run build first)

const ADMIN = 'chief';
const PASSWORD = 'a long admin password';

let db: TestDb;
let s: Served;
let token: string;
let dir: string;
const proxies: Server[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `custodia admit ARGS` with the token in CUSTODIA_TOKEN (unless `env` says otherwise), in English. */
function admit(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const base: Record<string, string | undefined> = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' };
  delete base.CUSTODIA_PASSWORD;
  delete base.CUSTODIA_SERVER;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/cli/bin.js', 'admit', ...args],
      { env: { ...base, CUSTODIA_TOKEN: token, ...env } as NodeJS.ProcessEnv },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function get(path: string) {
  const res = await fetch(`${s.url}/api/v1/${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

/** People in custody at a facility, and the register's events (and that it verifies). */
async function counts(facility: string) {
  const roll = await get(`facilities/${facility}/roll`);
  const verify = await get('audit/verify');
  expect(verify.ok).toBe(true);
  return { inCustody: roll.total.inCustody as number, events: verify.events as number };
}

/** `n` bulk items (the API's admission without its facility): synthetic people, each new. */
function items(n: number) {
  return Array.from({ length: n }, () => {
    const { facility: _f, ...item } = admission('X');
    return item;
  });
}

function file(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const jsonLines = (xs: unknown[]) => `${xs.map((x) => JSON.stringify(x)).join('\n')}\n`;

/** A facility with room for 48 people. */
async function facility(code: string) {
  const res = await fetch(`${s.url}/api/v1/facilities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(smallFacility(code, 4)),
  });
  expect(res.status).toBe(201);
}

type Action = 'forward' | 'unavailable' | 'lose-answer';
interface Proxy {
  url: string;
  /** the bulk requests it saw, with their Idempotency-Key, and what it did with each */
  seen: { path: string; key: string | undefined; action: Action }[];
}

/**
 * A proxy in front of the server: forwards every request, but does to the bulk admission number `n`
 * (1, 2, …) what `act(n)` says: answer 503 with Retry-After: 1 itself, or forward it and then close the
 * connection instead of answering (the answer is lost).
 */
async function proxy(act: (n: number) => Action = () => 'forward'): Promise<Proxy> {
  const seen: Proxy['seen'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const bulk = req.url === '/api/v1/admissions/bulk';
      const action = bulk ? act(seen.filter((x) => x.path === req.url).length + 1) : 'forward';
      const key = req.headers['idempotency-key'];
      seen.push({ path: req.url ?? '', key: Array.isArray(key) ? key.join(',') : key, action });
      if (action === 'unavailable') {
        res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
        res.end(JSON.stringify({ status: 503, title: 'Service Unavailable', detail: 'a failover' }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type', 'idempotency-key', 'accept-language'])
        if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
      const answer = await fetch(`${s.url}${req.url}`, {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      const body = Buffer.from(await answer.arrayBuffer());
      if (action === 'lose-answer') {
        req.socket.destroy();
        return;
      }
      const out: Record<string, string> = {};
      for (const h of ['content-type', 'idempotency-replayed', 'retry-after']) {
        const v = answer.headers.get(h);
        if (v !== null) out[h] = v;
      }
      res.writeHead(answer.status, out);
      res.end(body);
    });
  });
  proxies.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, seen };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'custodia-admit-'));
  db = await testDb();
  s = await serve(db, { CUSTODIA_ADMIN: `${ADMIN}:${PASSWORD}`, CUSTODIA_DEMO: '0' });
  const res = await fetch(`${s.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: ADMIN, password: PASSWORD }),
  });
  token = ((await res.json()) as { token: string }).token;
});

afterAll(async () => {
  for (const p of proxies) p.close();
  await s?.stop();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('custodia admit', () => {
  it('admits a file in batches, and the same command run again admits nobody twice', async () => {
    await facility('ADM1');
    const before = await counts('ADM1');
    const path = file('thirty.json', JSON.stringify(items(30), null, 2));
    const args = [path, '--server', s.url, '--facility', 'ADM1', '--batch', '10'];

    const first = await admit(args);
    expect(first.stderr).not.toMatch(/refused|gave up/);
    expect(first.code).toBe(0);
    for (const b of ['batch 1/3 (items 1-10)', 'batch 2/3 (items 11-20)', 'batch 3/3 (items 21-30)'])
      expect(first.stdout).toContain(`${b}: 10 admitted`);
    expect(first.stdout).toContain(
      'Done: 30 admissions to ADM1 in 3 batches: 30 admitted now, 0 already admitted before (replayed).',
    );
    // the progress bar on a log: plain lines, the last at the end
    expect(first.stderr).toMatch(/admit ADM1 \[#{30}\] 100% 30\/30/);
    const after = await counts('ADM1');
    expect(after.inCustody).toBe(before.inCustody + 30);
    expect(after.events).toBeGreaterThanOrEqual(before.events + 30);

    // after a crash or a lost answer the operator runs the same command: every batch is replayed
    const again = await admit(args);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/: 10 already admitted \(replayed/g)).toHaveLength(3);
    expect(again.stdout).toContain('0 admitted now, 30 already admitted before (replayed)');
    expect(await counts('ADM1')).toEqual(after);

    // the same items in JSON Lines and in { "admissions": [...] }: the same batches, the same keys
    const all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
    const lines = await admit([file('thirty.jsonl', jsonLines(all)), ...args.slice(1)]);
    expect(lines.code).toBe(0);
    expect(lines.stdout).toContain('30 already admitted before (replayed)');
    const wrapped = await admit([
      file('thirty-wrapped.json', JSON.stringify({ facility: 'ADM1', admissions: all })),
      ...args.slice(1),
    ]);
    expect(wrapped.code).toBe(0);
    expect(wrapped.stdout).toContain('30 already admitted before (replayed)');
    expect(await counts('ADM1')).toEqual(after);
  });

  it('stops at a refused batch, naming each violation by its place in the file; the corrected file goes on', async () => {
    await facility('ADM2');
    const before = await counts('ADM2');
    const people = items(30);
    const bad = people.map((p, i) => (i === 14 ? { ...p, legalBasis: null } : p));
    const path = file('one-bad.jsonl', jsonLines(bad));
    const args = [path, '--server', s.url, '--facility', 'ADM2', '--batch', '10'];

    // the server's messages in the language of LANG
    const refused = await admit(args, { LANG: 'es_CL.UTF-8' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('batch 1/3 (items 1-10): 10 admitted');
    expect(refused.stdout).not.toContain('batch 2/3 (items 11-20):');
    expect(refused.stdout).not.toContain('Done');
    expect(refused.stderr).toContain('batch 2/3 (items 11-20) was refused; nothing of it was recorded.');
    expect(refused.stderr).toMatch(/^409 .*: Se encontraron 1 infracción/m);
    expect(refused.stderr).toContain(
      '  item 15 (line 15), admissions[4].legalBasis: No se puede ingresar a una persona sin una base legal registrada',
    );
    expect(refused.stderr).toContain('[legal-basis-required]');
    expect(refused.stderr).toContain('Batch 1 stands (10 admissions); batches 2-3 were not admitted.');
    // batch 1 only: nothing of batch 2, and batch 3 was never sent
    const mid = await counts('ADM2');
    expect(mid.inCustody).toBe(before.inCustody + 10);

    // corrected, the same command: batch 1 is replayed, the rest admitted
    writeFileSync(path, jsonLines(people));
    const fixed = await admit(args);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('batch 1/3 (items 1-10): 10 already admitted (replayed');
    expect(fixed.stdout).toContain('batch 2/3 (items 11-20): 10 admitted');
    expect(fixed.stdout).toContain('batch 3/3 (items 21-30): 10 admitted');
    expect((await counts('ADM2')).inCustody).toBe(before.inCustody + 30);
  });

  it('prints the first 20 violations of a refusal and how many there were', async () => {
    await facility('ADM3');
    const before = await counts('ADM3');
    const path = file('all-bad.json', JSON.stringify(items(25).map((p) => ({ ...p, legalBasis: null }))));
    const r = await admit([path, '--server', s.url, '--facility', 'ADM3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('batch 1/1 (items 1-25) was refused; nothing of it was recorded.');
    expect(
      r.stderr.match(/^ {2}item \d+, admissions\[\d+\]\.legalBasis: .*\[legal-basis-required\]$/gm),
    ).toHaveLength(20);
    expect(r.stderr).toContain('  item 20, admissions[19].legalBasis:');
    expect(r.stderr).not.toContain('  item 21,');
    expect(r.stderr).toContain('… and 5 more (25 violations in all)');
    expect(r.stderr).toContain('No batch was admitted.');
    expect(await counts('ADM3')).toEqual(before);
  });

  it('sends a batch again with the same key after a 503, honouring Retry-After', async () => {
    await facility('ADM4');
    const before = await counts('ADM4');
    const p = await proxy((n) => (n === 1 ? 'unavailable' : 'forward'));
    const path = file('twelve.json', JSON.stringify(items(12)));
    const r = await admit([path, '--server', p.url, '--facility', 'ADM4', '--batch', '10']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('batch 1/2 (items 1-10): 10 admitted');
    expect(r.stdout).toContain('batch 2/2 (items 11-12): 2 admitted');
    expect(r.stdout).toContain('12 admitted now, 0 already admitted before');
    expect(r.stderr).toContain(
      'batch 1/2 (items 1-10): the server answered 503 (a failover); trying again in 1 s with the same Idempotency-Key.',
    );
    const bulk = p.seen.filter((x) => x.path === '/api/v1/admissions/bulk');
    expect(bulk.map((x) => x.action)).toEqual(['unavailable', 'forward', 'forward']);
    expect(bulk[0]!.key).toMatch(/^custodia-admit-[0-9a-f]{64}$/);
    expect(bulk[1]!.key).toBe(bulk[0]!.key);
    expect(bulk[2]!.key).not.toBe(bulk[0]!.key);
    expect((await counts('ADM4')).inCustody).toBe(before.inCustody + 12);
  });

  it('after a lost answer, sends the batch again and is answered from the first: recorded once', async () => {
    await facility('ADM5');
    const before = await counts('ADM5');
    const p = await proxy((n) => (n === 1 ? 'lose-answer' : 'forward'));
    const path = file('ten.json', JSON.stringify(items(10)));
    const r = await admit([path, '--server', p.url, '--facility', 'ADM5', '--batch', '10']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/batch 1\/1 \(items 1-10\): no answer from the server \(.+\); trying again/);
    expect(r.stdout).toContain('batch 1/1 (items 1-10): 10 already admitted (replayed');
    const bulk = p.seen.filter((x) => x.path === '/api/v1/admissions/bulk');
    expect(bulk.map((x) => x.action)).toEqual(['lose-answer', 'forward']);
    expect(bulk[1]!.key).toBe(bulk[0]!.key);
    const after = await counts('ADM5');
    expect(after.inCustody).toBe(before.inCustody + 10);
  });

  it('signs in with --user and CUSTODIA_PASSWORD, and says so when that is refused', async () => {
    await facility('ADM6');
    const before = await counts('ADM6');
    const path = file('three.json', JSON.stringify(items(3)));
    const args = [path, '--server', s.url, '--facility', 'ADM6', '--user', ADMIN];
    const wrong = await admit(args, { CUSTODIA_TOKEN: '', CUSTODIA_PASSWORD: 'not the password' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`Signing in as ${ADMIN} was refused: 401`);
    expect(wrong.stderr).toContain('Wrong username or password.');
    const none = await admit(args, { CUSTODIA_TOKEN: '' });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('CUSTODIA_PASSWORD, which is not set');
    expect(await counts('ADM6')).toEqual(before);
    const ok = await admit(args, { CUSTODIA_TOKEN: '', CUSTODIA_PASSWORD: PASSWORD });
    expect(ok.stderr).not.toContain('refused');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('3 admitted now');
    expect((await counts('ADM6')).inCustody).toBe(before.inCustody + 3);
  });

  it('refuses before sending anything: no token, a bad token, a file that is not admissions, another facility', async () => {
    await facility('ADM7');
    const before = await counts('ADM7');
    const p = await proxy();
    const ok = JSON.stringify(items(2));
    const run = (name: string, text: string, env: Record<string, string> = {}, more: string[] = []) =>
      admit([file(name, text), '--server', p.url, '--facility', 'ADM7', ...more], env);

    const noToken = await run('a.json', ok, { CUSTODIA_TOKEN: '' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('Set CUSTODIA_TOKEN');
    const notJson = await run('b.json', '[{"person": ');
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/b\.json is not valid JSON/);
    const badLine = await run('c.jsonl', `${JSON.stringify(items(1)[0])}\n\nnot json\n`);
    expect(badLine.code).toBe(1);
    expect(badLine.stderr).toMatch(/c\.jsonl line 3 is not valid JSON/);
    const notObject = await run('d.json', '[{"person": {}}, 7]');
    expect(notObject.code).toBe(1);
    expect(notObject.stderr).toContain('item 2 is not a JSON object');
    const empty = await run('e.json', '[]');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('holds no admissions');
    const other = await run('f.json', JSON.stringify({ facility: 'ELSEWHERE', admissions: items(1) }));
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('is for facility ELSEWHERE, not ADM7');
    const tooBig = await run('g.json', ok, {}, ['--batch', '5001']);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toContain('a whole number from 1 to 5000');
    expect(p.seen).toEqual([]);

    // a token the server does not know: refused at the first batch, nothing recorded
    const badToken = await run('h.json', ok, { CUSTODIA_TOKEN: 'not-a-token' });
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toContain('batch 1/1 (items 1-2) was refused; nothing of it was recorded.');
    expect(badToken.stderr).toMatch(/^401 /m);
    expect(await counts('ADM7')).toEqual(before);
  });

  it('gives up with a clear message when the server cannot be reached within --retry-for', async () => {
    const p = await proxy();
    const port = new URL(p.url).port;
    await new Promise((resolve) => proxies.pop()!.close(resolve));
    const r = await admit([
      file('gone.json', JSON.stringify(items(2))),
      '--server',
      `http://127.0.0.1:${port}`,
      '--facility',
      'ADM8',
      '--retry-for',
      '2',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('trying again in 0.5 s with the same Idempotency-Key');
    expect(r.stderr).toMatch(
      /batch 1\/1 \(items 1-2\): no answer from the server \(ECONNREFUSED\); gave up after \d+ s/,
    );
    expect(r.stderr).toContain('No batch was admitted. Run the same command again');
  });
});
