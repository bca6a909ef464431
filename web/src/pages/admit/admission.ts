/** One admission as the form and the CSV file make it: pure, so it is tested without a browser. */
import { zonedToRfc3339 } from '../../zoned.js';

export const SEXES = ['female', 'male'] as const;
export const STATUSES = ['detained', 'pretrial', 'sentenced'] as const;
export const SECURITY_LEVELS = ['low', 'medium', 'high', 'maximum'] as const;
export const LEGAL_BASIS_KINDS = [
  'arrest',
  'detention-order',
  'pretrial-detention-order',
  'sentence',
] as const;

/**
 * One admission as POST /admissions takes it, without the facility. Its values are what was typed:
 * the server checks them, and names each one it refuses.
 */
export interface AdmissionItem {
  person: { givenNames: string; familyNames: string; dateOfBirth: string; sex: string; nationalId?: string };
  legalBasis?: { kind: string; reference: string; issuedBy: string; issuedAt: string; expiresAt?: string };
  status: string;
  securityLevel?: string;
  groups?: string[];
  cell?: string;
}

/** A legal basis time as the server takes it: a date, an RFC 3339 time, or a local time made one. */
export function toServerTime(value: string, timeZone: string): string | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(v)) return v;
  return zonedToRfc3339(v, timeZone);
}

/** `F`, `m`, `Female`…: the sex the server knows; anything else as written (for the server to refuse). */
const SEX_ALIASES: Record<string, string> = { f: 'female', m: 'male', female: 'female', male: 'male' };
export const sexOf = (s: string) => SEX_ALIASES[s.trim().toLowerCase()] ?? s.trim();

/** Group codes separated by commas, semicolons, bars or spaces. */
export const splitGroups = (s: string) =>
  s
    .split(/[,;|\s]+/)
    .map((g) => g.trim())
    .filter(Boolean);

/** The admission form's fields, all text as typed. */
export const EMPTY_FORM = {
  givenNames: '',
  familyNames: '',
  dateOfBirth: '',
  sex: '',
  nationalId: '',
  lbKind: '',
  lbReference: '',
  lbIssuedBy: '',
  lbIssuedAt: '',
  lbExpiresAt: '',
  status: '',
  securityLevel: '',
  groups: '',
  cell: '',
};
export type AdmissionForm = typeof EMPTY_FORM;
export type FormField = keyof AdmissionForm;

const FIELD_OF_SUBJECT: Record<string, FormField> = {
  'person.givenNames': 'givenNames',
  'person.familyNames': 'familyNames',
  'person.dateOfBirth': 'dateOfBirth',
  'person.sex': 'sex',
  'person.nationalId': 'nationalId',
  legalBasis: 'lbKind',
  'legalBasis.kind': 'lbKind',
  'legalBasis.reference': 'lbReference',
  'legalBasis.issuedBy': 'lbIssuedBy',
  'legalBasis.issuedAt': 'lbIssuedAt',
  'legalBasis.expiresAt': 'lbExpiresAt',
  status: 'status',
  securityLevel: 'securityLevel',
  groups: 'groups',
  cell: 'cell',
};

/** The form field a violation's subject names (`person.dateOfBirth` → dateOfBirth; `groups[1]` → groups). */
export function fieldOf(subject: string | undefined): FormField | null {
  if (!subject) return null;
  return FIELD_OF_SUBJECT[subject.replace(/\[\d+\]$/, '')] ?? null;
}

/**
 * The request body of the form, its times read on the wall clock of `timeZone`. Every legal basis
 * field blank: no legal basis at all (which the server refuses, in words). `withCell` false: the
 * allocator is asked to choose (the preview).
 */
export function buildAdmission(f: AdmissionForm, timeZone: string, withCell: boolean): AdmissionItem {
  const lbFields = [f.lbKind, f.lbReference, f.lbIssuedBy, f.lbIssuedAt, f.lbExpiresAt];
  const groups = splitGroups(f.groups);
  const time = (v: string) => zonedToRfc3339(v, timeZone) ?? v;
  return {
    person: {
      givenNames: f.givenNames.trim(),
      familyNames: f.familyNames.trim(),
      dateOfBirth: f.dateOfBirth,
      sex: f.sex,
      ...(f.nationalId.trim() ? { nationalId: f.nationalId.trim() } : {}),
    },
    ...(lbFields.some((v) => v.trim())
      ? {
          legalBasis: {
            kind: f.lbKind,
            reference: f.lbReference.trim(),
            issuedBy: f.lbIssuedBy.trim(),
            issuedAt: time(f.lbIssuedAt),
            ...(f.lbExpiresAt ? { expiresAt: time(f.lbExpiresAt) } : {}),
          },
        }
      : {}),
    status: f.status,
    ...(f.securityLevel ? { securityLevel: f.securityLevel } : {}),
    ...(groups.length ? { groups } : {}),
    ...(withCell && f.cell.trim() ? { cell: f.cell.trim() } : {}),
  };
}

/** "Given Family", as the page names a person it admitted. */
export const nameOf = (a: AdmissionItem) => `${a.person.givenNames} ${a.person.familyNames}`;
