/** The helpers of the hand-worked case tables (./*.ts) and their test (../sentence-cases.test.ts). */
import type { CalculateOptions, CustodyFacts } from '../../../src/domain/sentences/calculate.js';
import { SENTENCE_RULES } from '../../../src/domain/sentences/rules.js';
import type {
  Credit,
  CreditKind,
  OffenceCategory,
  Reduction,
  Relation,
  SentenceFacts,
  SentenceLength,
} from '../../../src/domain/sentences/sentence.js';

/**
 * Hand-worked cases for the release-date calculator (src/domain/sentences/calculate.ts). Every
 * expected value was worked out from the counting conventions (docs/sentences.md, the header of
 * calculate.ts), not from the code; the comment above each case shows the arithmetic. Notation:
 * S = imposedAt, L = length in days (calendar distance from the start to start + years, then
 * months, then days), C = credited days, R = reduced days, ⌈x⌉ = rounded up, P = parole date,
 * "Sunday" = P − 12 months. "1y = 365/366" is the number of days from the chain's first start to
 * that day + 1 year: a chain has parole only when its total L is greater.
 */

/** Rule ids the table reads from the rule list (renamed while this was written); the ids fixed for
 * the steps are asserted literally in 'names its steps by the rule ids fixed for them' below. */
export const SUNDAY = SENTENCE_RULES.sundayLeave.id;
export const THRESHOLD = SENTENCE_RULES.paroleThreshold.id;

export const sen = (
  id: string,
  imposedAt: string,
  length: SentenceLength,
  more: {
    cat?: OffenceCategory;
    relation?: Relation;
    credits?: Credit[];
    reductions?: Reduction[];
  } = {},
): SentenceFacts => ({
  id,
  caseReference: `RIT-${id.toUpperCase()}`,
  imposedAt,
  length,
  offenceCategory: more.cat ?? 'general',
  relation: more.relation ?? null,
  credits: more.credits ?? [],
  reductions: more.reductions ?? [],
});
export const credit = (from: string, to: string, kind: CreditKind = 'detention'): Credit => ({
  from,
  to,
  kind,
  reference: `abono ${from}/${to}`,
});
export const reduction = (days: number, grantedAt: string): Reduction => ({
  days,
  grantedAt,
  reference: `decreto ${grantedAt}`,
});
export const after = (to: string): Relation => ({ kind: 'consecutive', to });
export const alongside = (to: string): Relation => ({ kind: 'concurrent', to });
export const custody = (admittedOn: string, status: CustodyFacts['status']): CustodyFacts => ({
  admittedOn,
  status,
});

export interface Case {
  name: string;
  sentences: SentenceFacts[];
  custody?: CustodyFacts;
  options?: CalculateOptions;
  expected: {
    releaseDate: string | null;
    paroleEligibilityDate: string | null;
    sundayLeaveDate: string | null;
    creditedDays: number;
    reducedDays?: number;
  };
  /** per sentence: [startDate, lengthDays, creditedDays, releaseDate] */
  each?: Record<string, [string | null, number | null, number, string | null]>;
  /** what the law adds beside the contract's dates (default: nothing) */
  law?: { paroleAfterTwentyYears: string | null; noLeave: boolean };
  /** rule ids that must appear among the steps, and ones that must not */
  rules?: string[];
  absent?: string[];
}
