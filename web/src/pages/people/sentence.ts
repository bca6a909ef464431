/**
 * Sentences as the person record's forms make them and its section shows them: the request bodies,
 * the form field a refusal names, a length in words. Pure, so it is tested without a browser.
 */

import type {
  CreditKind,
  OffenceCategory,
  SentenceLength,
} from '../../../../src/domain/sentences/sentence.js';
import type { components } from '../../api-schema.js';

export const OFFENCE_CATEGORIES = ['general', 'dl321-art3'] as const satisfies readonly OffenceCategory[];
export const CREDIT_KINDS = [
  'detention',
  'pretrial-detention',
  'house-arrest',
] as const satisfies readonly CreditKind[];
export const LENGTH_KINDS = ['temporal', 'life-simple', 'life-qualified'] as const;
export const RELATION_KINDS = ['consecutive', 'concurrent'] as const;

/** One sentence of GET /people/{id}/release-dates. */
export type SentenceView = components['schemas']['SentenceWithDates'];
/** The dates a write answers (POST /sentences and its credits, reductions, corrections). */
export type Dates = components['schemas']['SentenceChange'];
/** GET /people/{id}/release-dates: the dates, the sentences, and each step explained (in the language asked). */
export type ReleaseDatesAnswer = components['schemas']['ReleaseDates'];
/** POST /sentences: the new sentence, its dates, and what the housing rules found (a sentenced person in a cell not for them). */
export type SentenceRecorded = components['schemas']['SentenceRecorded'];

/** Whether the user may record sentences, credits and reductions (the server still checks scope). */
export const canSentence = (me: { can: { recordSentence: boolean } }): boolean => me.can.recordSentence;

/** The sentence form's fields, all text as typed. */
export const EMPTY_SENTENCE = {
  caseReference: '',
  court: '',
  imposedAt: '',
  lengthKind: 'temporal' as string,
  years: '',
  months: '',
  days: '',
  offenceCategory: 'general' as string,
  relationKind: '',
  relationTo: '',
};
export type SentenceForm = typeof EMPTY_SENTENCE;

export const EMPTY_CREDIT = {
  sentenceId: '',
  from: '',
  to: '',
  kind: 'pretrial-detention' as string,
  reference: '',
};
export type CreditForm = typeof EMPTY_CREDIT;

export const EMPTY_REDUCTION = { sentenceId: '', days: '', grantedAt: '', reference: '' };
export type ReductionForm = typeof EMPTY_REDUCTION;

/** A whole number as typed becomes one; anything else is sent as written, for the server to refuse in words. */
const whole = (s: string): number | string => (/^\s*\d+\s*$/.test(s) ? Number(s) : s.trim());

/**
 * POST /sentences. A temporal length with nothing typed is sent as zero, which the server refuses
 * in words ("a temporal sentence needs years, months or days").
 */
export function sentenceBody(personId: string, f: SentenceForm) {
  let length: Record<string, unknown>;
  if (f.lengthKind === 'life-simple') length = { life: 'simple' };
  else if (f.lengthKind === 'life-qualified') length = { life: 'qualified' };
  else {
    length = {};
    for (const k of ['years', 'months', 'days'] as const) if (f[k].trim()) length[k] = whole(f[k]);
    if (!Object.keys(length).length) length = { years: 0, months: 0, days: 0 };
  }
  return {
    personId,
    caseReference: f.caseReference.trim(),
    court: f.court.trim(),
    imposedAt: f.imposedAt,
    length,
    offenceCategory: f.offenceCategory,
    ...(f.relationKind ? { relation: { kind: f.relationKind, to: f.relationTo } } : {}),
  };
}

/** POST /sentences/{id}/credits. */
export const creditBody = (f: CreditForm) => ({
  from: f.from,
  to: f.to,
  kind: f.kind,
  reference: f.reference.trim(),
});

/** POST /sentences/{id}/reductions. */
export const reductionBody = (f: ReductionForm) => ({
  days: whole(f.days),
  grantedAt: f.grantedAt,
  reference: f.reference.trim(),
});

const SENTENCE_FIELDS: Record<string, keyof SentenceForm> = {
  caseReference: 'caseReference',
  court: 'court',
  imposedAt: 'imposedAt',
  length: 'years',
  'length.years': 'years',
  'length.months': 'months',
  'length.days': 'days',
  'length.life': 'lengthKind',
  offenceCategory: 'offenceCategory',
  relation: 'relationKind',
  'relation.kind': 'relationKind',
  'relation.to': 'relationTo',
};
const CREDIT_FIELDS: Record<string, keyof CreditForm> = {
  from: 'from',
  to: 'to',
  kind: 'kind',
  reference: 'reference',
  sentenceId: 'sentenceId',
};
const REDUCTION_FIELDS: Record<string, keyof ReductionForm> = {
  days: 'days',
  grantedAt: 'grantedAt',
  reference: 'reference',
  sentenceId: 'sentenceId',
};
const FIELDS = { sentence: SENTENCE_FIELDS, credit: CREDIT_FIELDS, reduction: REDUCTION_FIELDS };

/** The field of a form that a violation's subject names (`relation.to` → relationTo); null: none of them. */
export function fieldOf<F extends keyof typeof FIELDS>(
  form: F,
  subject: string | undefined,
): keyof (typeof FIELDS)[F] | null {
  if (!subject) return null;
  const map = FIELDS[form] as Record<string, string>;
  return (map[subject] as keyof (typeof FIELDS)[F] | undefined) ?? null;
}

/**
 * The fields of a form that the violations name, to be marked invalid: a length refused as a whole
 * marks its years, months and days.
 */
export function invalidFields<F extends keyof typeof FIELDS>(
  form: F,
  violations: { subject?: string }[],
): Set<string> {
  const out = new Set<string>();
  for (const v of violations) {
    if (form === 'sentence' && v.subject === 'length')
      for (const k of ['years', 'months', 'days']) out.add(k);
    const f = fieldOf(form, v.subject);
    if (f) out.add(String(f));
  }
  return out;
}

/** A length's parts as message keys (of the sentences namespace) with their counts, or a life sentence's key. */
export function lengthParts(length: SentenceLength | null | undefined): { key: string; count?: number }[] {
  if (!length) return [];
  if ('life' in length) return [{ key: `length.life.${length.life}` }];
  const parts = (['years', 'months', 'days'] as const)
    .filter((k) => (length[k] ?? 0) > 0)
    .map((k) => ({ key: `length.${k}`, count: length[k] }));
  return parts.length ? parts : [{ key: 'length.none' }];
}

type Translate = (key: string, opts: { count?: number }) => string;

/** "5 años y 3 meses", "Presidio perpetuo calificado": `t` of any namespace (keys are named with theirs). */
export function lengthWords(length: SentenceLength | null | undefined, t: Translate, lang: string): string {
  const words = lengthParts(length).map((p) =>
    t(`sentences:${p.key}`, p.count === undefined ? {} : { count: p.count }),
  );
  if (!words.length) return '—';
  return new Intl.ListFormat(lang === 'es' ? 'es' : 'en', { type: 'conjunction' }).format(words);
}
