import { parseInstant } from '../time.js';
import { fieldPath, RuleError, type Violation } from '../violation.js';

export const LEGAL_BASIS_KINDS = [
  'arrest',
  'detention-order',
  'pretrial-detention-order',
  'sentence',
] as const;
/** What may justify a release: a release order, or any of the admission bases (e.g. a sentence served). */
export const RELEASE_BASIS_KINDS = ['release-order', ...LEGAL_BASIS_KINDS] as const;
export const STATUSES = ['detained', 'pretrial', 'sentenced'] as const;
export const SECURITY_LEVELS = ['low', 'medium', 'high', 'maximum'] as const;
export const SEXES = ['female', 'male'] as const;

export type LegalBasisKind = (typeof LEGAL_BASIS_KINDS)[number];
export type Status = (typeof STATUSES)[number];
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];
export type Sex = (typeof SEXES)[number];

export interface LegalBasisInput {
  kind: LegalBasisKind | 'release-order';
  reference: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt?: string;
}

export interface PersonInput {
  givenNames: string;
  familyNames: string;
  dateOfBirth: string;
  sex: Sex | 'F' | 'M';
  nationalId?: string;
  /** ISO 3166-1 alpha-2: a foreign national is told of the right to contact the consul (Mandela Rule 62) */
  nationality?: string;
}

export interface AdmissionInput {
  person: PersonInput;
  personId?: string;
  legalBasis?: LegalBasisInput | null;
  status: Status;
  groups?: string[];
  securityLevel?: SecurityLevel;
  cell?: string;
  admittedAt?: string;
  /** cell attributes the person needs, e.g. `accessible` */
  needs?: string[];
  /** injuries or signs of ill-treatment seen at admission: opens a report duty (Mandela Rule 34) */
  injuries?: string;
}

/** A legal basis as recorded: times normalised to UTC instants. */
export interface LegalBasis {
  kind: LegalBasisKind | 'release-order';
  reference: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt: string | null;
}

export interface Person {
  givenNames: string;
  familyNames: string;
  dateOfBirth: string;
  sex: Sex;
  nationalId: string | null;
  /** present only when the admission gave it (earlier events have none) */
  nationality?: string;
}

/** An admission that passed the checks that need no database. */
export interface CheckedAdmission {
  person: Person;
  personId: string | null;
  legalBasis: LegalBasis;
  status: Status;
  groups: string[];
  securityLevel: SecurityLevel | null;
  cell: string | null;
  admittedAt: Date;
  needs: string[];
  /** under 21 at admission: housed apart from adults (Mandela rule 11) */
  young: boolean;
  injuries: string | null;
}

/** An ISO 3166-1 alpha-2 country code, as a nationality is recorded. */
export const ISO_COUNTRY = /^[A-Z]{2}$/;

export const normaliseSex = (s: PersonInput['sex']): Sex => (s === 'F' ? 'female' : s === 'M' ? 'male' : s);

/** Checks a legal basis against the moment it is used; returns the recorded form or violations. */
export function checkLegalBasis(
  lb: LegalBasisInput | null | undefined,
  at: Date,
  tz: string,
  subject: string,
): { legalBasis: LegalBasis | null; violations: Violation[] } {
  if (!lb) return { legalBasis: null, violations: [{ rule: 'legal-basis-required', subject }] };
  const violations: Violation[] = [];
  const issuedAt = parseInstant(lb.issuedAt, tz);
  const expiresAt = lb.expiresAt === undefined ? null : parseInstant(lb.expiresAt, tz);
  if (!issuedAt) {
    violations.push(badTime(fieldPath(subject, 'issuedAt'), lb.issuedAt));
  } else if (issuedAt > at) {
    violations.push({
      rule: 'legal-basis-not-yet-issued',
      subject: fieldPath(subject, 'issuedAt'),
      params: { reference: lb.reference, issuedAt: lb.issuedAt, at: at.toISOString() },
    });
  }
  if (lb.expiresAt !== undefined && !expiresAt) {
    violations.push(badTime(fieldPath(subject, 'expiresAt'), lb.expiresAt));
  } else if (expiresAt && expiresAt <= at) {
    violations.push({
      rule: 'legal-basis-expired',
      subject: fieldPath(subject, 'expiresAt'),
      params: { reference: lb.reference, expiresAt: lb.expiresAt, at: at.toISOString() },
    });
  }
  if (violations.length) return { legalBasis: null, violations };
  return {
    legalBasis: {
      kind: lb.kind,
      reference: lb.reference,
      issuedBy: lb.issuedBy,
      issuedAt: issuedAt!.toISOString(),
      expiresAt: expiresAt ? expiresAt.toISOString() : null,
    },
    violations: [],
  };
}

function badTime(subject: string, value: string): Violation {
  return {
    rule: 'invalid-field',
    subject,
    params: { field: subject, problem: `"${value}" is not an RFC 3339 time or a date` },
  };
}

/** When something happens: the given time (not in the future) or now. */
export function effectiveTime(
  text: string | undefined,
  now: Date,
  tz: string,
  subject: string,
): { at: Date | null; violations: Violation[] } {
  if (text === undefined) return { at: now, violations: [] };
  const at = parseInstant(text, tz);
  if (!at) return { at: null, violations: [badTime(subject, text)] };
  if (at.getTime() > now.getTime())
    return { at: null, violations: [{ rule: 'future-time', subject, params: { at: text } }] };
  return { at, violations: [] };
}

/**
 * The checks of one admission that need no database: a legal basis is present and valid at the
 * time of admission, and the times make sense. Violations with rule `invalid-field` or
 * `future-time` are input errors (400); the others are custody rules (409).
 */
export function checkAdmission(
  input: AdmissionInput,
  now: Date,
  tz: string,
  subject: string,
): { admission: CheckedAdmission | null; violations: Violation[] } {
  const time = effectiveTime(input.admittedAt, now, tz, fieldPath(subject, 'admittedAt'));
  const violations = [...time.violations];
  const lb = checkLegalBasis(input.legalBasis, time.at ?? now, tz, fieldPath(subject, 'legalBasis'));
  violations.push(...lb.violations);
  if (input.person.dateOfBirth > (time.at ?? now).toISOString().slice(0, 10)) {
    violations.push({
      rule: 'invalid-field',
      subject: fieldPath(subject, 'person.dateOfBirth'),
      params: {
        field: fieldPath(subject, 'person.dateOfBirth'),
        problem: 'date of birth after the admission',
      },
    });
  }
  const nationality = input.person.nationality;
  if (nationality !== undefined && !ISO_COUNTRY.test(nationality)) {
    const field = fieldPath(subject, 'person.nationality');
    violations.push({
      rule: 'invalid-field',
      subject: field,
      params: { field, problem: 'not an ISO 3166-1 alpha-2 code (two capital letters)' },
    });
  }
  if (violations.length) return { admission: null, violations };
  const p = input.person;
  return {
    admission: {
      person: {
        givenNames: p.givenNames.trim(),
        familyNames: p.familyNames.trim(),
        dateOfBirth: p.dateOfBirth,
        sex: normaliseSex(p.sex),
        nationalId: p.nationalId?.trim() || null,
        ...(p.nationality ? { nationality: p.nationality } : {}),
      },
      personId: input.personId ?? null,
      legalBasis: lb.legalBasis!,
      status: input.status,
      groups: [...new Set(input.groups ?? [])],
      securityLevel: input.securityLevel ?? null,
      cell: input.cell ?? null,
      admittedAt: time.at!,
      needs: [...new Set(input.needs ?? [])],
      young: ageAt(p.dateOfBirth, time.at!) < 21,
      injuries: input.injuries?.trim() || null,
    },
    violations: [],
  };
}

/** Whole years of age on the date of `at` (UTC). */
export function ageAt(dateOfBirth: string, at: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const ay = at.getUTCFullYear();
  const before = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  return ay - y - (before ? 1 : 0);
}

/** Input problems answer 400; everything else a custody rule refused answers 409. */
export const isInputViolation = (v: Violation) =>
  v.rule === 'invalid-field' ||
  v.rule === 'future-time' ||
  v.rule === 'unknown-cell' ||
  v.rule === 'unknown-group';

/** Refuses when there is any violation: 400 when any is an input problem, 409 otherwise. */
export function refuseIfAny(violations: Violation[]): void {
  if (!violations.length) return;
  throw new RuleError(violations.some(isInputViolation) ? 400 : 409, violations);
}
