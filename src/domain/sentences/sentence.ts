import { refuse, type Violation } from '../violation.js';

/**
 * A sentence as the register knows it, and the checks made before one is recorded (no I/O: the
 * store hands over what it looked up). Refusals, each with its rule id:
 *
 * - `sentence-length-empty` (409): a temporal sentence of no years, months or days.
 * - `sentence-in-future` (409): imposed after today (in the facility's calendar).
 * - `sentence-relation-other-person` (409): a chain links only one person's sentences;
 *   `sentence-relation-other-custody` (409): and only those of one custody.
 * - `sentence-already-followed` (409): one sentence is followed by one other (link to the last).
 * - `sentence-relation-cycle` (409): a sentence cannot follow itself through a chain.
 * - `sentence-consecutive-to-life` (409): nothing follows a life sentence (it has no end).
 * - `credit-range-reversed` (409): a credit that ends before it starts.
 * - `reduction-before-sentence` (409): a reduction granted before the sentence was imposed.
 * - `reduction-in-future` (409): a reduction granted after today.
 */

export const OFFENCE_CATEGORIES = ['general', 'dl321-art3'] as const;
export const CREDIT_KINDS = ['detention', 'pretrial-detention', 'house-arrest'] as const;
export const LIFE_KINDS = ['simple', 'qualified'] as const;
export const RELATION_KINDS = ['consecutive', 'concurrent'] as const;
/** How the parole fraction of a chain is read: each sentence its own (default), or the strictest for all. */
export const CHAIN_FRACTIONS = ['per-sentence', 'strictest'] as const;

export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];
export type CreditKind = (typeof CREDIT_KINDS)[number];
export type ChainFraction = (typeof CHAIN_FRACTIONS)[number];
export type TemporalLength = { years?: number; months?: number; days?: number };
export type SentenceLength = TemporalLength | { life: (typeof LIFE_KINDS)[number] };
export interface Relation {
  kind: (typeof RELATION_KINDS)[number];
  to: string;
}

export interface Credit {
  from: string;
  to: string;
  kind: CreditKind;
  reference: string;
}

export interface Reduction {
  days: number;
  grantedAt: string;
  reference: string;
}

/** A sentence with its credits and reductions: what the calculator reads. */
export interface SentenceFacts {
  id: string;
  caseReference: string;
  court?: string;
  imposedAt: string;
  length: SentenceLength;
  offenceCategory: OffenceCategory;
  relation: Relation | null;
  credits: Credit[];
  reductions: Reduction[];
}

export const isLife = (l: SentenceLength): l is { life: 'simple' | 'qualified' } => 'life' in l;

/** Refuses a sentence's own facts: an empty length, an imposition after `today`. */
export function checkSentence(s: { imposedAt: string; length: SentenceLength }, today: string): void {
  const v: Violation[] = [];
  if (!isLife(s.length) && !(s.length.years || s.length.months || s.length.days))
    v.push({ rule: 'sentence-length-empty', subject: 'length' });
  if (s.imposedAt > today)
    v.push({ rule: 'sentence-in-future', subject: 'imposedAt', params: { imposedAt: s.imposedAt, today } });
  if (v.length) throw refuse(v);
}

/**
 * Refuses a link from sentence `id` (of `own`: a person and custody) to `target`: another person's,
 * another custody's (a chain runs within one custody), a life sentence followed, a sentence another
 * already follows (two would start on the same day: link to the last one), or a cycle through the
 * person's other sentences (`sentences`, each with its relation).
 */
export function checkRelation(
  id: string,
  own: { personId: string; custodyId: string },
  relation: Relation,
  target: { personId: string; custodyId: string; length: SentenceLength },
  sentences: { id: string; relation: Relation | null }[],
): void {
  const no = (rule: string, params: Record<string, unknown> = {}) =>
    refuse([{ rule, subject: 'relation.to', params: { to: relation.to, ...params } }]);
  if (target.personId !== own.personId) throw no('sentence-relation-other-person');
  if (target.custodyId !== own.custodyId) throw no('sentence-relation-other-custody');
  if (relation.kind === 'consecutive' && isLife(target.length)) throw no('sentence-consecutive-to-life');
  const follower = sentences.find(
    (s) => s.id !== id && s.relation?.kind === 'consecutive' && s.relation.to === relation.to,
  );
  if (relation.kind === 'consecutive' && follower) throw no('sentence-already-followed', { by: follower.id });
  const next = new Map(sentences.map((s) => [s.id, s.relation?.to]));
  next.set(id, relation.to);
  let at: string | undefined = relation.to;
  for (let i = 0; at !== undefined && i <= next.size; i++) {
    if (at === id) throw no('sentence-relation-cycle');
    at = next.get(at);
  }
}

/** Refuses making sentence `id` a life sentence while another follows it. */
export function checkLifeFollowed(
  id: string,
  length: SentenceLength,
  sentences: { id: string; relation: Relation | null }[],
): void {
  if (!isLife(length)) return;
  const follower = sentences.find((s) => s.relation?.kind === 'consecutive' && s.relation.to === id);
  if (follower)
    throw refuse([
      { rule: 'sentence-consecutive-to-life', subject: 'length', params: { to: id, by: follower.id } },
    ]);
}

/**
 * Refuses a credit whose range is reversed. A credit reaching the sentence's day is recorded (the
 * contract counts every credit day) and the explanation says so.
 */
export function checkCredit(c: { from: string; to: string }): void {
  if (c.to < c.from)
    throw refuse([{ rule: 'credit-range-reversed', subject: 'to', params: { from: c.from, to: c.to } }]);
}

/** Refuses a reduction granted before the sentence, or after `today`. */
export function checkReduction(r: { grantedAt: string }, imposedAt: string, today: string): void {
  if (r.grantedAt < imposedAt)
    throw refuse([
      {
        rule: 'reduction-before-sentence',
        subject: 'grantedAt',
        params: { grantedAt: r.grantedAt, imposedAt },
      },
    ]);
  if (r.grantedAt > today)
    throw refuse([
      { rule: 'reduction-in-future', subject: 'grantedAt', params: { grantedAt: r.grantedAt, today } },
    ]);
}
