/**
 * `npm run bench:sentences`: the release-date calculator (src/domain/sentences/calculate.ts) over
 * 1,000,000 synthetic people on one core, without and with the step-by-step explanation, next to a
 * baseline loop over the same people that only parses two ISO dates per person to day numbers and
 * adds a length to each (same process, same data). The people: 1 to 3 sentences (60 / 30 / 10 %),
 * a second or third one served after an earlier one (half), beside it (a third) or on its own;
 * credits of detention before the sentence for 40 %, a reduction for 10 %, DL 321 art. 3 for 12 %,
 * a life sentence for 1 %, pretrial days of the custody itself for 40 %. Generated in slices of
 * 50,000 people, outside the timed loops. BENCH_SENTENCE_PEOPLE sets the number of people.
 */
import { pathToFileURL } from 'node:url';
import { seeded } from '../src/demo/facilities.js';
import { type CustodyFacts, calculate } from '../src/domain/sentences/calculate.js';
import { isoOf } from '../src/domain/sentences/calendar.js';
import type { SentenceFacts, SentenceLength } from '../src/domain/sentences/sentence.js';

const PEOPLE = Number(process.env.BENCH_SENTENCE_PEOPLE ?? 1_000_000);
const SLICE = 50_000;
const GOAL_MS = 10_000;

interface Person {
  sentences: SentenceFacts[];
  custody: CustodyFacts;
  /** for the baseline: the two dates it parses and the days it adds to them */
  dates: [string, string];
  days: [number, number];
}

const LENGTHS: SentenceLength[] = [
  { days: 61 },
  { days: 300 },
  { days: 541 },
  { days: 818 },
  { years: 2 },
  { years: 3 },
  { years: 3, days: 1 },
  { years: 4, months: 6 },
  { years: 5, days: 1 },
  { years: 7 },
  { years: 10, days: 1 },
  { years: 15 },
  { years: 20 },
];

/** `n` synthetic people, the `from`-th on, always the same for the same numbers. */
function people(from: number, n: number): Person[] {
  const rnd = seeded(from + 1);
  const day0 = 16_436; // 2015-01-01
  const out: Person[] = [];
  for (let k = 0; k < n; k++) {
    const id = from + k;
    const first = day0 + Math.floor(rnd() * 4300);
    const r = rnd();
    const count = r < 0.6 ? 1 : r < 0.9 ? 2 : 3;
    const sentences: SentenceFacts[] = [];
    for (let i = 0; i < count; i++) {
      const S = first + (i ? Math.floor(rnd() * 400) : 0);
      const prev = sentences[i - 1];
      const prevLife = prev && 'life' in prev.length;
      const life = !i && rnd() < 0.01;
      const link = rnd();
      const relation =
        prev && !prevLife && link < 0.5
          ? { kind: 'consecutive' as const, to: prev.id }
          : prev && link < 0.83
            ? { kind: 'concurrent' as const, to: prev.id }
            : null;
      const credits =
        rnd() < 0.4
          ? Array.from({ length: 1 + Math.floor(rnd() * 2) }, (_, c) => {
              const to = S - 1 - c * 200 - Math.floor(rnd() * 30);
              return {
                from: isoOf(to - Math.floor(rnd() * 180)),
                to: isoOf(to),
                kind: 'pretrial-detention' as const,
                reference: `PP-${id}-${i}-${c}`,
              };
            })
          : [];
      sentences.push({
        id: `s${id}-${i}`,
        caseReference: `RIT ${id}-${i}`,
        imposedAt: isoOf(S),
        length: life
          ? { life: rnd() < 0.3 ? 'qualified' : 'simple' }
          : LENGTHS[Math.floor(rnd() * LENGTHS.length)]!,
        offenceCategory: rnd() < 0.12 ? 'dl321-art3' : 'general',
        relation,
        credits,
        reductions: rnd() < 0.1 ? [{ days: 60, grantedAt: isoOf(S + 400), reference: `D-${id}` }] : [],
      });
    }
    const pretrial = rnd() < 0.4;
    const admitted = first - (pretrial ? 30 + Math.floor(rnd() * 300) : Math.floor(rnd() * 3));
    out.push({
      sentences,
      custody: { admittedOn: isoOf(admitted), status: pretrial ? 'pretrial' : 'sentenced' },
      dates: [sentences[0]!.imposedAt, sentences[sentences.length - 1]!.imposedAt],
      days: [500 + (id % 1000), 300 + (id % 700)],
    });
  }
  return out;
}

/** The baseline's own date parsing: the digits of YYYY-MM-DD to a day number (no validation). */
const dayNumber = (s: string) =>
  Date.UTC(
    (s.charCodeAt(0) - 48) * 1000 +
      (s.charCodeAt(1) - 48) * 100 +
      (s.charCodeAt(2) - 48) * 10 +
      s.charCodeAt(3) -
      48,
    (s.charCodeAt(5) - 48) * 10 + s.charCodeAt(6) - 48 - 1,
    (s.charCodeAt(8) - 48) * 10 + s.charCodeAt(9) - 48,
  ) / 86_400_000;

function baseline(ps: Person[]): number {
  let sum = 0;
  for (const p of ps) sum += dayNumber(p.dates[0]) + p.days[0] + (dayNumber(p.dates[1]) + p.days[1]);
  return sum;
}

function run(ps: Person[], explain: boolean): number {
  let sum = 0;
  for (const p of ps) {
    const d = calculate(p.sentences, p.custody, { explain });
    sum += d.creditedDays + d.steps.length + (d.releaseDate ? 1 : 0);
  }
  return sum;
}

export interface SentencesBench {
  people: number;
  sentences: number;
  withRelease: number;
  baselineMs: number;
  quickMs: number;
  explainMs: number;
  steps: number;
}

export function benchSentences(n = PEOPLE): SentencesBench {
  // warm up every path
  const warm = people(10_000_000, 20_000);
  for (let i = 0; i < 3; i++) {
    baseline(warm);
    run(warm, false);
    run(warm, true);
  }
  const r: SentencesBench = {
    people: 0,
    sentences: 0,
    withRelease: 0,
    baselineMs: 0,
    quickMs: 0,
    explainMs: 0,
    steps: 0,
  };
  let sink = 0;
  for (let from = 0; from < n; from += SLICE) {
    const ps = people(from, Math.min(SLICE, n - from));
    r.people += ps.length;
    for (const p of ps) r.sentences += p.sentences.length;
    let t = performance.now();
    sink += baseline(ps);
    r.baselineMs += performance.now() - t;
    t = performance.now();
    sink += run(ps, false);
    r.quickMs += performance.now() - t;
    t = performance.now();
    sink += run(ps, true);
    r.explainMs += performance.now() - t;
    // what the people come to (outside the timings)
    for (const p of ps.slice(0, 2000)) {
      const d = calculate(p.sentences, p.custody, { explain: true });
      r.steps += d.steps.length;
      if (d.releaseDate) r.withRelease++;
    }
  }
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return r;
}

export function sentencesTable(r: SentencesBench): string {
  const f = (x: number, d = 0) =>
    x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const sampled = Math.min(r.people, Math.ceil(r.people / SLICE) * 2000);
  const row = (label: string, ms: number) =>
    `| ${label} | ${f(ms)} | ${f(r.people / (ms / 1000))} | ${f(ms / r.baselineMs, 1)}× |`;
  return [
    `${f(r.people)} people, ${f(r.sentences)} sentences (${f(r.sentences / r.people, 2)} each); ${f((r.withRelease / sampled) * 100)} % with a release date (the rest serve life); ${f(r.steps / sampled, 1)} explanation steps a person; one core, node ${process.version}`,
    '',
    '| case | ms | people/s | ÷ baseline time |',
    '|---|---:|---:|---:|',
    row(`**calculate, explain: false** (goal ≤ ${f(GOAL_MS / 1000)} s for 1,000,000)`, r.quickMs),
    row('calculate, explain: true', r.explainMs),
    row('baseline: parse two ISO dates to day numbers and add a length to each', r.baselineMs),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`\n## Sentence calculator (node ${process.version})\n`);
  const r = benchSentences();
  console.log(sentencesTable(r));
  const goal = (r.quickMs / r.people) * 1_000_000;
  console.log(
    `\n${goal <= GOAL_MS ? 'within' : 'OVER'} the goal: ${(goal / 1000).toFixed(1)} s a million people (explain: false), goal ${GOAL_MS / 1000} s`,
  );
}
