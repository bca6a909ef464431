import { fieldPath, type Violation } from '../violation.js';
import type { AdmissionInput, CheckedAdmission } from './admission.js';

/**
 * An admission checked against what is on file about the people admitted: who they are, and their
 * custodies so far. One file follows a person (Mandela Rule 7: the register entry of each person
 * received), and a person is held in one custody at a time. The rules, each refusing the batch:
 *
 * - `invalid-field` on `personId`: an admission naming a person id names someone on file (400).
 * - `national-id-conflict`: a national id on file is that person's only with the same date of birth;
 *   otherwise it is a typing error or someone else's id, never silently merged (409).
 * - `duplicate-in-batch`: a person (by id, or by the national id of someone new) appears once in a
 *   batch (409).
 * - `already-in-custody`: a person already held is not admitted again (409).
 * - `overlapping-custody`: a re-admission is dated after the person's last release, so their
 *   custodies never overlap in the register (409).
 */

/** A person on file, as the rules need them. */
export interface KnownPerson {
  id: string;
  nationalId: string | null;
  dateOfBirth: string;
}

/** One of a person's custodies, open (`releasedAt` null) or ended. */
export interface PastCustody {
  personId: string;
  facility: string;
  releasedAt: Date | null;
}

export interface AdmissionHistory {
  /** the people on file whose id is given or whose national id is given */
  known: KnownPerson[];
  /** every custody of those people */
  custodies: PastCustody[];
}

/** The person ids and national ids an admission batch names: what to look up before `checkHistory`. */
export function namedIn(inputs: AdmissionInput[]): { personIds: string[]; nationalIds: string[] } {
  return {
    personIds: [...new Set(inputs.map((x) => x.personId).filter((x): x is string => !!x))],
    nationalIds: [...new Set(inputs.map((x) => x.person.nationalId?.trim()).filter((x): x is string => !!x))],
  };
}

/**
 * Checks a batch against history. `checked[i]` is the admission `inputs[i]` became when it passed
 * the checks that need no history (absent when it did not); `subject(i)` names it in violations.
 * Answers, per admission, the person on file it admits again (null: someone new, or not resolved),
 * and the violations in the order: identity, duplicates, custodies held, overlaps.
 */
export function checkHistory(
  inputs: AdmissionInput[],
  checked: (CheckedAdmission | undefined)[],
  history: AdmissionHistory,
  subject: (i: number) => string,
): { personIds: (string | null)[]; violations: Violation[] } {
  const violations: Violation[] = [];
  const byId = new Map(history.known.map((p) => [p.id, p]));
  const byNationalId = new Map(history.known.filter((p) => p.nationalId).map((p) => [p.nationalId!, p]));
  const personIds: (string | null)[] = inputs.map((input, i) => {
    if (input.personId) {
      if (!byId.has(input.personId)) {
        violations.push({
          rule: 'invalid-field',
          subject: fieldPath(subject(i), 'personId'),
          params: { field: fieldPath(subject(i), 'personId'), problem: `unknown person ${input.personId}` },
        });
        return null;
      }
      return input.personId;
    }
    const nid = input.person.nationalId?.trim();
    const match = nid ? byNationalId.get(nid) : undefined;
    if (!match) return null;
    if (match.dateOfBirth !== input.person.dateOfBirth) {
      violations.push({
        rule: 'national-id-conflict',
        subject: fieldPath(subject(i), 'person.nationalId'),
        params: { nationalId: nid },
      });
      return null;
    }
    return match.id;
  });

  const seen = new Set<string>();
  const newNationalIds = new Set<string>();
  personIds.forEach((id, i) => {
    const key = id ?? inputs[i]!.person.nationalId?.trim();
    if (!key) return;
    const batch = id ? seen : newNationalIds;
    if (batch.has(key))
      violations.push({ rule: 'duplicate-in-batch', subject: subject(i), params: { person: key } });
    batch.add(key);
  });

  const lastRelease = new Map<string, Date>();
  for (const h of history.custodies) {
    if (!seen.has(h.personId)) continue;
    if (h.releasedAt === null) {
      violations.push({
        rule: 'already-in-custody',
        subject: subject(personIds.indexOf(h.personId)),
        params: { person: h.personId, facility: h.facility },
      });
    } else if (!lastRelease.has(h.personId) || lastRelease.get(h.personId)! < h.releasedAt) {
      lastRelease.set(h.personId, h.releasedAt);
    }
  }
  personIds.forEach((id, i) => {
    const released = id ? lastRelease.get(id) : undefined;
    const a = checked[i];
    if (released && a && a.admittedAt < released) {
      violations.push({
        rule: 'overlapping-custody',
        subject: fieldPath(subject(i), 'admittedAt'),
        params: { at: a.admittedAt.toISOString(), releasedAt: released.toISOString() },
      });
    }
  });
  return { personIds, violations };
}
