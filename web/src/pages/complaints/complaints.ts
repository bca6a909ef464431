/**
 * Requests and complaints as the complaints pages make and show them (docs/complaints.md): the
 * answers' shapes, the request bodies, the form field a refusal names, who may answer which. Pure,
 * so it is tested without a browser.
 */

import type { components } from '../../api-schema.js';
import { zonedToRfc3339 } from '../../zoned.js';

export const ADDRESSEES = ['governor', 'inspector', 'judge'] as const;
export type Addressee = (typeof ADDRESSEES)[number];
export const LIST_STATUSES = ['open', 'answered', 'all'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

/** A complaint as the API answers it (GET /complaints/{id}, and each of GET /complaints). */
export type ComplaintView = components['schemas']['Complaint'];

export const EMPTY_COMPLAINT = {
  addressee: 'governor' as string,
  subject: '',
  text: '',
  confidential: false,
  receivedAt: '',
};
export type ComplaintForm = typeof EMPTY_COMPLAINT;

/** An instant from a wall-clock value in the facility's zone; as typed when it is none, for the server to refuse in words. */
const instant = (local: string, tz: string) => zonedToRfc3339(local, tz) ?? local.trim();

/** POST /complaints: `confidential` only when asked, the time received only when given (now, otherwise). */
export const complaintBody = (personId: string, f: ComplaintForm, tz: string) => ({
  personId,
  addressee: f.addressee,
  subject: f.subject.trim(),
  text: f.text.trim(),
  ...(f.confidential ? { confidential: true } : {}),
  ...(f.receivedAt.trim() ? { receivedAt: instant(f.receivedAt, tz) } : {}),
});

export const EMPTY_RESPONSE = { text: '', respondedAt: '' };
export type ResponseForm = typeof EMPTY_RESPONSE;
/** POST /complaints/{id}/response. */
export const responseBody = (f: ResponseForm, tz: string) => ({
  text: f.text.trim(),
  ...(f.respondedAt.trim() ? { respondedAt: instant(f.respondedAt, tz) } : {}),
});

const FIELDS: Record<string, Record<string, string>> = {
  complaint: {
    personId: 'person',
    addressee: 'addressee',
    subject: 'subject',
    text: 'text',
    confidential: 'confidential',
    receivedAt: 'receivedAt',
  },
  response: { text: 'text', respondedAt: 'respondedAt' },
};

/** The field of a form a violation's subject names (`subject`, `/text`); null: none. */
export function fieldOf(form: 'complaint' | 'response', subject: string | undefined): string | null {
  if (!subject) return null;
  const head = subject.replace(/^\//, '').split(/[./[]/)[0] ?? '';
  return FIELDS[form]?.[head] ?? null;
}

/** The roles that lodge complaints (src/api/routes/complaints.ts): inspectors too. */
export const LODGERS = ['records', 'officer', 'governor', 'inspector'] as const;
export const mayLodge = (roles: readonly string[]) =>
  roles.some((r) => (LODGERS as readonly string[]).includes(r));

/** Who answers a complaint: its addressee (a judge's answer is recorded by the records office or the governor). */
export const ANSWERERS: Record<Addressee, readonly string[]> = {
  governor: ['governor'],
  inspector: ['inspector'],
  judge: ['records', 'governor'],
};
export const mayAnswer = (roles: readonly string[], addressee: Addressee) =>
  roles.some((r) => (ANSWERERS[addressee] ?? []).includes(r));

/** Not answered and past its deadline. */
export const responseLate = (c: Pick<ComplaintView, 'response' | 'responseDue'>, now: number) =>
  !c.response && !!c.responseDue && Date.parse(c.responseDue) < now;

/** The query of GET /complaints: of a facility, by state, to one addressee when chosen ('' for all). */
export const inboxQuery = (facility: string, status: ListStatus, addressee: Addressee | '') => ({
  facility,
  status,
  ...(addressee ? { addressee } : {}),
});
/** GET /complaints with its query, as a path. */
export const inboxPath = (facility: string, status: ListStatus, addressee: Addressee | '') =>
  `/complaints?${new URLSearchParams(inboxQuery(facility, status, addressee))}`;

/** "Family, Given (register number)". */
export const personName = (p: ComplaintView['person']) =>
  `${[p.familyNames, p.givenNames].filter(Boolean).join(', ') || '—'}${p.registerNumber ? ` (${p.registerNumber})` : ''}`;
