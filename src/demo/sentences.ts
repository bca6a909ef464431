import type { SentenceImposedPayload } from '../domain/register/events.js';
import { type CustodyFacts, calculate } from '../domain/sentences/calculate.js';
import { addLength, isoOf, toDay } from '../domain/sentences/calendar.js';
import type {
  Credit,
  OffenceCategory,
  Reduction,
  Relation,
  SentenceFacts,
  TemporalLength,
} from '../domain/sentences/sentence.js';

/**
 * Synthetic sentences for the demos: the Chilean centre's (recorded through the store, with credits
 * and reductions) and the national demo's (written with COPY). Only what a Chilean judgment would say:
 * the lengths of the scales of the Código Penal (541 days, 3 years and 1 day, 5 years and 1 day...),
 * oral trial courts, credits of pretrial detention before the sentence, reductions of Ley 19.856.
 */

export const COURTS = [
  '1° Tribunal de Juicio Oral en lo Penal de Santiago',
  '3° Tribunal de Juicio Oral en lo Penal de Santiago',
  '4° Tribunal de Juicio Oral en lo Penal de Santiago',
  '6° Tribunal de Juicio Oral en lo Penal de Santiago',
  'Tribunal de Juicio Oral en lo Penal de Puente Alto',
  'Tribunal de Juicio Oral en lo Penal de San Bernardo',
  'Tribunal de Juicio Oral en lo Penal de Valparaíso',
  'Tribunal de Juicio Oral en lo Penal de Concepción',
] as const;

/** A sentence of the demo: the calculator's facts, and the court that imposed it. */
export type DemoSentence = SentenceFacts & { court: string };

/**
 * `days` days from `start` in the words of a judgment: up to three years in days ("541 días"),
 * longer ones in years, months and days, which come to exactly `days` days from `start`.
 */
export function lengthOf(start: number, days: number): TemporalLength {
  if (days <= 1095) return { days };
  const from = (l: TemporalLength) => addLength(start, l) - start;
  let years = Math.floor(days / 366);
  while (from({ years: years + 1 }) <= days) years++;
  let months = 0;
  while (from({ years, months: months + 1 }) <= days) months++;
  const rest = days - from({ years, months });
  return { years, ...(months ? { months } : {}), ...(rest ? { days: rest } : {}) };
}

/** What `recordSentence` writes into the register for a sentence of custody `custodyId`. */
export const imposedPayload = (
  f: DemoSentence,
  custodyId: string,
  statusBefore: string,
): SentenceImposedPayload => ({
  sentenceId: f.id,
  custodyId,
  caseReference: f.caseReference,
  court: f.court,
  imposedAt: f.imposedAt,
  length: f.length,
  offenceCategory: f.offenceCategory,
  relation: f.relation,
  statusBefore,
});

/** RIT numbers as the courts write them: "RIT 1234-2025". */
const rit = (draw: () => number, year: number) => `RIT ${100 + Math.floor(draw() * 9800)}-${year}`;
const pick = <T>(xs: readonly T[], draw: () => number): T => xs[Math.floor(draw() * xs.length)]!;

// -- the national demo -----------------------------------------------------------------------------

/**
 * The sentences of a custody admitted as sentenced in the national demo, released on `releaseOn`
 * (a day number; the demo's custody ends then): one sentence imposed on `imposedOn` whose release is
 * that day, or (7 %) two: a second sentence served after the first (the two adding up to the same
 * days) or at the same time (ending before it). No credits or reductions: the national demo writes
 * no events for them.
 */
export function nationalSentences(o: {
  ids: () => string;
  /** the admission's legal basis: the first sentence's case */
  reference: string;
  imposedOn: number;
  releaseOn: number;
  draw: () => number;
}): DemoSentence[] {
  const { draw } = o;
  const days = Math.max(1, o.releaseOn - o.imposedOn);
  const year = Number(isoOf(o.imposedOn).slice(0, 4));
  const category = (): OffenceCategory => (draw() < 0.12 ? 'dl321-art3' : 'general');
  const court = pick(COURTS, draw);
  const first = (length: TemporalLength): DemoSentence => ({
    id: o.ids(),
    caseReference: o.reference,
    court,
    imposedAt: isoOf(o.imposedOn),
    length,
    offenceCategory: category(),
    relation: null,
    credits: [],
    reductions: [],
  });
  const r = draw();
  if (r < 0.04 && days > 730) {
    const d1 = Math.round(days * (0.35 + 0.3 * draw()));
    const a = first(lengthOf(o.imposedOn, d1));
    const imposed = o.imposedOn - Math.floor(draw() * 90);
    return [
      a,
      {
        id: o.ids(),
        caseReference: rit(draw, year),
        court: pick(COURTS, draw),
        imposedAt: isoOf(imposed),
        length: lengthOf(o.imposedOn + d1, days - d1),
        offenceCategory: category(),
        relation: { kind: 'consecutive', to: a.id },
        credits: [],
        reductions: [],
      },
    ];
  }
  const a = first(lengthOf(o.imposedOn, days));
  if (r < 0.07 && days > 60) {
    const imposed = o.imposedOn - Math.floor(draw() * 90);
    // it ends before the first: the release stays the first's
    const d2 = Math.max(1, Math.min(Math.round(days * (0.3 + 0.6 * draw())), o.releaseOn - imposed - 1));
    return [
      a,
      {
        id: o.ids(),
        caseReference: rit(draw, year),
        court: pick(COURTS, draw),
        imposedAt: isoOf(imposed),
        length: lengthOf(imposed, d2),
        offenceCategory: category(),
        relation: { kind: 'concurrent', to: a.id },
        credits: [],
        reductions: [],
      },
    ];
  }
  return [a];
}

// -- the Chilean centre ----------------------------------------------------------------------------

/** The lengths Chilean judgments give most often, from presidio menor en grado medio to mayor en grado medio. */
const LENGTHS: [TemporalLength, number][] = [
  [{ days: 541 }, 14],
  [{ days: 818 }, 8],
  [{ years: 2 }, 6],
  [{ years: 3 }, 8],
  [{ years: 3, days: 1 }, 12],
  [{ years: 4 }, 6],
  [{ years: 5 }, 8],
  [{ years: 5, days: 1 }, 12],
  [{ years: 6 }, 4],
  [{ years: 7 }, 4],
  [{ years: 8 }, 3],
  [{ years: 10 }, 3],
  [{ years: 10, days: 1 }, 5],
  [{ years: 12 }, 3],
  [{ years: 15 }, 4],
];
const SHORT = LENGTHS.slice(0, 5);

function weighted<T>(xs: [T, number][], draw: () => number): T {
  let r = draw() * xs.reduce((s, [, w]) => s + w, 0);
  for (const [x, w] of xs) {
    r -= w;
    if (r <= 0) return x;
  }
  return xs[xs.length - 1]![0];
}

/** A person admitted as sentenced to the Chilean centre, as the demo admitted them. */
export interface SentencedAdmission {
  personId: string;
  /** the admission's calendar day and the judgment's (its legal basis: reference, day issued) */
  admittedOn: string;
  reference: string;
  issuedOn: string;
}

/** What the demo records for one person: sentences (a second one may follow or run beside the first), credits, reductions. */
export interface SentencePlan {
  personId: string;
  sentences: DemoSentence[];
  /** the release date the calculator gives (a check on the plan) */
  releaseDate: string;
}

/**
 * The sentences of the people admitted as sentenced to the Chilean centre. `today` is the centre's
 * calendar day. Every release date falls after `today` + 7 days, except `due` people whose release
 * falls in the next days (today + 2 to today + 7): nobody is held past their release date.
 */
export function chileanSentences(
  people: SentencedAdmission[],
  today: string,
  draw: () => number,
  due = 5,
): SentencePlan[] {
  const now = toDay(today);
  let n = 0;
  const ids = () => `demo-${++n}`;
  const court = () => pick(COURTS, draw);
  const category = (): OffenceCategory => (draw() < 0.12 ? 'dl321-art3' : 'general');
  // the longest held take the releases due soon: the least credit brings them there
  const soon = new Set(
    [...people]
      .sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0))
      .slice(0, due)
      .map((p) => p.personId),
  );
  let dueIndex = 0;
  return people.map((p) => {
    const S = toDay(p.issuedOn);
    const year = Number(p.issuedOn.slice(0, 4));
    const facts: CustodyFacts = { admittedOn: p.admittedOn, status: 'sentenced' };
    const first: DemoSentence = {
      id: ids(),
      caseReference: p.reference,
      court: court(),
      imposedAt: p.issuedOn,
      length: soon.has(p.personId) ? { days: 541 } : weighted(LENGTHS, draw),
      offenceCategory: category(),
      relation: null,
      credits: [],
      reductions: [],
    };
    const sentences = [first];
    const credit = (days: number): Credit[] => {
      const out: Credit[] = [];
      const from = S - days;
      // the arrest (a day or two of detention), then the pretrial detention up to the judgment
      if (draw() < 0.4)
        out.push({
          from: isoOf(from - 1 - Math.floor(draw() * 2)),
          to: isoOf(from - 1),
          kind: 'detention',
          reference: `Detención, ${rit(draw, year)}`,
        });
      out.push({
        from: isoOf(from),
        to: isoOf(S - 1),
        kind: 'pretrial-detention',
        reference: `Prisión preventiva, ${rit(draw, year)}, Juzgado de Garantía`,
      });
      return out;
    };
    const release = () => toDay(calculate(sentences, facts, { explain: false }).releaseDate!);

    if (soon.has(p.personId)) {
      // credit enough days of pretrial detention to be released in the coming week
      const target = now + 2 + (dueIndex++ % 6);
      first.credits = [
        {
          from: isoOf(S - (release() - target)),
          to: isoOf(S - 1),
          kind: 'pretrial-detention',
          reference: `Prisión preventiva, ${rit(draw, year)}, Juzgado de Garantía`,
        },
      ];
      return { personId: p.personId, sentences, releaseDate: isoOf(release()) };
    }
    if (draw() < 0.5) first.credits = credit(30 + Math.floor(draw() * 420));
    const r = draw();
    if (r < 0.12) {
      // a second judgment: after the admission, on or before today
      const admitted = toDay(p.admittedOn);
      const imposed = admitted + Math.floor(draw() * (now - admitted + 1));
      sentences.push({
        id: ids(),
        caseReference: rit(draw, Number(isoOf(imposed).slice(0, 4))),
        court: court(),
        imposedAt: isoOf(imposed),
        length: weighted(SHORT, draw),
        offenceCategory: category(),
        relation: { kind: r < 0.07 ? 'consecutive' : 'concurrent', to: first.id },
        credits: [],
        reductions: [],
      });
    }
    // Ley 19.856: two months for a year of outstanding behaviour, granted to a few held long enough
    if (now - S >= 300 && draw() < 0.25) {
      const grantedAt = isoOf(now - Math.floor(draw() * Math.min(90, now - S - 300)));
      first.reductions = [
        {
          days: 60,
          grantedAt,
          reference: `Decreto exento ${1000 + Math.floor(draw() * 8000)}/${grantedAt.slice(0, 4)}`,
        },
      ];
    }
    // nobody released in the coming week but the people chosen for it, nobody held past the date:
    // credit fewer days, then none, then no reduction
    const floor = now + 8;
    while (release() < floor) {
      const pre = first.credits.find((c) => c.kind === 'pretrial-detention');
      const short = floor - release();
      if (pre && toDay(pre.to) - toDay(pre.from) + 1 > short) {
        pre.from = isoOf(toDay(pre.from) + short);
        first.credits = first.credits.filter((c) => c.kind !== 'detention');
      } else if (first.credits.length) first.credits = [];
      else if (first.reductions.length) first.reductions = [] as Reduction[];
      else break;
    }
    return { personId: p.personId, sentences, releaseDate: isoOf(release()) };
  });
}

/** A relation from a demo id to the id the store gave. */
export const relationTo = (r: Relation | null, ids: Map<string, string>): Relation | undefined =>
  r ? { kind: r.kind, to: ids.get(r.to) ?? r.to } : undefined;
