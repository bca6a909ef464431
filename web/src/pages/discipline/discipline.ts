/**
 * Discipline as the discipline pages make and show it (docs/discipline.md): the answers' shapes, the
 * request bodies, the form field a refusal names, who may write what. Pure, so it is tested without a browser.
 */

import type { OffenceSeverity, SanctionKind } from '../../../../src/domain/register/events-rights.js';
import type { components } from '../../api-schema.js';
import { zonedToRfc3339 } from '../../zoned.js';

export const SEVERITIES: readonly OffenceSeverity[] = ['grave', 'less-grave', 'minor'];
/** What the work list can show: pending is every charge not yet heard. */
export const LIST_STATUSES = ['pending', 'awaiting-notice', 'awaiting-hearing', 'all'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];
export const PLEAS = ['admitted', 'denied', 'none'] as const;
/**
 * The kinds a hearing may impose when the national profile names none: the floor's. A family-contact
 * ban and a reduction of food are never offered (Mandela Rule 43: the server refuses them anyway).
 */
export const FLOOR_SANCTIONS: readonly SanctionKind[] = [
  'warning',
  'loss-of-privileges',
  'visit-restriction',
  'isolation',
];
/** Sanctions that last: they take a number of days (an indefinite one is refused, Mandela Rule 43). */
export const WITH_DAYS: readonly SanctionKind[] = ['loss-of-privileges', 'visit-restriction', 'isolation'];

export type ChargeStatus = ChargeView['status'];

/** A charge as the API answers it (GET /disciplinary-charges/{id}, and each of a facility's list). */
export type ChargeView = components['schemas']['DisciplinaryCharge'];

/** What the pages read of GET /facilities/{code}/discipline-catalogue (not whether it keeps a conduct record). */
export type Catalogue = Omit<components['schemas']['DisciplineCatalogue'], 'conductRecord'>;

/** The sanction kinds the hearing form offers: the profile's catalogue, else the floor's. */
export function sanctionKinds(c: Catalogue | undefined): SanctionKind[] {
  const named = Object.keys(c?.sanctions ?? {}) as SanctionKind[];
  const offered = named.filter((k) => k !== 'family-contact-ban' && k !== 'reduction-of-food');
  return offered.length ? offered : [...FLOOR_SANCTIONS];
}

/** The most days a sanction of a kind may last (the isolation's maximum also bounds the catalogue's). */
export function maxDays(c: Catalogue | undefined, kind: SanctionKind): number | null {
  const own = c?.sanctions?.[kind]?.maxDays ?? null;
  if (kind !== 'isolation') return own;
  const floor = c?.isolation?.maxDays ?? 15;
  return own === null ? floor : Math.min(own, floor);
}

/** An instant from a wall-clock value in the facility's zone; as typed when it is none, for the server to refuse in words. */
const instant = (local: string, tz: string) => zonedToRfc3339(local, tz) ?? local.trim();
/** An optional instant: left out when not given (the server takes now). */
const optional = (name: string, local: string, tz: string) =>
  local.trim() ? { [name]: instant(local, tz) } : {};
/** An optional text: left out when empty. */
const text = (name: string, s: string) => (s.trim() ? { [name]: s.trim() } : {});
/** A whole number as typed becomes one; anything else is sent as written, for the server to refuse in words. */
export const whole = (s: string): number | string => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : s.trim());

/** The charge form, as typed: `offence` is a catalogue code, or '' for one typed in `code`. */
export const EMPTY_CHARGE = {
  incidentReference: '',
  offence: '',
  code: '',
  severity: 'minor' as string,
  description: '',
  occurredAt: '',
};
export type ChargeForm = typeof EMPTY_CHARGE;

/** POST /disciplinary-charges. */
export const chargeBody = (personId: string, f: ChargeForm, tz: string) => ({
  personId,
  incidentReference: f.incidentReference.trim(),
  offence: {
    code: (f.offence || f.code).trim(),
    severity: f.severity,
    description: f.description.trim(),
  },
  occurredAt: instant(f.occurredAt, tz),
});

export const EMPTY_NOTICE = { givenAt: '', language: '' };
export type NoticeForm = typeof EMPTY_NOTICE;
/** POST /disciplinary-charges/{id}/notice: the time only when given (now, otherwise). */
export const noticeBody = (f: NoticeForm, tz: string) => ({
  ...optional('givenAt', f.givenAt, tz),
  language: f.language.trim(),
});

export interface SanctionRow {
  kind: string;
  days: string;
}
export const EMPTY_HEARING = {
  heldAt: '',
  adjudicator: '',
  heard: true,
  outcome: 'proved' as string,
  interpreter: '',
  legalAssistance: '',
  plea: '' as string,
  evidence: '',
  sanctions: [] as SanctionRow[],
};
export type HearingForm = typeof EMPTY_HEARING;

/** POST /disciplinary-charges/{id}/hearing: optional fields only when given; a warning has no days. */
export const hearingBody = (f: HearingForm, tz: string) => ({
  ...optional('heldAt', f.heldAt, tz),
  adjudicator: f.adjudicator.trim(),
  heard: f.heard,
  outcome: f.outcome,
  ...text('interpreter', f.interpreter),
  ...text('legalAssistance', f.legalAssistance),
  ...(f.plea ? { plea: f.plea } : {}),
  ...text('evidence', f.evidence),
  ...(f.sanctions.length
    ? {
        sanctions: f.sanctions.map((s) => ({
          kind: s.kind,
          ...(s.days.trim() ? { days: whole(s.days) } : {}),
        })),
      }
    : {}),
});

export const EMPTY_APPEAL = { lodgedAt: '', grounds: '' };
export type AppealForm = typeof EMPTY_APPEAL;
/** POST /disciplinary-charges/{id}/appeal. */
export const appealBody = (f: AppealForm, tz: string) => ({
  ...optional('lodgedAt', f.lodgedAt, tz),
  grounds: f.grounds.trim(),
});

export const EMPTY_DECISION = { decidedAt: '', decidedBy: '', outcome: 'upheld' as string, reason: '' };
export type DecisionForm = typeof EMPTY_DECISION;
/** POST /disciplinary-charges/{id}/appeal/decision. */
export const decisionBody = (f: DecisionForm, tz: string) => ({
  ...optional('decidedAt', f.decidedAt, tz),
  decidedBy: f.decidedBy.trim(),
  outcome: f.outcome,
  reason: f.reason.trim(),
});

const FIELDS: Record<string, Record<string, string>> = {
  charge: {
    personId: 'person',
    incidentReference: 'incidentReference',
    offence: 'offence',
    code: 'code',
    severity: 'severity',
    description: 'description',
    occurredAt: 'occurredAt',
  },
  notice: { givenAt: 'givenAt', language: 'language' },
  hearing: {
    heldAt: 'heldAt',
    adjudicator: 'adjudicator',
    heard: 'heard',
    outcome: 'outcome',
    interpreter: 'interpreter',
    legalAssistance: 'legalAssistance',
    plea: 'plea',
    evidence: 'evidence',
    sanctions: 'sanctions',
    days: 'sanctions',
    kind: 'sanctions',
  },
  appeal: { lodgedAt: 'lodgedAt', grounds: 'grounds' },
  decision: { decidedAt: 'decidedAt', decidedBy: 'decidedBy', outcome: 'outcome', reason: 'reason' },
};
export type FormName = keyof typeof FIELDS;

/**
 * The field of a form a violation's subject names: `offence/code`, `offence.severity` or `/offence/code`
 * name the offence's own field; `sanctions/1/days` the sanctions. Null: none.
 */
export function fieldOf(form: FormName, subject: string | undefined): string | null {
  if (!subject) return null;
  const map = FIELDS[form] ?? {};
  const parts = subject
    .replace(/^\//, '')
    .split(/[./[\]]/)
    .filter(Boolean);
  const [head = '', second] = parts;
  if (form === 'charge' && head === 'offence' && second && map[second]) return map[second];
  return map[head] ?? null;
}

/**
 * The roles the server lets write (src/api/routes/discipline.ts): a page offers its forms to them
 * only; the server still checks, and its refusal would be shown in words.
 */
export const WRITERS = {
  charge: ['officer', 'governor'],
  notice: ['officer', 'governor'],
  hearing: ['governor'],
  appeal: ['records', 'governor'],
} as const;
export const mayWrite = (roles: readonly string[], what: keyof typeof WRITERS) =>
  roles.some((r) => (WRITERS[what] as readonly string[]).includes(r));

/** The notice is late: not given and past its deadline. */
export const noticeLate = (c: Pick<ChargeView, 'status' | 'noticeDue'>, now: number) =>
  c.status === 'awaiting-notice' && !!c.noticeDue && Date.parse(c.noticeDue) < now;

/** "Family, Given (register number)". */
export const personName = (p: ChargeView['person']) =>
  `${[p.familyNames, p.givenNames].filter(Boolean).join(', ') || '—'}${p.registerNumber ? ` (${p.registerNumber})` : ''}`;

/** The offence's name in the reader's language, from the catalogue; null when the code is not in it. */
export function offenceName(c: Catalogue | undefined, code: string, lang: string): string | null {
  const o = c?.offences.find((x) => x.code === code);
  return o ? (lang === 'es' ? o.name.es : o.name.en) : null;
}
