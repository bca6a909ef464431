/**
 * `npm run bench:web-projection`: the web page's projection split across workers. The page's own pool
 * (web/src/pages/projection/pool.ts) hands out runs to workers; here node:worker_threads stand in for
 * Web Workers (the worker side is the same `answerRun`, plain TypeScript, the same V8). Times 20 runs
 * of the Chile scenario as shipped and of Chile scaled to about 1,000,000 people × 120 months, on 1
 * worker and on as many as the machine has cores (and twice that), checking that every split gives
 * exactly the single-thread `project()` answer. `--before` also times one run of the person-by-person
 * engine the cohort engine replaced (test/domain/projection-reference.ts), for comparison.
 * `--repeat=N` (default 3): each split is timed N times, interleaved, and the fastest is kept.
 * `--chromium`: the same 20 runs in headless Chromium (/usr/bin/chromium) with real Web Workers
 * running the built worker (web/dist, `npm run build` first), checking each run's series against Node.
 *
 * This file is also the worker: started as a worker thread, it answers run requests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import type { Scenario } from '../src/domain/projection/model.js';
import { project, simulateRun } from '../src/domain/projection/simulate.js';
import { referenceRun } from '../test/domain/projection-reference.js';
import {
  answerRun,
  projectInWorkers,
  type RunAnswer,
  type RunRequest,
  type RunWorker,
  workerCount,
} from '../web/src/pages/projection/pool.js';

/**
 * `k` worker threads, loaded and ready, each behind the part of the Web Worker interface the pool
 * uses. A worker thread does not inherit tsx's loader, so each registers it and then loads this file;
 * that compile is not part of what is timed (a browser loads the worker's bundle from its cache).
 */
async function ready(k: number): Promise<RunWorker[]> {
  const src = JSON.stringify(import.meta.url);
  return Promise.all(
    Array.from({ length: k }, async () => {
      const w = new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${src}, ${src}))`, {
        eval: true,
      });
      const rw: RunWorker = {
        onmessage: null,
        onerror: null,
        postMessage: (req) => w.postMessage(req),
        terminate: () => void w.terminate(),
      };
      await new Promise<void>((resolve, reject) => {
        w.once('message', () => resolve());
        w.once('error', reject);
      });
      w.on('message', (data: RunAnswer) => rw.onmessage?.({ data }));
      w.on('error', (e: Error) => rw.onerror?.({ message: e.message }));
      return rw;
    }),
  );
}

/** Chile, its flows × k (so about 62,323 × k people) over `months`. */
function chile(k: number, months: number): Scenario {
  const s = JSON.parse(readFileSync(new URL('../data/scenarios/chile-2025.json', import.meta.url), 'utf8'));
  const c = s as Scenario;
  return {
    ...c,
    id: k === 1 ? c.id : `${c.id}-x${k}`,
    months,
    initial: {
      detained: c.initial.detained * k,
      pretrial: c.initial.pretrial * k,
      sentenced: c.initial.sentenced * k,
    },
    capacity: c.capacity * k,
    admissionsPerMonth: (c.admissionsPerMonth as number) * k,
    levers: c.levers.map((l) => (l.kind === 'capacity' ? { ...l, places: l.places * k } : l)),
    runs: 20,
  };
}

interface Row {
  case: string;
  workers: number;
  ms: number;
  /** CPU time of the whole process (every thread) over the same span */
  cpuMs: number;
  same: boolean;
}

async function time(s: Scenario, workers: number, expected: string): Promise<Row> {
  const pool = await ready(workers);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const job = projectInWorkers(s, workers, () => pool.pop()!);
  const p = await job.result;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { case: s.id, workers: job.workers, ms, cpuMs, same: JSON.stringify(p) === expected };
}

/** Page-side pool in plain JavaScript (a string, so no bundler helper leaks into the page). */
const PAGE_POOL = `async ({ scenario, workers, worker }) => {
  const made = Array.from({ length: workers }, () => new Worker(worker, { type: 'module' }));
  const t0 = performance.now();
  const inside = new Array(scenario.runs);
  let next = 0;
  let done = 0;
  await new Promise((resolve, reject) => {
    for (const w of made) {
      w.onmessage = (e) => {
        if (e.data.error) return reject(new Error(e.data.error));
        inside[e.data.run] = Array.from(e.data.series.inside);
        if (++done === scenario.runs) resolve();
        else if (next < scenario.runs) w.postMessage({ scenario, run: next++ });
      };
      w.onerror = (e) => reject(new Error(e.message));
      w.postMessage({ scenario, run: next++ });
    }
  });
  const ms = performance.now() - t0;
  for (const w of made) w.terminate();
  return { ms, inside, cores: navigator.hardwareConcurrency };
}`;

/** 20 runs in headless Chromium on 1 and n real Web Workers (the built worker), best of `repeat`. */
async function chromiumRows(s: Scenario, repeat: number): Promise<string[]> {
  const { chromium } = await import('playwright-core');
  const dist = new URL('../web/dist/assets/', import.meta.url);
  const asset = readdirSync(dist).find((f) => f.startsWith('projection.worker-') && f.endsWith('.js'));
  if (!asset) throw new Error('no built worker in web/dist/assets: run npm run build first');
  const server = createServer((req, res) => {
    if (req.url === `/assets/${asset}`) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(readFileSync(new URL(asset, dist)));
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html lang="en"><title>bench</title></html>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const out: string[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const node = Array.from({ length: s.runs }, (_, r) => Array.from(simulateRun(s, r).inside));
    const run = (workers: number) =>
      page.evaluate(
        `(${PAGE_POOL})(${JSON.stringify({ scenario: s, workers, worker: `/assets/${asset}` })})`,
      ) as Promise<{
        ms: number;
        inside: number[][];
        cores: number;
      }>;
    await run(2); // warm up the cache and the browser
    const cores = (await run(1)).cores;
    const f = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
    let one = 0;
    for (const w of [...new Set([1, workerCount(cores, s.runs)])]) {
      let best = Number.POSITIVE_INFINITY;
      let same = true;
      for (let k = 0; k < repeat; k++) {
        const r = await run(w);
        best = Math.min(best, r.ms);
        same &&= JSON.stringify(r.inside) === JSON.stringify(node);
      }
      if (w === 1) one = best;
      out.push(
        `| ${s.id} (Chromium) | ${w} | ${f(best)} | ${(one / best).toFixed(2)}× | | ${same ? 'yes (every run, bit for bit)' : 'NO'} |`,
      );
      if (!same) process.exitCode = 1;
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

async function main() {
  const cores = availableParallelism();
  const n = workerCount(cores, 20);
  const f = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const rows: Row[] = [];
  const arg = process.argv.find((a) => a.startsWith('--repeat='));
  const repeat = Math.max(1, Number(arg?.slice('--repeat='.length) ?? 3) || 3);
  const lines: string[] = [];
  for (const s of [chile(1, 60), chile(16, 120)]) {
    const people = s.initial.detained + s.initial.pretrial + s.initial.sentenced;
    const t0 = performance.now();
    const expected = JSON.stringify(project(s)); // one thread, no workers: the reference answer
    const inline = performance.now() - t0;
    lines.push(
      `${s.id}: ${f(people)} people × ${s.months} months × ${s.runs} runs; project() inline ${f(inline)} ms`,
    );
    await time({ ...s, runs: 2 }, 2, JSON.stringify(project({ ...s, runs: 2 }))); // warm up
    // the machine may be shared: each split is timed `repeat` times, interleaved, and the fastest kept
    const best = new Map<number, Row>();
    for (let k = 0; k < repeat; k++)
      for (const w of [...new Set([1, n, 2 * n])]) {
        const r = await time(s, w, expected);
        const b = best.get(w);
        if (!b || r.ms < b.ms) best.set(w, { ...r, same: r.same && (b?.same ?? true) });
        else b.same &&= r.same;
      }
    rows.push(...best.values());
    if (process.argv.includes('--before') && people > 500_000) {
      simulateRun({ ...s, months: 12 }, 0);
      const t1 = performance.now();
      referenceRun(s, 0);
      const one = performance.now() - t1;
      lines.push(
        `${s.id}: the person-by-person engine before issue 18, one run: ${f(one)} ms (× 20 = ${f(one * 20)} ms)`,
      );
    }
  }
  const load = loadavg()[0]!.toFixed(1);
  console.log(
    `\n## Web projection across workers (node ${process.version}, ${cores} cores, load ${load}, best of ${repeat})\n`,
  );
  for (const l of lines) console.log(`- ${l}`);
  console.log(
    '\n| scenario | workers | ms (20 runs, first request to answer) | speed-up vs 1 worker | CPU ms, all threads | same answer as project() |',
  );
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const one = rows.find((x) => x.case === r.case && x.workers === 1)!;
    console.log(
      `| ${r.case} | ${r.workers} | ${f(r.ms)} | ${(one.ms / r.ms).toFixed(2)}× | ${f(r.cpuMs)} | ${r.same ? 'yes' : 'NO'} |`,
    );
  }
  if (process.argv.includes('--chromium'))
    for (const s of [chile(1, 60), chile(16, 120)])
      for (const l of await chromiumRows(s, repeat)) console.log(l);
  if (rows.some((r) => !r.same)) process.exitCode = 1;
}

if (!isMainThread) {
  parentPort?.on('message', (req: RunRequest) => {
    const { answer, transfer } = answerRun(req);
    parentPort?.postMessage(answer, transfer);
  });
  parentPort?.postMessage('ready');
} else await main();
