import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { MAX_BATCH } from '../api/schemas.js';
import { canonicalJson } from '../domain/register/canonical.js';
import { progressBar } from './progress.js';

/**
 * `custodia admit FILE --server URL --facility CODE`: admissions from a file, sent to a running server
 * (POST /api/v1/admissions/bulk) in batches, each all or nothing. Every batch carries an
 * Idempotency-Key made from its own content, so the same command run again after a crash or a lost
 * answer sends the same keys and the server answers the batches it recorded with their first answer,
 * recording nobody twice (docs/api.md, "Idempotent writes").
 */

type Item = Record<string, unknown>;

/** The admissions of a file, and where each stands in it (for the messages). */
export interface FileItems {
  items: Item[];
  /** `item 14`, or `item 14 (line 15)` for JSON Lines */
  place(i: number): string;
  /** the facility the file names, when it is `{ "facility": …, "admissions": […] }` */
  facility?: string;
}

/** A file that cannot be read as admissions; nothing was sent. */
export class FileProblem extends Error {}

const isObject = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads admissions from the text of `file`: a JSON array of bulk items, `{ "admissions": [...] }`, or
 * JSON Lines (one item a line; blank lines skipped).
 */
export function readItems(file: string, raw: string): FileItems {
  const text = raw.replace(/^\uFEFF/, '');
  const trimmed = text.trim();
  if (!trimmed) throw new FileProblem(`${file} is empty: no admissions to send.`);
  let whole: unknown;
  let parsed = false;
  try {
    whole = JSON.parse(trimmed);
    parsed = true;
  } catch (err) {
    // an array is JSON or nothing; anything else may be JSON Lines
    if (trimmed.startsWith('['))
      throw new FileProblem(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  let items: unknown[];
  let lines: number[] | null = null;
  let facility: string | undefined;
  if (parsed && Array.isArray(whole)) items = whole;
  else if (parsed && isObject(whole) && 'admissions' in whole) {
    if (!Array.isArray(whole.admissions))
      throw new FileProblem(`${file}: "admissions" must be an array of admissions.`);
    items = whole.admissions;
    if (whole.facility !== undefined) facility = String(whole.facility);
  } else if (parsed && !isObject(whole)) {
    throw new FileProblem(
      `${file} holds neither admissions nor JSON Lines: an array, { "admissions": [...] } or one admission a line.`,
    );
  } else {
    items = [];
    lines = [];
    const all = text.split(/\r?\n/);
    for (let n = 0; n < all.length; n++) {
      const line = all[n]!.trim();
      if (!line) continue;
      try {
        items.push(JSON.parse(line));
      } catch (err) {
        throw new FileProblem(`${file} line ${n + 1} is not valid JSON: ${(err as Error).message}`);
      }
      lines.push(n + 1);
    }
  }
  const place = (i: number) => (lines ? `item ${i + 1} (line ${lines[i]})` : `item ${i + 1}`);
  if (!items.length) throw new FileProblem(`${file} holds no admissions.`);
  const bad = items.findIndex((x) => !isObject(x));
  if (bad >= 0) throw new FileProblem(`${file}: ${place(bad)} is not a JSON object (an admission).`);
  return { items: items as Item[], place, ...(facility === undefined ? {} : { facility }) };
}

export interface Batch {
  /** 1, 2, … */
  n: number;
  /** index in the file of its first item */
  first: number;
  size: number;
  /** the request body: canonical JSON of `{ facility, admissions }` */
  body: string;
  /** deterministic: the SHA-256 of the body, so the same batch always carries the same key */
  key: string;
}

/** The file's items in batches of `size`, each with its body and its Idempotency-Key. */
export function batches(facility: string, items: Item[], size: number): Batch[] {
  const out: Batch[] = [];
  for (let first = 0; first < items.length; first += size) {
    const admissions = items.slice(first, first + size);
    const body = canonicalJson({ facility, admissions });
    const key = `custodia-admit-${createHash('sha256').update(body).digest('hex')}`;
    out.push({ n: out.length + 1, first, size: admissions.length, body, key });
  }
  return out;
}

/** The language of the server's messages: that of LC_ALL, LC_MESSAGES or LANG (`es_CL.UTF-8` → `es`). */
export function languageOf(env: NodeJS.ProcessEnv): string {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const m = /^([a-z]{2,3})(?:[_-]|\.|@|$)/i.exec(locale);
  return m ? m[1]!.toLowerCase() : 'en';
}

interface Answer {
  status: number;
  headers: Headers;
  /** the parsed JSON body, or null */
  json: Record<string, unknown> | null;
  text: string;
}

/** Statuses that mean "not now": the same request is sent again, with the same key. */
const TRY_AGAIN = new Set([502, 503, 504]);
/** the longest single wait between two tries, seconds, whatever Retry-After asks */
const MAX_WAIT = 30;
/** how long one try may take before it counts as lost, ms (a batch of 5,000 takes seconds) */
const REQUEST_TIMEOUT = 120_000;

/** A request that was answered with a refusal (any status but 2xx and the ones tried again). */
export class Refused extends Error {
  constructor(readonly answer: Answer) {
    super(`the server answered ${answer.status}`);
  }
}

/** Retries that ran out of time. */
export class GaveUp extends Error {}

/** Seconds asked by a Retry-After header (seconds or an HTTP date), or null. */
export function retryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Why a try got no answer, in words. */
function lostBecause(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT / 1000} s`;
  const cause = e.cause?.code ?? e.cause?.message;
  return `no answer from the server (${cause ?? e.message ?? String(err)})`;
}

async function request(url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT) });
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    const v: unknown = JSON.parse(text);
    if (isObject(v)) json = v;
  } catch {}
  return { status: res.status, headers: res.headers, json, text };
}

export interface RetryOptions {
  /** seconds to keep trying one request before giving up */
  retryFor: number;
  /** says what happens (a try failed, the next one when) */
  note: (line: string) => void;
}

/**
 * Sends a request until it is answered with anything but 502, 503 or 504: the same request each time
 * (so the same Idempotency-Key), after Retry-After when the server asks for a wait, else after a
 * backoff of 0.5, 1, 2, 4 … 10 s; gives up once `retryFor` seconds would be passed.
 */
export async function withRetries(
  what: string,
  send: () => Promise<Answer>,
  o: RetryOptions,
): Promise<Answer> {
  const start = Date.now();
  for (let attempt = 0; ; attempt++) {
    let why: string;
    let wait = Math.min(0.5 * 2 ** attempt, 10);
    try {
      const answer = await send();
      if (!TRY_AGAIN.has(answer.status)) return answer;
      why = `the server answered ${answer.status}${typeof answer.json?.detail === 'string' ? ` (${answer.json.detail})` : ''}`;
      wait = retryAfter(answer.headers.get('retry-after')) ?? wait;
    } catch (err) {
      why = lostBecause(err);
    }
    wait = Math.min(wait, MAX_WAIT);
    const spent = (Date.now() - start) / 1000;
    if (spent + wait > o.retryFor)
      throw new GaveUp(
        `${what}: ${why}; gave up after ${Math.round(spent)} s of tries (--retry-for ${o.retryFor}).`,
      );
    o.note(`${what}: ${why}; trying again in ${wait} s with the same Idempotency-Key.`);
    await sleep(wait * 1000);
  }
}

/** The address of an API route under the server's URL (`http://host:3000`, with or without `/api/v1`). */
export function apiUrl(server: string, route: string): string {
  const u = new URL(server);
  const path = u.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${u.origin}${path}/api/v1/${route}`;
}

const positive = (max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new InvalidArgumentError(`a whole number from 1 to ${max}`);
  return n;
};
const seconds = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number of seconds ≥ 0');
  return n;
};

interface Options {
  server: string;
  facility: string;
  batch: number;
  user?: string;
  retryFor: number;
}

/** The first violations of a refusal, each with its place in the file, then how many there were. */
export function refusalLines(
  answer: Answer,
  batch: Batch,
  place: (i: number) => string,
  shown = 20,
): string[] {
  const p = answer.json ?? {};
  const head = [`${answer.status}`, typeof p.title === 'string' ? p.title : ''].filter(Boolean).join(' ');
  const detail = typeof p.detail === 'string' ? p.detail : answer.text.slice(0, 300);
  const lines = [`${head}: ${detail}`];
  const violations = Array.isArray(p.violations) ? (p.violations as Record<string, unknown>[]) : [];
  for (const v of violations.slice(0, shown)) {
    const subject = typeof v.subject === 'string' ? v.subject : '';
    const m = /^admissions\[(\d+)\]/.exec(subject);
    const where = m ? `${place(batch.first + Number(m[1]))}, ${subject}` : subject || '(the batch)';
    lines.push(`  ${where}: ${String(v.message ?? v.rule)} [${String(v.rule)}]`);
  }
  const total = typeof p.violationsTotal === 'number' ? p.violationsTotal : violations.length;
  if (total > Math.min(shown, violations.length))
    lines.push(`  … and ${total - Math.min(shown, violations.length)} more (${total} violations in all)`);
  return lines;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function admitFile(file: string, o: Options): Promise<number> {
  const fail = (message: string) => {
    console.error(message);
    return 1;
  };
  let read: FileItems;
  try {
    read = readItems(file, readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof FileProblem) return fail(err.message);
    return fail(`Cannot read ${file}: ${(err as Error).message}`);
  }
  if (read.facility !== undefined && read.facility !== o.facility)
    return fail(
      `${file} is for facility ${read.facility}, not ${o.facility} (--facility); nothing was sent.`,
    );
  try {
    apiUrl(o.server, '');
  } catch {
    return fail(`--server ${o.server} is not a URL (e.g. http://localhost:3000).`);
  }
  const all = batches(o.facility, read.items, o.batch);
  const seen = new Map<string, number>();
  for (const b of all) {
    const twin = seen.get(b.key);
    if (twin) return fail(`Batches ${twin} and ${b.n} of ${file} are identical; nothing was sent.`);
    seen.set(b.key, b.n);
  }

  const lang = languageOf(process.env);
  const headers = {
    'accept-language': lang,
    'content-type': 'application/json',
    'user-agent': 'custodia-cli',
  };
  const retry: RetryOptions = { retryFor: o.retryFor, note: (line) => console.error(line) };
  let token = process.env.CUSTODIA_TOKEN ?? '';
  if (o.user) {
    const password = process.env.CUSTODIA_PASSWORD;
    if (!password)
      return fail(`--user ${o.user} signs in with the password in CUSTODIA_PASSWORD, which is not set.`);
    try {
      const answer = await withRetries(
        'signing in',
        () =>
          request(apiUrl(o.server, 'auth/login'), {
            method: 'POST',
            headers,
            body: JSON.stringify({ username: o.user, password }),
          }),
        retry,
      );
      if (answer.status !== 200 || typeof answer.json?.token !== 'string') throw new Refused(answer);
      token = answer.json.token;
    } catch (err) {
      if (err instanceof GaveUp) return fail(err.message);
      if (err instanceof Refused)
        return fail(
          `Signing in as ${o.user} was refused: ${refusalLines(err.answer, all[0]!, read.place)[0]}`,
        );
      throw err;
    }
  } else if (!token)
    return fail('Set CUSTODIA_TOKEN to a sign-in token, or give --user NAME with CUSTODIA_PASSWORD.');

  const total = read.items.length;
  const bar = progressBar(`admit ${o.facility}`);
  let admitted = 0;
  let replayed = 0;
  let code = 0;
  try {
    bar.update(0, total, `batch 1/${all.length}`);
    for (const b of all) {
      const name = `batch ${b.n}/${all.length} (items ${b.first + 1}-${b.first + b.size})`;
      const note = (line: string) => bar.log(line, process.stderr);
      let answer: Answer;
      try {
        answer = await withRetries(
          name,
          () =>
            request(apiUrl(o.server, 'admissions/bulk'), {
              method: 'POST',
              headers: { ...headers, authorization: `Bearer ${token}`, 'idempotency-key': b.key },
              body: b.body,
            }),
          { ...retry, note },
        );
      } catch (err) {
        if (!(err instanceof GaveUp)) throw err;
        bar.done();
        console.error(err.message);
        console.error(rerun(all, b, admitted + replayed));
        code = 1;
        break;
      }
      if (answer.status < 200 || answer.status > 299) {
        bar.done();
        // a refusal (4xx) or a failure on the server (500): rolled back either way
        console.error(
          `${name} ${answer.status >= 500 ? 'failed' : 'was refused'}; nothing of it was recorded.`,
        );
        for (const line of refusalLines(answer, b, read.place)) console.error(line);
        console.error(rerun(all, b, admitted + replayed));
        code = 1;
        break;
      }
      const n = typeof answer.json?.admitted === 'number' ? answer.json.admitted : b.size;
      if (answer.headers.get('idempotency-replayed') === 'true') {
        replayed += n;
        bar.log(
          `${name}: ${n} already admitted (replayed: the server's first answer, nothing recorded again)`,
        );
      } else {
        admitted += n;
        bar.log(`${name}: ${n} admitted`);
      }
      bar.update(b.first + b.size, total, b.n < all.length ? `batch ${b.n + 1}/${all.length}` : '');
    }
  } finally {
    bar.done();
    if (o.user && token) {
      // the token this command made ends with it
      await request(apiUrl(o.server, 'auth/logout'), {
        method: 'POST',
        headers: { 'accept-language': lang, authorization: `Bearer ${token}` },
      }).catch(() => {});
    }
  }
  if (code === 0)
    console.log(
      `Done: ${plural(total, 'admission')} to ${o.facility} in ${plural(all.length, 'batch', 'batches')}: ${admitted} admitted now, ${replayed} already admitted before (replayed).`,
    );
  return code;
}

/** What to do after a batch failed: the batches before it stand. */
function rerun(all: Batch[], failed: Batch, done: number): string {
  const before =
    failed.n === 1
      ? 'No batch was admitted.'
      : `${failed.n === 2 ? 'Batch 1 stands' : `Batches 1-${failed.n - 1} stand`} (${plural(done, 'admission')}); ${failed.n === all.length ? `batch ${failed.n} was` : `batches ${failed.n}-${all.length} were`} not admitted.`;
  return `${before} Run the same command again (the same file, --facility and --batch) to go on: a batch already admitted is answered again by the server, not admitted twice.`;
}

/** Registers `custodia admit`. */
export function admitCommand(cli: Command): void {
  cli
    .command('admit')
    .argument('<file>', 'admissions: a JSON array of bulk items, { "admissions": [...] }, or JSON Lines')
    .description(
      'admit the people of a file through a running server (POST /api/v1/admissions/bulk), in batches that are each all or nothing; safe to run again: a batch already admitted is not admitted twice. Signs in with CUSTODIA_TOKEN, or --user NAME and CUSTODIA_PASSWORD',
    )
    .addOption(
      new Option('--server <url>', 'the server, e.g. http://localhost:3000')
        .env('CUSTODIA_SERVER')
        .makeOptionMandatory(),
    )
    .requiredOption('--facility <code>', 'the facility to admit them to')
    .option('--batch <n>', `admissions a request (1 to ${MAX_BATCH})`, positive(MAX_BATCH), 2000)
    .option('--user <name>', 'sign in as this user, with the password in CUSTODIA_PASSWORD')
    .option(
      '--retry-for <seconds>',
      'how long to keep sending a batch again while the server cannot be reached or answers 502, 503 or 504',
      seconds,
      120,
    )
    .action(async (file: string, o: Options) => {
      process.exitCode = await admitFile(file, o);
    });
}
