import { addLength, addMonths, isoOf, toDay } from './calendar.js';
import { SENTENCE_RULES as R, type SentenceRule } from './rules.js';
import type { ChainFraction, SentenceFacts } from './sentence.js';

/**
 * The release-date calculator: pure, no I/O (docs/sentences.md). Counting conventions:
 *
 * - A sentence starts on its `imposedAt` (S); one consecutive to another starts on the release date
 *   of the sentence it follows (that sentence's chain without it). Its length L in days is the
 *   calendar distance from S to S + years, then months, then days (src/domain/sentences/calendar.ts).
 * - Release date: S + L − credited days − reduced days; concurrent sentences: the latest; life: none.
 * - Credited days: the days of the credits (both ends included) and the days of the custody before
 *   the first sentence on which the person was detained or in pretrial detention. A day
 *   counts once: in a consecutive chain a day credited to an earlier sentence is not credited again.
 *   A credit day on or after S counts too (the contract counts every credit day), and a step says so.
 * - Parole (DL 321): ½ (general) or ⅔ (art. 3) of each sentence's own length, rounded up to a whole
 *   day, summed over the consecutive chain, from the chain's first S, less its credited days; life:
 *   20 or 40 years. Only a chain longer than one year has one. With the `strictest` setting the
 *   chain's strictest fraction applies to its whole length. A person with several chains is eligible
 *   when every chain is (a chain without parole counts from its release).
 *   A chain of 40 years or more may apply after 20 (DL 321 art. 3 inc. 4): said in `legalLimits`,
 *   beside the contract's date.
 * - Sunday leave (DS 518): 12 calendar months before the parole date (a qualified life sentence
 *   bars it: `legalLimits.noLeave`, Código Penal art. 32 bis).
 *
 * The sentences may come in any order: they are put in one canonical order (a followed sentence
 * first, then by imposition date, case reference and id), so the same facts give the same dates.
 */

/** What the custody's own record adds: the day it began and the status it began with. */
export interface CustodyFacts {
  /** the admission's calendar date in the facility's time zone */
  admittedOn: string;
  status: 'detained' | 'pretrial' | 'sentenced';
}

export interface CalculateOptions {
  chainFraction?: ChainFraction;
  /** build the step-by-step explanation (default true; the bench measures both) */
  explain?: boolean;
}

export interface Step {
  rule: string;
  source: string;
  /** message id (src/domain/messages.ts) and its parameters */
  message: string;
  params: Record<string, unknown>;
}

export interface SentenceDates {
  sentenceId: string;
  caseReference: string;
  /** the day it starts running: its imposition, or the release date of the sentence it follows */
  startDate: string | null;
  lengthDays: number | null;
  life: 'simple' | 'qualified' | null;
  creditedDays: number;
  reducedDays: number;
  releaseDate: string | null;
}

/**
 * Where the law goes beyond the contract's arithmetic, said beside the dates rather than in them
 * (the contract fixes the dates so that two implementations agree to the day):
 * `paroleAfterTwentyYears`, the earlier date DL 321 art. 3 inc. 4 allows to chains of 40 years or
 * more; `noLeave`, a qualified life sentence bars every leave (Código Penal art. 32 bis), whatever
 * the Sunday-leave arithmetic gives.
 */
export interface LegalLimits {
  paroleAfterTwentyYears: string | null;
  noLeave: boolean;
}

export interface ReleaseDates {
  legalLimits: LegalLimits;
  releaseDate: string | null;
  paroleEligibilityDate: string | null;
  sundayLeaveDate: string | null;
  creditedDays: number;
  reducedDays: number;
  sentences: SentenceDates[];
  steps: Step[];
}

/** Days as closed ranges [from, to] of day numbers, sorted and disjoint. */
type Days = [number, number][];

function normalise(ranges: [number, number][]): Days {
  if (ranges.length === 0) return [];
  if (ranges.length === 1) {
    const [a, b] = ranges[0] as [number, number];
    return a <= b ? [[a, b]] : [];
  }
  const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: Days = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const count = (d: Days) => d.reduce((s, [a, b]) => s + b - a + 1, 0);

/** `a` without the days of `b`. */
function minus(a: Days, b: Days): Days {
  if (!b.length) return a;
  const out: Days = [];
  for (const [from, to] of a) {
    let start = from;
    for (const [bf, bt] of b) {
      if (bt < start || bf > to) continue;
      if (bf > start) out.push([start, bf - 1]);
      start = Math.max(start, bt + 1);
      if (start > to) break;
    }
    if (start <= to) out.push([start, to]);
  }
  return out;
}

const FRACTION = { general: [1, 2], 'dl321-art3': [2, 3] } as const;
/** ⌈L × n / d⌉ in integers */
const part = (L: number, [n, d]: readonly [number, number]) => Math.floor((L * n + d - 1) / d);

interface Node {
  s: SentenceFacts;
  S: number;
  start: number | null;
  L: number | null;
  /** days credited to this sentence (not to one it follows) */
  credited: Days;
  /** days credited along its consecutive chain, itself included */
  chainCredited: Days;
  reduced: number;
  release: number | null;
  /** the chain that ends here: its first start, its sentences */
  root: number;
  path: Node[];
  followed: boolean;
}

/** The canonical order: a sentence after the one it follows; else by imposition, case, id. */
function order(sentences: SentenceFacts[]): SentenceFacts[] {
  if (sentences.length < 2) return sentences;
  const byId = new Map(sentences.map((s) => [s.id, s]));
  const keys = new Map(sentences.map((s) => [s, `${s.imposedAt}\u0000${s.caseReference}\u0000${s.id}`]));
  const key = (s: SentenceFacts) => keys.get(s) as string;
  const sorted = [...sentences].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const done = new Set<string>();
  const out: SentenceFacts[] = [];
  const visit = (s: SentenceFacts, depth: number) => {
    if (done.has(s.id) || depth > sentences.length) return;
    const to = s.relation ? byId.get(s.relation.to) : undefined;
    if (to && s.relation?.kind === 'consecutive') visit(to, depth + 1);
    if (done.has(s.id)) return;
    done.add(s.id);
    out.push(s);
  };
  for (const s of sorted) visit(s, 0);
  return out;
}

const LIFE_YEARS = { simple: 20, qualified: 40 } as const;
const NO_IDS = { case: '' };

/** The dates of one person's sentences, with the explanation of each step. */
export function calculate(
  sentences: SentenceFacts[],
  custody: CustodyFacts | null,
  options: CalculateOptions = {},
): ReleaseDates {
  const explain = options.explain !== false;
  const strictest = options.chainFraction === 'strictest';
  const steps: Step[] = [];
  const step = (r: SentenceRule, message: string, params: Record<string, unknown>) => {
    if (explain) steps.push({ rule: r.id, source: r.source, message, params });
  };
  const ordered = order(sentences);
  const firstImposed = ordered.reduce((m, s) => Math.min(m, toDay(s.imposedAt)), Number.POSITIVE_INFINITY);
  const pretrialFrom = custody && custody.status !== 'sentenced' ? toDay(custody.admittedOn) : null;
  const nodes = new Map<string, Node>();
  let anyLife = false;

  for (const s of ordered) {
    const S = toDay(s.imposedAt);
    const life = 'life' in s.length ? s.length.life : null;
    const prev = s.relation?.kind === 'consecutive' ? nodes.get(s.relation.to) : undefined;
    if (prev) prev.followed = true;
    const start = prev ? prev.release : S;
    const L = life || start === null ? null : addLength(start, s.length as { years?: number }) - start;
    // credits: the records, and the custody's own days before the first sentence
    const ranges: [number, number][] = s.credits.map((c) => [toDay(c.from), toDay(c.to)]);
    const pretrialTo = Math.min(S, firstImposed) - 1;
    if (pretrialFrom !== null && pretrialFrom <= pretrialTo) ranges.push([pretrialFrom, pretrialTo]);
    const own = normalise(ranges);
    const credited = prev ? minus(own, prev.chainCredited) : own;
    const reduced = s.reductions.reduce((sum, r) => sum + r.days, 0);
    const release = L === null || start === null ? null : start + L - count(credited) - reduced;
    if (life) anyLife = true;
    const node: Node = {
      s,
      S,
      start,
      L,
      credited,
      chainCredited: prev ? normalise([...prev.chainCredited, ...credited]) : credited,
      reduced,
      release,
      root: prev ? prev.root : S,
      path: prev ? [...prev.path] : [],
      followed: false,
    };
    node.path.push(node);
    nodes.set(s.id, node);

    if (explain) {
      const id = { sentence: s.id, case: s.caseReference };
      if (prev)
        step(R.consecutive, 'sentence.step.consecutive', {
          ...id,
          follows: prev.s.caseReference,
          start: start === null ? null : isoOf(start),
        });
      else if (s.relation?.kind === 'concurrent') {
        const to = s.relation.to;
        step(R.concurrent, 'sentence.step.concurrent', {
          ...id,
          with: sentences.find((x) => x.id === to)?.caseReference ?? to,
        });
      }
      if (life) step(R.length, 'sentence.step.life', { ...id, imposedAt: s.imposedAt, life });
      else if (L !== null && start !== null)
        step(R.length, 'sentence.step.length', {
          ...id,
          start: isoOf(start),
          length: s.length,
          end: isoOf(start + L),
          days: L,
        });
      for (const c of s.credits)
        step(R.credit, 'sentence.step.credit', {
          ...id,
          from: c.from,
          to: c.to,
          kind: c.kind,
          reference: c.reference,
          days: Math.max(0, toDay(c.to) - toDay(c.from) + 1),
        });
      for (const c of s.credits)
        if (toDay(c.to) >= S)
          step(R.credit, 'sentence.step.credit-after-start', {
            ...id,
            from: c.from,
            to: c.to,
            imposedAt: s.imposedAt,
          });
      if (pretrialFrom !== null && pretrialFrom <= pretrialTo)
        step(R.pretrial, 'sentence.step.pretrial', {
          ...id,
          from: isoOf(pretrialFrom),
          to: isoOf(pretrialTo),
          days: pretrialTo - pretrialFrom + 1,
        });
      const rawDays =
        s.credits.reduce((n, c) => n + Math.max(0, toDay(c.to) - toDay(c.from) + 1), 0) +
        (pretrialFrom !== null && pretrialFrom <= pretrialTo ? pretrialTo - pretrialFrom + 1 : 0);
      if (rawDays !== count(credited))
        step(R.credit, 'sentence.step.credit-once', { ...id, listed: rawDays, counted: count(credited) });
      for (const r of s.reductions)
        step(R.reduction, 'sentence.step.reduction', {
          ...id,
          days: r.days,
          grantedAt: r.grantedAt,
          reference: r.reference,
        });
      if (release !== null && start !== null && L !== null)
        step(R.release, 'sentence.step.release', {
          ...id,
          start: isoOf(start),
          days: L,
          credited: count(credited),
          reduced,
          release: isoOf(release),
        });
    }
  }

  // release: the latest of the sentences' (none while a life sentence runs)
  const all = [...nodes.values()];
  let release: number | null = null;
  if (!anyLife && all.length) release = Math.max(...all.map((n) => n.release ?? Number.NEGATIVE_INFINITY));
  if (!Number.isFinite(release ?? 0)) release = null;

  // parole: per chain (a sentence nobody follows ends one), then the latest over the chains
  let parole: number | null = null;
  let anyParole = false;
  let latest = Number.NEGATIVE_INFINITY;
  /** the same, with the law's 40-year rule (DL 321 art. 3 inc. 4), which the contract's date leaves out */
  let latestLaw = Number.NEGATIVE_INFINITY;
  for (const leaf of all.filter((n) => !n.followed)) {
    const chainCredited = count(leaf.chainCredited);
    const lifeNode = leaf.path.find((n) => 'life' in n.s.length);
    const ids = explain ? { case: leaf.path.map((n) => n.s.caseReference).join(' → ') } : NO_IDS;
    if (lifeNode) {
      const kind = (lifeNode.s.length as { life: 'simple' | 'qualified' }).life;
      const from = lifeNode.start ?? lifeNode.S;
      const date = addLength(from, { years: LIFE_YEARS[kind] }) - count(lifeNode.credited);
      anyParole = true;
      latest = Math.max(latest, date);
      latestLaw = Math.max(latestLaw, date);
      if (explain)
        step(R.paroleLife, 'sentence.step.parole-life', {
          ...ids,
          life: kind,
          start: isoOf(from),
          years: LIFE_YEARS[kind],
          credited: count(lifeNode.credited),
          date: isoOf(date),
        });
      continue;
    }
    const total = leaf.path.reduce((n, x) => n + (x.L ?? 0), 0);
    const year = addLength(leaf.root, { years: 1 }) - leaf.root;
    if (total <= year || leaf.release === null) {
      if (explain) step(R.paroleThreshold, 'sentence.step.parole-none', { ...ids, days: total, year });
      if (leaf.release !== null) {
        latest = Math.max(latest, leaf.release);
        latestLaw = Math.max(latestLaw, leaf.release);
      }
      continue;
    }
    anyParole = true;
    let served: number;
    if (strictest) {
      const f = leaf.path.some((n) => n.s.offenceCategory === 'dl321-art3')
        ? FRACTION['dl321-art3']
        : FRACTION.general;
      served = part(total, f);
      if (explain)
        step(R.paroleChain, 'sentence.step.parole-strictest', {
          ...ids,
          days: total,
          fraction: `${f[0]}/${f[1]}`,
          served,
        });
    } else {
      served = 0;
      for (const n of leaf.path) {
        const f = FRACTION[n.s.offenceCategory];
        const p = part(n.L ?? 0, f);
        served += p;
        if (explain)
          step(
            n.s.offenceCategory === 'general' ? R.paroleHalf : R.paroleTwoThirds,
            'sentence.step.parole-part',
            {
              case: n.s.caseReference,
              days: n.L,
              fraction: `${f[0]}/${f[1]}`,
              served: p,
            },
          );
      }
    }
    const date = leaf.root + served - chainCredited;
    const forty = addLength(leaf.root, { years: 40 }) - leaf.root;
    const twenty = addLength(leaf.root, { years: 20 }) - chainCredited;
    latest = Math.max(latest, date);
    if (total >= forty && twenty < date) {
      if (explain)
        step(R.paroleForty, 'sentence.step.parole-forty', { ...ids, days: total, date: isoOf(twenty) });
      latestLaw = Math.max(latestLaw, twenty);
    } else latestLaw = Math.max(latestLaw, date);
    if (explain)
      step(R.paroleThreshold, 'sentence.step.parole', {
        ...ids,
        start: isoOf(leaf.root),
        served,
        credited: chainCredited,
        date: isoOf(date),
      });
  }
  if (anyParole) parole = latest;
  const qualified = all.some((n) => 'life' in n.s.length && n.s.length.life === 'qualified');
  if (qualified && parole !== null) step(R.noLeave, 'sentence.step.no-leave', {});
  if (anyParole && latestLaw < latest)
    if (explain) step(R.paroleForty, 'sentence.step.parole-forty-note', { date: isoOf(latestLaw) });
  const sunday = parole === null ? null : addMonths(parole, -12);
  if (sunday !== null)
    if (explain)
      step(R.sundayLeave, 'sentence.step.sunday-leave', {
        parole: isoOf(parole as number),
        date: isoOf(sunday),
      });

  const credited =
    all.length === 1
      ? (all[0] as Node).credited
      : normalise(all.flatMap((n) => n.credited.map(([a, b]) => [a, b] as [number, number])));
  return {
    legalLimits: {
      paroleAfterTwentyYears: anyParole && latestLaw < latest ? isoOf(latestLaw) : null,
      noLeave: qualified,
    },
    releaseDate: release === null ? null : isoOf(release),
    paroleEligibilityDate: parole === null ? null : isoOf(parole),
    sundayLeaveDate: sunday === null ? null : isoOf(sunday),
    creditedDays: count(credited),
    reducedDays: all.reduce((n, x) => n + x.reduced, 0),
    sentences: all.map((n) => ({
      sentenceId: n.s.id,
      caseReference: n.s.caseReference,
      startDate: n.start === null ? null : isoOf(n.start),
      lengthDays: n.L,
      life: 'life' in n.s.length ? n.s.length.life : null,
      creditedDays: count(n.credited),
      reducedDays: n.reduced,
      releaseDate: n.release === null ? null : isoOf(n.release),
    })),
    steps,
  };
}
